import { Alert, Badge, Button, Checkbox, Group, Modal, MultiSelect, NumberInput, Select, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconPlus } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage } from "../../api/client";
import { useDevices } from "../../api/queries";
import { useCan } from "../../auth/session";
import { type Column, DataTable } from "../../components/DataTable";
import { formatDate } from "../../components/format";
import { Page } from "../../components/Page";
import { findingKeys } from "./FindingDrawer";
import { JUSTIFICATION_LABELS, JUSTIFICATIONS, RESPONSE_LABELS, RESPONSES, STATUS_LABELS, STATUSES } from "./types";

type Conditions = { vulnerabilities?: string[]; purl?: string; deviceModels?: string[]; versions?: string; kev?: boolean; epssMin?: number; epssMax?: number; severities?: string[] };
type Analysis = { status: (typeof STATUSES)[number]; justification?: string; response?: string; detail?: string };
export type TriagePolicy = {
  id: string;
  name: string;
  description: string | null;
  conditions: Conditions;
  analysis: Analysis;
  expiresOn: string | null;
  enabled: boolean;
  priority: number;
  expired: boolean;
  active: boolean;
  decidedFindings: number;
  updatedBy: string;
};

const policyKeys = { all: ["triage-policies"] as const };
const SEVERITIES = ["critical", "high", "medium", "low", "none", "unknown"];

/** One line per condition, as a reader of the YAML file would say it. */
export function conditionsText(c: Conditions): string {
  return [
    c.vulnerabilities && `vulnerability ${c.vulnerabilities.join(", ")}`,
    c.purl && `component ${c.purl}`,
    c.deviceModels && `device ${c.deviceModels.join(", ")}`,
    c.versions && `versions ${c.versions}`,
    c.kev !== undefined && (c.kev ? "in KEV" : "not in KEV"),
    c.epssMin !== undefined && `EPSS ≥ ${c.epssMin}`,
    c.epssMax !== undefined && `EPSS ≤ ${c.epssMax}`,
    c.severities && `severity ${c.severities.join(", ")}`,
  ]
    .filter(Boolean)
    .join(" · ");
}

const analysisText = (a: Analysis) =>
  [STATUS_LABELS[a.status] ?? a.status, a.justification && (JUSTIFICATION_LABELS[a.justification as keyof typeof JUSTIFICATION_LABELS] ?? a.justification), a.response && (RESPONSE_LABELS[a.response as keyof typeof RESPONSE_LABELS] ?? a.response)]
    .filter(Boolean)
    .join(" — ");

type Draft = { name: string; description: string; vulnerabilities: string; purl: string; deviceModels: string[]; versions: string; kev: string | null; epssMin: number | string; epssMax: number | string; severities: string[]; status: string; justification: string | null; response: string | null; detail: string; expiresOn: string; enabled: boolean; priority: number | string };

const draftOf = (p: TriagePolicy | null): Draft => ({
  name: p?.name ?? "",
  description: p?.description ?? "",
  vulnerabilities: p?.conditions.vulnerabilities?.join(", ") ?? "",
  purl: p?.conditions.purl ?? "",
  deviceModels: p?.conditions.deviceModels ?? [],
  versions: p?.conditions.versions ?? "",
  kev: p?.conditions.kev === undefined ? null : String(p.conditions.kev),
  epssMin: p?.conditions.epssMin ?? "",
  epssMax: p?.conditions.epssMax ?? "",
  severities: p?.conditions.severities ?? [],
  status: p?.analysis.status ?? "not_affected",
  justification: p?.analysis.justification ?? null,
  response: p?.analysis.response ?? null,
  detail: p?.analysis.detail ?? "",
  expiresOn: p?.expiresOn ?? "",
  enabled: p?.enabled ?? true,
  priority: p?.priority ?? 0,
});

