import { Alert, Badge, Button, Card, FileButton, Group, List, MultiSelect, SimpleGrid, Stack, Table, Text, Textarea, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconUpload } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useParams } from "react-router";
import { ApiError, api, errorMessage } from "../../api/client";
import { useCan, useSession } from "../../auth/session";
import { formatDate, formatDateTime, roleLabels } from "../../components/format";
import { Page } from "../../components/Page";
import { type Campaign, govKeys, percent, type Target, useCampaign, usePeople, useResponsibilities } from "./api";
import { kindLabels } from "./support";
import { roleLabel } from "./TrainingPage";

const STATUS_COLOR = { completed: "green", overdue: "red", pending: "gray" } as const;

function Assignments({ campaign }: { campaign: Campaign }) {
  const people = usePeople();
  const responsibilities = useResponsibilities();
  const queryClient = useQueryClient();
  const pick = <K extends "userId" | "role" | "responsibilityKey">(k: K) =>
    campaign.targets.flatMap((t) => (k in t ? [(t as Record<K, string>)[k]] : []));
  const [users, setUsers] = useState(pick("userId"));
  const [roles, setRoles] = useState(pick("role"));
  const [resp, setResp] = useState(pick("responsibilityKey"));
  const save = async () => {
    const targets: Target[] = [...resp.map((responsibilityKey) => ({ responsibilityKey })), ...roles.map((role) => ({ role })), ...users.map((userId) => ({ userId }))];
    try {
      const next = await api.put<Campaign>(`/api/governance/training/campaigns/${campaign.id}/assignments`, { targets });
      queryClient.setQueryData(govKeys.campaign(campaign.id), next);
      void queryClient.invalidateQueries({ queryKey: govKeys.all });
      notifications.show({ color: "green", message: "Assignments saved" });
    } catch (err) {
      notifications.show({ color: "red", title: "Not saved", message: errorMessage(err) });
    }
  };
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        Assigned to
      </Title>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <MultiSelect label="Security roles" data={(responsibilities.data?.responsibilities ?? []).map((r) => ({ value: r.key, label: r.title }))} value={resp} onChange={setResp} />
        <MultiSelect
          label="Access roles"
          data={Object.entries(roleLabels)
            .filter(([r]) => r !== "customer")
            .map(([value, label]) => ({ value, label }))}
          value={roles}
          onChange={setRoles}
        />
        <MultiSelect label="People" searchable data={(people.data ?? []).map((p) => ({ value: p.id, label: p.name }))} value={users} onChange={setUsers} />
      </SimpleGrid>
      <Group justify="flex-end" mt="sm">
        <Button size="xs" onClick={save}>
          Save assignments
        </Button>
      </Group>
    </Card>
  );
}

type LineError = { line: number; message: string };

