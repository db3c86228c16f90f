import { Anchor, Button, Card, Group, Modal, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { api, errorMessage } from "../../api/client";
import { useCan } from "../../auth/session";
import { type Column, DataTable } from "../../components/DataTable";
import { formatDate, roleLabels } from "../../components/format";
import { Page } from "../../components/Page";
import type { Role } from "../../../core/access/roles";
import { type Campaign, govKeys, type Overdue, percent, useCampaigns, useOverdue } from "./api";
import { kindLabels } from "./support";

export const roleLabel = (role: string) => (role === "all" ? "All" : (roleLabels[role as Role] ?? role));

function NewCampaign({ onClose }: { onClose: () => void }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [title, setTitle] = useState("");
  const [kind, setKind] = useState<string>("awareness");
  const [dueAt, setDueAt] = useState("");
  const [description, setDescription] = useState("");
  const [error, setError] = useState<string | null>(null);
  const create = async () => {
    setError(null);
    try {
      const c = await api.post<Campaign>("/api/governance/training/campaigns", {
        title,
        kind,
        description,
        dueAt: dueAt ? `${dueAt}T23:59:59Z` : null,
      });
      void queryClient.invalidateQueries({ queryKey: govKeys.all });
      navigate(`/governance/training/${c.id}`);
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <Modal opened onClose={onClose} title="New training campaign" size="lg">
      <Stack>
        <TextInput label="Title" required value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
        <SimpleGrid cols={2}>
          <Select label="Kind" data={Object.entries(kindLabels).map(([value, label]) => ({ value, label }))} value={kind} onChange={(v) => setKind(v ?? "awareness")} allowDeselect={false} />
          <TextInput label="Due date" type="date" value={dueAt} onChange={(e) => setDueAt(e.currentTarget.value)} />
        </SimpleGrid>
        {kind === "management_body" && (
          <Text size="xs" c="dimmed">
            Assigned to the holders of the "Management body member" role; members of the management body must follow training (NIS2 Art. 20(2)).
          </Text>
        )}
        <Textarea label="Description" autosize minRows={3} value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
        {error && (
          <Text c="red" size="sm" role="alert">
            {error}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button disabled={!title.trim()} onClick={create}>
            Create campaign
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Completion per access role across all campaigns. */
function RatesByRole({ campaigns }: { campaigns: Campaign[] }) {
  const totals = new Map<string, { assigned: number; completed: number }>();
  for (const c of campaigns) {
    for (const r of c.rates.byRole) {
      const t = totals.get(r.role) ?? { assigned: 0, completed: 0 };
      totals.set(r.role, { assigned: t.assigned + r.assigned, completed: t.completed + r.completed });
    }
  }
  return (
    <Table fz="sm" aria-label="Completion by role" withTableBorder>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Role</Table.Th>
          <Table.Th ta="right">Assignments</Table.Th>
          <Table.Th ta="right">Completed</Table.Th>
          <Table.Th ta="right">Rate</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {[...totals.entries()].sort().map(([role, t]) => (
          <Table.Tr key={role}>
            <Table.Td>{roleLabel(role)}</Table.Td>
            <Table.Td ta="right">{t.assigned}</Table.Td>
            <Table.Td ta="right">{t.completed}</Table.Td>
            <Table.Td ta="right">{percent(t.assigned ? t.completed / t.assigned : 0, t.assigned)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function TrainingPage() {
  const campaigns = useCampaigns();
  const overdue = useOverdue();
  const canWrite = useCan("compliance:write");
  const [creating, setCreating] = useState(false);
  const columns: Column<Campaign>[] = [
    {
      accessor: "title",
      title: "Campaign",
      sortable: true,
      render: (c) => (
        <Anchor component={Link} to={`/governance/training/${c.id}`} fw={600} size="sm">
          {c.title}
        </Anchor>
      ),
    },
    { accessor: "kind", title: "Kind", sortable: true, render: (c) => kindLabels[c.kind] ?? c.kind },
    { accessor: "dueAt", title: "Due", sortable: true, render: (c) => formatDate(c.dueAt) },
    {
      accessor: "rates.overall.rate",
      title: "Completed",
      sortable: true,
      render: (c) => `${percent(c.rates.overall.rate, c.rates.overall.assigned)} (${c.rates.overall.completed}/${c.rates.overall.assigned})`,
    },
    { accessor: "overdue", title: "Overdue", render: (c) => c.assignees.filter((a) => a.status === "overdue").length || "—" },
  ];
  const overdueColumns: Column<Overdue>[] = [
    { accessor: "name", title: "Person", sortable: true },
    { accessor: "role", title: "Role", sortable: true, render: (o) => roleLabel(o.role) },
    {
      accessor: "campaign",
      title: "Campaign",
      sortable: true,
      render: (o) => (
        <Anchor component={Link} to={`/governance/training/${o.campaignId}`} size="sm">
          {o.campaign}
        </Anchor>
      ),
    },
    { accessor: "dueAt", title: "Was due", sortable: true, render: (o) => formatDate(o.dueAt) },
  ];
  return (
    <Page
      title="Training"
      description="Security training and awareness campaigns, including the training the management body must follow (NIS2 Art. 20(2)); completion per role and who is overdue (NIS2 Art. 21(2)(g), ISO/IEC 27001 clauses 7.2 and 7.3)."
      actions={
        canWrite && (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
            New campaign
          </Button>
        )
      }
    >
      <DataTable label="Training campaigns" records={campaigns.data} fetching={campaigns.isLoading} columns={columns} searchText={(c) => c.title} emptyText="No training campaigns yet" />
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            Overdue
          </Title>
          <DataTable label="Overdue training" records={overdue.data} columns={overdueColumns} idAccessor={(o) => `${o.campaignId}:${o.userId}`} emptyText="Nobody is overdue" pageSize={10} />
        </Card>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            Completion by role
          </Title>
          {campaigns.data && <RatesByRole campaigns={campaigns.data} />}
        </Card>
      </SimpleGrid>
      {creating && <NewCampaign onClose={() => setCreating(false)} />}
    </Page>
  );
}