function bodyOf(d: Draft) {
  const list = (s: string) => s.split(/[\s,]+/).filter(Boolean);
  const num = (v: number | string) => (v === "" ? undefined : Number(v));
  return {
    name: d.name.trim(),
    ...(d.description.trim() ? { description: d.description.trim() } : {}),
    conditions: {
      ...(list(d.vulnerabilities).length ? { vulnerabilities: list(d.vulnerabilities) } : {}),
      ...(d.purl.trim() ? { purl: d.purl.trim() } : {}),
      ...(d.deviceModels.length ? { deviceModels: d.deviceModels } : {}),
      ...(d.versions.trim() ? { versions: d.versions.trim() } : {}),
      ...(d.kev ? { kev: d.kev === "true" } : {}),
      ...(num(d.epssMin) !== undefined ? { epssMin: num(d.epssMin) } : {}),
      ...(num(d.epssMax) !== undefined ? { epssMax: num(d.epssMax) } : {}),
      ...(d.severities.length ? { severities: d.severities } : {}),
    },
    analysis: {
      status: d.status,
      ...(d.status === "not_affected" && d.justification ? { justification: d.justification } : {}),
      ...(d.response ? { response: d.response } : {}),
      ...(d.detail.trim() ? { detail: d.detail.trim() } : {}),
    },
    expiresOn: d.expiresOn || null,
    enabled: d.enabled,
    priority: Number(d.priority) || 0,
  };
}

