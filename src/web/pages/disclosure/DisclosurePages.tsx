import { Alert, Anchor, Badge, Button, Checkbox, Drawer, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Link } from "react-router";
import { api, errorMessage } from "../../api/client";
import { useCan } from "../../auth/session";
import { type Column, DataTable } from "../../components/DataTable";
import { formatDateTime } from "../../components/format";
import { Page } from "../../components/Page";

const STATUSES = [
  ["received", "Received"],
  ["acknowledged", "Acknowledged"],
  ["validated", "Validated"],
  ["fix_in_progress", "Fix in progress"],
  ["advisory_published", "Advisory published"],
  ["closed", "Closed"],
] as const;
const statusLabel = Object.fromEntries(STATUSES) as Record<string, string>;

type ReportRow = {
  id: string;
  reference: string;
  status: string;
  title: string;
  product: string;
  reporterEmail: string;
  receivedAt: string;
  acknowledgeDueAt: string;
  acknowledgeOverdue: boolean;
  cveId: string | null;
  agreedDisclosureDate: string | null;
};
type ReportDetail = ReportRow & {
  description: string;
  reporterName: string | null;
  reporterOrganisation: string | null;
  productVersion: string | null;
  resolution: string | null;
  advisoryIds: string[];
  linkedFindingIds: string[];
  messages: Array<{ id: string; author: string; by: string; body: string; internal: boolean; at: string }>;
  attachments: Array<{ id: string; fileName: string; sizeBytes: number; sha256: string }>;
};

function ReportDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const canWrite = useCan("advisories:write");
  const report = useQuery({ queryKey: ["disclosure", id], queryFn: () => api.get<ReportDetail>(`/api/disclosure/reports/${id}`) });
  const advisories = useQuery({ queryKey: ["advisories"], queryFn: () => api.get<Array<{ id: string; trackingId: string }>>("/api/advisories") });
  const [message, setMessage] = useState("");
  const [internal, setInternal] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ["disclosure"] });
  const patch = async (body: Record<string, unknown>) => {
    setError(null);
    try {
      await api.patch(`/api/disclosure/reports/${id}`, body);
      refresh();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const send = async () => {
    await api.post(`/api/disclosure/reports/${id}/messages`, { body: message, internal });
    setMessage("");
    refresh();
  };
  const r = report.data;
  return (
    <Drawer opened onClose={onClose} position="right" size="xl" title={r ? `${r.reference}: ${r.title}` : "Report"}>
      {r && (
        <Stack gap="sm">
          <Text size="sm">
            From {r.reporterName ?? "—"} &lt;{r.reporterEmail}&gt;{r.reporterOrganisation ? `, ${r.reporterOrganisation}` : ""} · {r.product} {r.productVersion ?? ""} · received{" "}
            {formatDateTime(r.receivedAt)}
          </Text>
          {r.acknowledgeOverdue && <Alert color="red">Acknowledgement overdue since {formatDateTime(r.acknowledgeDueAt)}</Alert>}
          <Paper withBorder p="sm">
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }} data-testid="report-description">
              {r.description}
            </Text>
          </Paper>
          {r.attachments.map((a) => (
            <Anchor key={a.id} size="sm" href={`/api/disclosure/reports/${r.id}/attachments/${a.id}`}>
              {a.fileName} ({a.sizeBytes} bytes)
            </Anchor>
          ))}
          <SimpleGrid cols={2}>
            <Select
              label="Status"
              disabled={!canWrite}
              data={STATUSES.map(([value, label]) => ({ value, label }))}
              value={r.status}
              onChange={(v) => v && patch({ status: v })}
              allowDeselect={false}
            />
            <TextInput label="CVE ID" disabled={!canWrite} defaultValue={r.cveId ?? ""} onBlur={(e) => patch({ cveId: e.currentTarget.value.trim() || null })} />
            <TextInput
              label="Agreed disclosure date"
              type="date"
              disabled={!canWrite}
              defaultValue={r.agreedDisclosureDate ?? ""}
              onBlur={(e) => patch({ agreedDisclosureDate: e.currentTarget.value || null })}
            />
            <Select
              label="Advisory"
              disabled={!canWrite}
              clearable
              data={(advisories.data ?? []).map((a) => ({ value: a.id, label: a.trackingId }))}
              value={r.advisoryIds[0] ?? null}
              onChange={(v) => patch({ advisoryIds: v ? [v] : [] })}
            />
          </SimpleGrid>
          {error && <Alert color="red">{error}</Alert>}
          <Title order={3} size="h5">
            Conversation
          </Title>
          {r.messages.map((m) => (
            <Paper key={m.id} withBorder p="sm" bg={m.internal ? "var(--mantine-color-yellow-0)" : m.author === "team" ? "var(--mantine-color-indigo-0)" : undefined}>
              <Text size="xs" c="dimmed">
                {m.author === "team" ? m.by : "Reporter"} · {formatDateTime(m.at)} {m.internal && <Badge size="xs">internal note</Badge>}
              </Text>
              <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                {m.body}
              </Text>
            </Paper>
          ))}
          {canWrite && (
            <Stack gap={4}>
              <Textarea label="Message" autosize minRows={2} value={message} onChange={(e) => setMessage(e.currentTarget.value)} />
              <Group>
                <Checkbox label="Internal note (not shown to the reporter)" checked={internal} onChange={(e) => setInternal(e.currentTarget.checked)} />
                <Button onClick={send} disabled={!message.trim()}>
                  {internal ? "Add note" : "Send to reporter"}
                </Button>
              </Group>
            </Stack>
          )}
        </Stack>
      )}
    </Drawer>
  );
}