function CsvImport({ campaign }: { campaign: Campaign }) {
  const queryClient = useQueryClient();
  const [csv, setCsv] = useState("");
  const [errors, setErrors] = useState<LineError[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setErrors(null);
    setMessage(null);
    try {
      const r = await api.post<{ imported: number; replaced: number }>(`/api/governance/training/campaigns/${campaign.id}/records/import`, { csv });
      notifications.show({ color: "green", message: `${r.imported} completion records imported` });
      setCsv("");
      void queryClient.invalidateQueries({ queryKey: govKeys.all });
    } catch (err) {
      if (err instanceof ApiError && err.code === "csv_invalid") {
        setMessage("Nothing was imported. Correct these rows and import the file again:");
        setErrors(err.details.map((d) => ({ line: Number(d.path.split("/").pop()), message: d.message })));
      } else setMessage(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        Import completion records (CSV)
      </Title>
      <Text size="xs" c="dimmed" mb="xs">
        Columns: <code>email,completed_at,evidence_sha256,note</code>; dates as YYYY-MM-DD or ISO 8601 with offset. A file with any bad row is rejected as a whole.
      </Text>
      <Textarea aria-label="CSV content" autosize minRows={4} maxRows={12} ff="monospace" value={csv} onChange={(e) => setCsv(e.currentTarget.value)} placeholder="email,completed_at" />
      <Group justify="space-between" mt="xs">
        <FileButton accept=".csv,text/csv" onChange={async (f) => f && setCsv(await f.text())}>
          {(props) => (
            <Button {...props} size="xs" variant="default" leftSection={<IconUpload size={14} aria-hidden />}>
              Choose file
            </Button>
          )}
        </FileButton>
        <Button size="xs" onClick={submit} loading={busy} disabled={!csv.trim()}>
          Import
        </Button>
      </Group>
      {message && (
        <Alert mt="sm" color="red" variant="light" title="Import refused" icon={<IconAlertTriangle size={18} aria-hidden />} role="alert">
          {message}
          {errors && (
            <List size="sm" mt={4} aria-label="Rows with problems">
              {errors.map((e) => (
                <List.Item key={`${e.line}:${e.message}`}>
                  Line {e.line}: {e.message}
                </List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
    </Card>
  );
}

export function CampaignPage() {
  const { id = "" } = useParams();
  const campaign = useCampaign(id);
  const canWrite = useCan("compliance:write");
  const canComplete = useCan("assigned:write");
  const { user } = useSession();
  const queryClient = useQueryClient();
  const c = campaign.data;
  if (!c) return <Page title="Training campaign">{campaign.error ? <Alert color="red">{errorMessage(campaign.error)}</Alert> : null}</Page>;
  const mine = c.assignees.find((a) => a.userId === user.id);
  const complete = async () => {
    try {
      await api.post(`/api/governance/training/campaigns/${c.id}/complete`, {});
      void queryClient.invalidateQueries({ queryKey: govKeys.all });
      notifications.show({ color: "green", message: "Completion recorded" });
    } catch (err) {
      notifications.show({ color: "red", title: "Not recorded", message: errorMessage(err) });
    }
  };
  return (
    <Page
      title={c.title}
      description={c.description}
      actions={
        canComplete &&
        mine &&
        mine.status !== "completed" && (
          <Button onClick={complete} color="green">
            I completed this training
          </Button>
        )
      }
    >
      <Group gap="lg">
        <Badge variant="light">{kindLabels[c.kind] ?? c.kind}</Badge>
        <Text size="sm">Due {formatDate(c.dueAt)}</Text>
        <Text size="sm">
          Completed {percent(c.rates.overall.rate, c.rates.overall.assigned)} ({c.rates.overall.completed} of {c.rates.overall.assigned})
        </Text>
        <Text size="sm" c="dimmed">
          Serves {c.requirementIds.join(", ") || "—"}
        </Text>
      </Group>
      <SimpleGrid cols={{ base: 1, lg: 3 }}>
        <Card withBorder style={{ gridColumn: "span 2" }}>
          <Title order={2} size="h4" mb="xs">
            People
          </Title>
          <Table fz="sm" aria-label="Assignees">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Person</Table.Th>
                <Table.Th>Role</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Completed</Table.Th>
                <Table.Th>Evidence</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {c.assignees.map((a) => {
                const r = c.records.find((x) => x.id === a.recordId);
                return (
                  <Table.Tr key={a.userId} bg={a.status === "overdue" ? "var(--mantine-color-red-0)" : undefined}>
                    <Table.Td>{a.name}</Table.Td>
                    <Table.Td>{roleLabel(a.role)}</Table.Td>
                    <Table.Td>
                      <Badge size="sm" color={STATUS_COLOR[a.status]} variant="light">
                        {a.status}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{formatDateTime(a.completedAt)}</Table.Td>
                    <Table.Td>
                      <Text size="xs">{[r?.evidenceNote, r?.evidenceSha256 ? `SHA-256 ${r.evidenceSha256.slice(0, 12)}…` : null].filter(Boolean).join(" · ") || "—"}</Text>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Card>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">
            By role
          </Title>
          <Table fz="sm" aria-label="Completion by role">
            <Table.Tbody>
              {c.rates.byRole.map((r) => (
                <Table.Tr key={r.role}>
                  <Table.Td>{roleLabel(r.role)}</Table.Td>
                  <Table.Td ta="right">
                    {r.completed}/{r.assigned}
                  </Table.Td>
                  <Table.Td ta="right">{percent(r.rate, r.assigned)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      </SimpleGrid>
      {canWrite && (
        <Stack>
          <Assignments key={JSON.stringify(c.targets)} campaign={c} />
          <CsvImport campaign={c} />
        </Stack>
      )}
    </Page>
  );
}