function PolicyForm({ policy, onDone }: { policy: TriagePolicy | null; onDone: (message: string) => void }) {
  const devices = useDevices();
  const [d, setD] = useState<Draft>(() => draftOf(policy));
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const set = (patch: Partial<Draft>) => setD((x) => ({ ...x, ...patch }));
  const save = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const body = bodyOf(d);
      const res = policy ? await api.put<{ applied: number; reopened: number }>(`/api/triage-policies/${policy.id}`, body) : await api.post<{ applied: number; reopened: number }>("/api/triage-policies", body);
      onDone(`${res.applied} findings decided, ${res.reopened} re-opened.`);
    } catch (err) {
      setFailure(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="xs" component="form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <TextInput label="Name" required value={d.name} onChange={(e) => set({ name: e.currentTarget.value })} />
      <Textarea label="Description" autosize minRows={1} value={d.description} onChange={(e) => set({ description: e.currentTarget.value })} />
      <Text fw={600} size="sm">Conditions (all must hold)</Text>
      <TextInput label="Vulnerability ids or aliases" placeholder="CVE-2022-48174, GHSA-…" value={d.vulnerabilities} onChange={(e) => set({ vulnerabilities: e.currentTarget.value })} />
      <TextInput label="Component purl pattern" placeholder="pkg:deb/debian/busybox@*" value={d.purl} onChange={(e) => set({ purl: e.currentTarget.value })} />
      <MultiSelect label="Device models" clearable data={(devices.data ?? []).map((m) => ({ value: m.modelNumber, label: `${m.name} (${m.modelNumber})` }))} value={d.deviceModels} onChange={(v) => set({ deviceModels: v })} />
      <TextInput label="Software versions (VERS range)" placeholder="vers:semver/>=3.0.0|<3.2.0" value={d.versions} onChange={(e) => set({ versions: e.currentTarget.value })} />
      <Group grow>
        <Select label="KEV" placeholder="Any" clearable data={[{ value: "true", label: "Listed in KEV" }, { value: "false", label: "Not listed" }]} value={d.kev} onChange={(v) => set({ kev: v })} />
        <NumberInput label="EPSS at least" min={0} max={1} step={0.01} decimalScale={5} value={d.epssMin} onChange={(v) => set({ epssMin: v })} />
        <NumberInput label="EPSS at most" min={0} max={1} step={0.01} decimalScale={5} value={d.epssMax} onChange={(v) => set({ epssMax: v })} />
      </Group>
      <MultiSelect label="Severities" data={SEVERITIES} value={d.severities} onChange={(v) => set({ severities: v })} />
      <Text fw={600} size="sm">Analysis it sets</Text>
      <Group grow>
        <Select label="Status" required allowDeselect={false} data={STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))} value={d.status} onChange={(v) => set({ status: v ?? "not_affected" })} />
        {d.status === "not_affected" && (
          <Select label="Justification" required data={JUSTIFICATIONS.map((j) => ({ value: j, label: JUSTIFICATION_LABELS[j] }))} value={d.justification} onChange={(v) => set({ justification: v })} />
        )}
        <Select label="Response" clearable data={RESPONSES.map((r) => ({ value: r, label: RESPONSE_LABELS[r] }))} value={d.response} onChange={(v) => set({ response: v })} />
      </Group>
      <Textarea label="Detail" autosize minRows={2} value={d.detail} onChange={(e) => set({ detail: e.currentTarget.value })} />
      <Group grow align="flex-end">
        <TextInput label="Expires on" type="date" value={d.expiresOn} onChange={(e) => set({ expiresOn: e.currentTarget.value })} />
        <NumberInput label="Priority" min={-1000} max={1000} value={d.priority} onChange={(v) => set({ priority: v })} />
        <Checkbox label="Enabled" checked={d.enabled} onChange={(e) => set({ enabled: e.currentTarget.checked })} mb={8} />
      </Group>
      {failure && (
        <Alert color="red" role="alert" title="Not saved">
          {failure}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button type="submit" loading={busy} disabled={!d.name.trim()}>
          {policy ? "Save and apply" : "Create and apply"}
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * Triage policies: rules that set the VEX analysis of the findings they match, now and when new findings appear.
 * They never change a finding someone analysed; an expired, disabled or deleted policy re-opens what it decided.
 */
export function TriagePoliciesPage() {
  const canWrite = useCan("vulnerabilities:write");
  const queryClient = useQueryClient();
  const policies = useQuery({ queryKey: policyKeys.all, queryFn: () => api.get<{ items: TriagePolicy[] }>("/api/triage-policies") });
  const [editing, setEditing] = useState<TriagePolicy | "new" | null>(null);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: policyKeys.all });
    void queryClient.invalidateQueries({ queryKey: findingKeys.all });
  };
  const remove = async (p: TriagePolicy) => {
    if (!window.confirm(`Delete the policy "${p.name}"? The ${p.decidedFindings} findings it decided are re-opened.`)) return;
    try {
      const res = await api.delete<{ reopened: number }>(`/api/triage-policies/${p.id}`);
      notifications.show({ color: "teal", title: "Policy deleted", message: `${res.reopened} findings re-opened.` });
      refresh();
    } catch (err) {
      notifications.show({ color: "red", title: "Not deleted", message: errorMessage(err) });
    }
  };
  const columns: Column<TriagePolicy>[] = [
    { accessor: "name", title: "Policy", sortable: true, render: (p) => <Stack gap={0}><Text size="sm" fw={600}>{p.name}</Text>{p.description && <Text size="xs" c="dimmed">{p.description}</Text>}</Stack> },
    { accessor: "conditions", title: "Conditions", render: (p) => conditionsText(p.conditions) },
    { accessor: "analysis", title: "Sets", render: (p) => analysisText(p.analysis) },
    {
      accessor: "expiresOn",
      title: "Expires",
      sortable: true,
      render: (p) => (
        <Group gap={4}>
          {p.expiresOn ? formatDate(p.expiresOn) : "Never"}
          {p.expired && <Badge color="orange">Expired</Badge>}
          {!p.enabled && <Badge color="gray">Disabled</Badge>}
        </Group>
      ),
    },
    { accessor: "decidedFindings", title: "Findings decided", sortable: true },
    ...(canWrite
      ? [
          {
            accessor: "actions",
            title: "",
            render: (p: TriagePolicy) => (
              <Group gap={4} wrap="nowrap">
                <Button size="xs" variant="subtle" onClick={() => setEditing(p)} aria-label={`Edit ${p.name}`}>Edit</Button>
                <Button size="xs" variant="subtle" color="red" onClick={() => void remove(p)} aria-label={`Delete ${p.name}`}>Delete</Button>
              </Group>
            ),
          },
        ]
      : []),
  ];
  return (
    <Page
      title="Triage policies"
      description={
        <Text size="sm" c="dimmed" span>
          Rules that set the VEX analysis of current and future findings by vulnerability, component, device model, version range, KEV, EPSS and severity. A policy only decides findings nobody
          has analysed; each decision is in the finding's history. When a policy expires, or is disabled or deleted, what it decided is re-opened. Keep them as YAML in your repository and
          apply them with <code>vigil policy apply policies.yaml --dry-run</code>.
        </Text>
      }
      actions={canWrite && <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing("new")}>New policy</Button>}
    >
      {policies.isError && (
        <Alert color="red" role="alert" title="Policies could not be loaded">
          {errorMessage(policies.error)}
        </Alert>
      )}
      <DataTable label="Triage policies" records={policies.data?.items} fetching={policies.isPending} columns={columns} emptyText="No triage policy yet." />
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing === "new" ? "New triage policy" : "Edit triage policy"} size="lg">
        {editing !== null && (
          <PolicyForm
            policy={editing === "new" ? null : editing}
            onDone={(message) => {
              notifications.show({ color: "teal", title: "Policy saved", message });
              setEditing(null);
              refresh();
            }}
          />
        )}
      </Modal>
    </Page>
  );
}