export function DisclosureInboxPage() {
  const reports = useQuery({ queryKey: ["disclosure", "list"], queryFn: () => api.get<ReportRow[]>("/api/disclosure/reports") });
  const [open, setOpen] = useState<string | null>(null);
  const columns: Column<ReportRow>[] = [
    {
      accessor: "reference",
      title: "Report",
      sortable: true,
      render: (r) => (
        <Anchor component="button" onClick={() => setOpen(r.id)}>
          {r.reference}
        </Anchor>
      ),
    },
    { accessor: "title", title: "Title", sortable: true },
    { accessor: "product", title: "Product", sortable: true },
    {
      accessor: "status",
      title: "Status",
      sortable: true,
      render: (r) => (
        <Group gap={4}>
          <Badge variant="light">{statusLabel[r.status]}</Badge>
          {r.acknowledgeOverdue && <Badge color="red">ack overdue</Badge>}
        </Group>
      ),
    },
    { accessor: "receivedAt", title: "Received", sortable: true, render: (r) => formatDateTime(r.receivedAt) },
    { accessor: "acknowledgeDueAt", title: "Acknowledge by", sortable: true, render: (r) => formatDateTime(r.acknowledgeDueAt) },
    { accessor: "cveId", title: "CVE" },
  ];
  return (
    <Page
      title="Disclosure reports"
      description={
        <>
          Vulnerability reports from the public form (<Anchor component={Link} to="/report-vulnerability">/report-vulnerability</Anchor>): received → acknowledged →
          validated → fix in progress → advisory published → closed.
        </>
      }
    >
      <DataTable label="Disclosure reports" records={reports.data} fetching={reports.isPending} columns={columns} searchText={(r) => `${r.reference} ${r.title} ${r.product}`} emptyText="No reports received." />
      {open && <ReportDrawer id={open} onClose={() => setOpen(null)} />}
    </Page>
  );
}

type Policy = {
  organisation: string;
  contactEmail: string;
  website: string;
  scope: string;
  outOfScope: string;
  safeHarbour: string;
  acknowledgeWithinDays: number;
  triageWithinDays: number;
  disclosureWithinDays: number;
};

export function CvdPolicySettingsPage() {
  const queryClient = useQueryClient();
  const canEdit = useCan("advisories:publish");
  const policy = useQuery({ queryKey: ["disclosure", "policy"], queryFn: () => api.get<Policy>("/api/disclosure/policy") });
  const [values, setValues] = useState<Policy | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (policy.data) setValues(policy.data);
  }, [policy.data]);
  if (!values) return <Page title="CVD policy" />;
  const text = (k: keyof Policy) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setValues({ ...values, [k]: e.currentTarget.value });
  const num = (k: keyof Policy) => (v: string | number) => setValues({ ...values, [k]: Number(v) || 1 });
  const save = async () => {
    setError(null);
    try {
      await api.put("/api/disclosure/policy", values);
      notifications.show({ color: "green", message: "Policy saved; the public page shows it now" });
      void queryClient.invalidateQueries({ queryKey: ["disclosure", "policy"] });
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <Page
      title="CVD policy"
      description={
        <>
          The coordinated vulnerability disclosure policy published at <Anchor component={Link} to="/vulnerability-disclosure-policy">/vulnerability-disclosure-policy</Anchor> and
          referenced by <Anchor href="/.well-known/security.txt">security.txt</Anchor>.
        </>
      }
    >
      <Stack gap="sm" maw={860}>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label="Organisation" value={values.organisation} onChange={text("organisation")} disabled={!canEdit} />
          <TextInput label="Security contact e-mail" value={values.contactEmail} onChange={text("contactEmail")} disabled={!canEdit} />
          <TextInput label="Website (CSAF publisher namespace)" value={values.website} onChange={text("website")} disabled={!canEdit} />
        </SimpleGrid>
        <Textarea label="Scope" autosize minRows={2} value={values.scope} onChange={text("scope")} disabled={!canEdit} />
        <Textarea label="Out of scope" autosize minRows={2} value={values.outOfScope} onChange={text("outOfScope")} disabled={!canEdit} />
        <Textarea label="Safe harbour" description="The organisation's own commitment to good-faith researchers." autosize minRows={3} value={values.safeHarbour} onChange={text("safeHarbour")} disabled={!canEdit} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NumberInput label="Acknowledge within (working days)" min={1} max={30} value={values.acknowledgeWithinDays} onChange={num("acknowledgeWithinDays")} disabled={!canEdit} />
          <NumberInput label="Triage within (days)" min={1} max={365} value={values.triageWithinDays} onChange={num("triageWithinDays")} disabled={!canEdit} />
          <NumberInput label="Disclose within (days)" min={1} max={730} value={values.disclosureWithinDays} onChange={num("disclosureWithinDays")} disabled={!canEdit} />
        </SimpleGrid>
        {error && <Alert color="red">{error}</Alert>}
        {canEdit && (
          <Group>
            <Button onClick={save}>Save policy</Button>
          </Group>
        )}
      </Stack>
    </Page>
  );
}
