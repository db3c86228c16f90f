import { Anchor, Button, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Switch, Tabs, Text, Textarea, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconPlus } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { api, errorMessage } from "../../api/client";
import { useCan } from "../../auth/session";
import { type Column, DataTable } from "../../components/DataTable";
import { formatDate } from "../../components/format";
import { Page } from "../../components/Page";
import { govKeys, type Policy, type PolicyDetail, percent, type Template, useFourEyes, usePolicies, useTemplates } from "./api";
import { Markdown } from "./Markdown";
import { ReviewBadge, StatusBadge } from "./support";

function NewPolicy({ onClose }: { onClose: () => void }) {
  const templates = useTemplates();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [templateKey, setTemplateKey] = useState<string | null>(null);
  const [title, setTitle] = useState("");
  const [content, setContent] = useState("");
  const [reviewMonths, setReviewMonths] = useState<number>(12);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const pick = async (key: string | null) => {
    setTemplateKey(key);
    if (!key) return;
    const t = await api.get<Template>(`/api/governance/policy-templates/${key}`);
    setTitle(t.title);
    setContent(t.content ?? "");
    setReviewMonths(t.reviewMonths);
  };
  const create = async () => {
    setSaving(true);
    setError(null);
    try {
      const p = await api.post<PolicyDetail>("/api/governance/policies", { title, content, reviewMonths, ...(templateKey ? { templateKey } : {}) });
      void queryClient.invalidateQueries({ queryKey: govKeys.policies });
      notifications.show({ color: "green", message: `Policy "${p.title}" created as draft` });
      navigate(`/governance/policies/${p.id}`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  const chosen = templates.data?.find((t) => t.key === templateKey);
  return (
    <Modal opened onClose={onClose} title="New policy" size="xl">
      <Stack>
        <Select
          label="Start from a template"
          placeholder="Blank policy"
          clearable
          data={(templates.data ?? []).map((t) => ({ value: t.key, label: t.title }))}
          value={templateKey}
          onChange={pick}
          description={chosen ? `${chosen.summary} Serves ${chosen.requirements.join(", ")}.` : undefined}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Title" required value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
          <NumberInput label="Review every (months)" min={1} max={60} value={reviewMonths} onChange={(v) => setReviewMonths(Number(v) || 12)} />
        </SimpleGrid>
        <Tabs defaultValue="edit">
          <Tabs.List>
            <Tabs.Tab value="edit">Markdown</Tabs.Tab>
            <Tabs.Tab value="preview">Preview</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="edit" pt="xs">
            <Textarea aria-label="Policy text" autosize minRows={10} maxRows={20} value={content} onChange={(e) => setContent(e.currentTarget.value)} ff="monospace" />
          </Tabs.Panel>
          <Tabs.Panel value="preview" pt="xs">
            <Markdown text={content} />
          </Tabs.Panel>
        </Tabs>
        {error && (
          <Text c="red" size="sm" role="alert">
            {error}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={create} loading={saving} disabled={!title.trim()}>
            Create draft
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The four-eyes rule for approval: shown to everyone, changed by an administrator. */
function FourEyesRule() {
  const rule = useFourEyes();
  const canManage = useCan("settings:manage");
  const queryClient = useQueryClient();
  const [saving, setSaving] = useState(false);
  if (!rule.data) return null;
  const change = async (on: boolean) => {
    setSaving(true);
    try {
      await api.put("/api/governance/four-eyes", { policyApproval: on });
      await queryClient.invalidateQueries({ queryKey: ["governance"] });
      notifications.show({ color: "green", message: on ? "Four-eyes approval turned on" : "Four-eyes approval turned off" });
    } catch (err) {
      notifications.show({ color: "red", message: errorMessage(err) });
    } finally {
      setSaving(false);
    }
  };
  return (
    <Switch
      mt="md"
      label="Four-eyes approval: the person who submits a policy version may not approve it"
      checked={rule.data.policyApproval}
      disabled={!canManage || saving}
      onChange={(e) => void change(e.currentTarget.checked)}
      description={canManage ? "Changes are recorded in the audit trail." : "An administrator can change this."}
    />
  );
}

export function PoliciesPage() {
  const policies = usePolicies();
  const canWrite = useCan("compliance:write");
  const [creating, setCreating] = useState(false);
  const columns: Column<Policy>[] = [
    {
      accessor: "title",
      title: "Policy",
      sortable: true,
      render: (p) => (
        <Anchor component={Link} to={`/governance/policies/${p.id}`} fw={600} size="sm">
          {p.title}
        </Anchor>
      ),
    },
    { accessor: "status", title: "Status", sortable: true, render: (p) => <StatusBadge status={p.status} /> },
    { accessor: "currentVersion.version", title: "Approved version", render: (p) => (p.currentVersion ? `v${p.currentVersion.version} · ${formatDate(p.currentVersion.approvedAt)}` : "—") },
    { accessor: "nextReviewAt", title: "Next review", sortable: true, render: (p) => <Group gap={6}>{formatDate(p.nextReviewAt)} <ReviewBadge state={p.reviewState} /></Group> },
    {
      accessor: "acknowledgement.rate",
      title: "Acknowledged",
      sortable: true,
      render: (p) => (p.currentVersion ? `${percent(p.acknowledgement.rate, p.acknowledgement.expected)} (${p.acknowledgement.acknowledged}/${p.acknowledgement.expected})` : "—"),
    },
    { accessor: "ownerName", title: "Owner", sortable: true, render: (p) => p.ownerName ?? "—" },
  ];
  return (
    <Page
      title="Policies"
      description="The policy set of the ISMS with versions, approval, review cycle and staff acknowledgement (NIS2 Art. 21(2)(a), Implementing Regulation (EU) 2024/2690 Annex 1.1, ISO/IEC 27001 clause 5.2)."
      actions={
        canWrite && (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
            New policy
          </Button>
        )
      }
    >
      <DataTable
        label="Policies"
        records={policies.data}
        fetching={policies.isLoading}
        columns={columns}
        searchText={(p) => `${p.title} ${p.summary} ${p.requirementIds.join(" ")}`}
        emptyText="No policies yet"
        rowBackground={(p) => (p.reviewState === "overdue" ? "var(--mantine-color-red-0)" : undefined)}
      />
      <FourEyesRule />
      {creating && <NewPolicy onClose={() => setCreating(false)} />}
    </Page>
  );
}
