import { Alert, Badge, Button, Group, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage } from "../../api/client";
import { useSession } from "../../auth/session";
import { DataTable } from "../../components/DataTable";
import { Page } from "../../components/Page";
import { label, statusColor, useComplianceMutation } from "./workspace-api";
import { DateField } from "../../components/DateField";

type SoaRow = { id: string; control: string; title: string; theme: string; applicable: boolean; justification: string; implemented: string; status: string; controls: { id: string }[] };
type Snapshot = { id: string; name: string; takenAt: string; takenBy: string; contentSha256: string; frameworks: { id: string; name: string; percent: number | null }[] };
type Comparison = { frameworks: { id: string; name: string; from: number | null; to: number | null; delta: number | null }[]; improved: unknown[]; regressed: unknown[]; controls: { id: string; from: string | null; to: string | null; direction: string }[] };
type Approval = { id: string; snapshotName: string; measuresVersion: string; approvedBy: string; approverFunction: string; approvedAt: string; documentSha256: string | null };

/** Statement of Applicability with downloads, snapshots and their comparison, and the management body's approval. */
export function SoaPage() {
  const { user } = useSession();
  const canWrite = user.permissions.includes("compliance:write");
  const canExport = user.permissions.includes("reports:export");
  const soa = useQuery({ queryKey: ["compliance", "soa"], queryFn: () => api.get<SoaRow[]>("/api/compliance/soa") });
  const snaps = useQuery({ queryKey: ["compliance", "snapshots"], queryFn: () => api.get<Snapshot[]>("/api/compliance/snapshots") });
  const approvals = useQuery({ queryKey: ["compliance", "approvals"], queryFn: () => api.get<Approval[]>("/api/compliance/approvals") });
  const [name, setName] = useState("");
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>("current");
  const [approver, setApprover] = useState({ snapshotId: "", approvedBy: "", approverFunction: "", approvedAt: "" });
  const cmp = useQuery({
    queryKey: ["compliance", "compare", from, to],
    queryFn: () => api.get<Comparison>(`/api/compliance/snapshots/compare?from=${from}&to=${to}`),
    enabled: !!from && !!to,
  });
  const take = useComplianceMutation((n: string) => api.post("/api/compliance/snapshots", { name: n }));
  const approve = useComplianceMutation(() =>
    api.post("/api/compliance/approvals", { ...approver, approvedAt: new Date(approver.approvedAt).toISOString(), decision: "The management body approves the cybersecurity risk-management measures (NIS2 Art. 20(1))." }),
  );
  const snapOptions = (snaps.data ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.takenAt.slice(0, 10)})` }));
  return (
    <Page
      title="Statement of Applicability"
      description="All 93 ISO/IEC 27001:2022 Annex A controls with applicability, justification, implementation and the controls behind them."
      actions={
        canExport && (
          <Group gap="xs">
            {(["pdf", "xlsx", "csv"] as const).map((f) => (
              <Button key={f} component="a" href={`/api/compliance/soa/export?format=${f}`} variant="light" size="xs">
                SoA {f.toUpperCase()}
              </Button>
            ))}
            <Button component="a" href="/api/compliance/reports/nis2-self-assessment" variant="light" size="xs">
              NIS2 self-assessment PDF
            </Button>
          </Group>
        )
      }
    >
      <DataTable<SoaRow>
        label="Statement of Applicability"
        records={soa.data}
        pageSize={20}
        emptyText="No rows"
        searchText={(r) => `${r.control} ${r.title} ${r.justification}`}
        columns={[
          { accessor: "control", title: "Control", sortable: true },
          { accessor: "title", title: "Title" },
          { accessor: "applicable", title: "Applicable", render: (r) => (r.applicable ? "yes" : "no") },
          { accessor: "justification", title: "Justification" },
          { accessor: "implemented", title: "Implemented", render: (r) => <Badge color={statusColor[r.status]} variant="light">{r.implemented}</Badge> },
        ]}
      />
      <Title order={2} fz="lg">Snapshots</Title>
      {canWrite && (
        <Group>
          <TextInput aria-label="Snapshot name" placeholder="e.g. Q4 2026 assessment" value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <Button size="xs" disabled={!name.trim()} loading={take.isPending} onClick={() => take.mutate(name, { onSuccess: () => setName("") })}>
            Freeze assessment
          </Button>
        </Group>
      )}
      <Group>
        <Select aria-label="Compare from" placeholder="From snapshot" data={snapOptions} value={from} onChange={setFrom} w={260} />
        <Select aria-label="Compare to" data={[{ value: "current", label: "Current assessment" }, ...snapOptions]} value={to} onChange={setTo} w={260} />
      </Group>
      {cmp.data && (
        <Stack gap={4}>
          {cmp.data.frameworks.map((f) => (
            <Text size="sm" key={f.id}>
              {f.name}: {f.from ?? "–"} % → {f.to ?? "–"} % ({f.delta !== null && f.delta >= 0 ? "+" : ""}{f.delta ?? "–"})
            </Text>
          ))}
          <Text size="sm">{cmp.data.improved.length} requirements improved, {cmp.data.regressed.length} regressed.</Text>
          {cmp.data.controls.map((c) => (
            <Text size="xs" key={c.id}>{c.id}: {label(c.from ?? "—")} → {label(c.to ?? "—")} ({c.direction})</Text>
          ))}
        </Stack>
      )}
      <Title order={2} fz="lg">Management body approval (NIS2 Art. 20(1))</Title>
      <Table fz="sm" aria-label="Approvals">
        <Table.Tbody>
          {(approvals.data ?? []).map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td>{a.approvedAt.slice(0, 10)}</Table.Td>
              <Table.Td>{a.approvedBy}, {a.approverFunction}</Table.Td>
              <Table.Td>{a.measuresVersion}</Table.Td>
              <Table.Td>{a.documentSha256 ? `document sha256 ${a.documentSha256.slice(0, 16)}…` : "no document"}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {approvals.data?.length === 0 && <Alert color="yellow">No approval of the measures is recorded yet.</Alert>}
      {canWrite && (
        <Group align="flex-end">
          <Select label="Snapshot approved" data={snapOptions} value={approver.snapshotId || null} onChange={(v) => setApprover((a) => ({ ...a, snapshotId: v ?? "" }))} w={240} />
          <TextInput label="Approved by" value={approver.approvedBy} onChange={(e) => setApprover({ ...approver, approvedBy: e.currentTarget.value })} />
          <TextInput label="Function" value={approver.approverFunction} onChange={(e) => setApprover({ ...approver, approverFunction: e.currentTarget.value })} />
          <DateField label="Approved at" value={approver.approvedAt} onChange={(v) => setApprover({ ...approver, approvedAt: v })} />
          <Button size="xs" loading={approve.isPending} onClick={() => approve.mutate(undefined)}>
            Record approval
          </Button>
          {approve.error && <Text size="sm" c="red">{errorMessage(approve.error)}</Text>}
        </Group>
      )}
    </Page>
  );
}
