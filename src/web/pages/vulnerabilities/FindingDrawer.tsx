import { Alert, Anchor, Button, Checkbox, Code, Drawer, Group, Loader, Radio, Select, SimpleGrid, Stack, Table, Text, Textarea, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { zod4Resolver } from "mantine-form-zod-resolver";
import { useState } from "react";
import { Link } from "react-router";
import { z } from "zod";
import { api, errorMessage } from "../../api/client";
import { useCan } from "../../auth/session";
import { FormError, useApiForm } from "../../components/forms";
import { formatDate, formatDateTime } from "../../components/format";
import { useFindingLinkedRisks } from "../risks/linked-risks";
import { RaiseRisk } from "../risks/RaiseRisk";
import { ExploitedMark } from "./ExploitedMark";
import { ConfidenceBadge, DueDate, KevEpss, PriorityBadge, StatusBadge } from "./badges";
import { SupplierVex } from "./SupplierVex";
import {
  type FindingDetail,
  type FindingHistoryEntry,
  JUSTIFICATION_LABELS,
  JUSTIFICATIONS,
  RESPONSE_LABELS,
  RESPONSES,
  type RescoringQuestion,
  STATUS_LABELS,
  STATUSES,
} from "./types";

export const findingKeys = {
  all: ["findings"] as const,
  one: (id: string) => ["findings", "one", id] as const,
};

const analysisSchema = z
  .object({
    status: z.enum(STATUSES),
    justification: z.string(),
    response: z.string(),
    detail: z.string().max(10_000),
    applyToSameComponent: z.boolean(),
  })
  .superRefine((v, ctx) => {
    if (v.status === "not_affected" && !v.justification) {
      ctx.addIssue({ code: "custom", path: ["justification"], message: "Say why the product is not affected" });
    }
  });
type AnalysisValues = z.infer<typeof analysisSchema>;

function AnalysisForm({ finding, onSaved }: { finding: FindingDetail; onSaved: (appliedTo: number) => void }) {
  const form = useForm<AnalysisValues>({
    mode: "controlled",
    initialValues: {
      status: finding.status,
      justification: finding.justification ?? "",
      response: finding.response ?? "",
      detail: finding.detail ?? "",
      applyToSameComponent: false,
    },
    validate: zod4Resolver(analysisSchema),
  });
  const { onSubmit, failure, submitting } = useApiForm(
    form,
    (v: AnalysisValues) =>
      api.post<{ finding: FindingDetail; appliedTo: unknown[] | number }>(`/api/findings/${encodeURIComponent(finding.id)}/analysis`, {
        status: v.status,
        ...(v.status === "not_affected" ? { justification: v.justification } : {}),
        ...(v.response ? { response: v.response } : {}),
        ...(v.detail.trim() ? { detail: v.detail.trim() } : {}),
        applyToSameComponent: v.applyToSameComponent,
      }),
    (r) => onSaved(Array.isArray(r.appliedTo) ? r.appliedTo.length : Number(r.appliedTo ?? 0)),
  );
  const status = form.getValues().status;
  return (
    <form onSubmit={onSubmit} aria-label="VEX analysis" noValidate>
      <Stack gap="sm">
        <Radio.Group label="Status" withAsterisk {...form.getInputProps("status")}>
          <Group gap="md" mt={4}>
            {STATUSES.map((s) => (
              <Radio key={s} value={s} label={STATUS_LABELS[s]} />
            ))}
          </Group>
        </Radio.Group>
        {status === "not_affected" && (
          <Select
            label="Justification"
            withAsterisk
            placeholder="Why is the product not affected?"
            data={JUSTIFICATIONS.map((j) => ({ value: j, label: JUSTIFICATION_LABELS[j] }))}
            {...form.getInputProps("justification")}
          />
        )}
        <Select label="Response" placeholder="None" clearable data={RESPONSES.map((r) => ({ value: r, label: RESPONSE_LABELS[r] }))} {...form.getInputProps("response")} />
        <Textarea label="Detail" description="What was checked and by what evidence" autosize minRows={3} {...form.getInputProps("detail")} />
        <Checkbox
          label={`Apply to ${finding.component.name} in other versions and devices with the same vulnerability`}
          {...form.getInputProps("applyToSameComponent", { type: "checkbox" })}
        />
        <FormError failure={failure} />
        <Group justify="flex-end">
          <Button type="submit" loading={submitting}>
            Record analysis
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RescoringForm({ finding, onSaved }: { finding: FindingDetail; onSaved: () => void }) {
  const questions = useQuery({ queryKey: ["findings", "rescoring-questions"], queryFn: () => api.get<RescoringQuestion[] | { questions: RescoringQuestion[] }>("/api/findings/rescoring-questions"), staleTime: Infinity });
  const list = Array.isArray(questions.data) ? questions.data : (questions.data?.questions ?? []);
  const [answers, setAnswers] = useState<Record<string, string>>(finding.rescoring?.answers ?? {});
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  if (questions.isPending) return <Loader size="sm" />;
  if (questions.isError) return <Alert color="red">{errorMessage(questions.error)}</Alert>;
  const complete = list.every((q) => answers[q.id]);
  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await api.post(`/api/findings/${encodeURIComponent(finding.id)}/rescoring`, answers);
      onSaved();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Stack gap="sm" aria-label="Clinical rescoring" role="group">
      {list.map((q) => (
        <Select
          key={q.id}
          label={q.question}
          data={q.options.map((o) => ({ value: o.value, label: o.label }))}
          value={answers[q.id] ?? null}
          onChange={(v) => setAnswers({ ...answers, [q.id]: v ?? "" })}
        />
      ))}
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button variant="light" onClick={save} loading={saving} disabled={!complete}>
          Save rescoring
        </Button>
      </Group>
    </Stack>
  );
}

type AnalysisState = { status?: string; justification?: string | null; response?: string | null; detail?: string | null; adjustedScore?: number; source?: { publisher: string | null; documentId: string; revision: string | null }; policy?: { name: string }; reason?: string };

const KIND_LABELS: Record<string, string> = { analysis: "Analysis", rescoring: "Clinical rescoring", matched: "Matched", resolved: "Resolved", reopened: "Reopened", vex_accepted: "Supplier VEX accepted", policy_applied: "Set by triage policy", policy_reopened: "Re-opened: policy ended", exploited: "Marked actively exploited", exploited_withdrawn: "Exploited mark withdrawn" };

function describe(h: FindingHistoryEntry): { status: string; detail: string } {
  const after = (h.after && typeof h.after === "object" ? h.after : {}) as AnalysisState;
  const status = after.status ? (STATUS_LABELS[after.status as keyof typeof STATUS_LABELS] ?? after.status) : "";
  const justification = after.justification ? (JUSTIFICATION_LABELS[after.justification as keyof typeof JUSTIFICATION_LABELS] ?? after.justification) : null;
  const response = after.response ? (RESPONSE_LABELS[after.response as keyof typeof RESPONSE_LABELS] ?? after.response) : null;
  const score = typeof after.adjustedScore === "number" ? `adjusted score ${after.adjustedScore}` : null;
  const source = after.source && typeof after.source === "object" ? `from ${after.source.publisher ?? "supplier"} ${after.source.documentId}${after.source.revision ? ` rev ${after.source.revision}` : ""}` : null;
  const exploited = h.kind === "exploited" ? `source: ${(h.after as { source: string }).source}` : null;
  const policy = after.policy ? `${h.kind === "policy_reopened" ? "re-opened by" : "set by"} policy ${after.policy.name}${after.reason ? ` (${after.reason.replaceAll("_", " ")})` : ""}` : null;
  return { status: [status, justification && `(${justification})`].filter(Boolean).join(" "), detail: [policy, response, after.detail, score, source, exploited, h.kind === "exploited_withdrawn" ? after.reason : null].filter(Boolean).join(" · ") };
}

function HistoryTable({ history }: { history: FindingHistoryEntry[] }) {
  if (history.length === 0) return <Text size="sm" c="dimmed">No history yet.</Text>;
  return (
    <Table fz="sm" withTableBorder aria-label="Finding history">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>When</Table.Th>
          <Table.Th>Who</Table.Th>
          <Table.Th>What</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Detail</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {history.map((h) => {
          const d = describe(h);
          return (
            <Table.Tr key={h.id}>
              <Table.Td>{formatDateTime(h.at)}</Table.Td>
              <Table.Td>{h.actor}</Table.Td>
              <Table.Td>{KIND_LABELS[h.kind] ?? h.kind}</Table.Td>
              <Table.Td>{d.status || "—"}</Table.Td>
              <Table.Td>{d.detail || "—"}</Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <div>{children}</div>
    </Stack>
  );
}

function FindingRisks({ finding }: { finding: FindingDetail }) {
  const linked = useFindingLinkedRisks(finding.id);
  return (
    <Stack gap="xs">
      <Title order={3} size="h5">
        Risk
      </Title>
      <RaiseRisk kind="finding" recordId={finding.id} linked={linked} />
    </Stack>
  );
}

export function FindingDetailView({ id }: { id: string }) {
  const finding = useQuery({ queryKey: findingKeys.one(id), queryFn: () => api.get<FindingDetail>(`/api/findings/${encodeURIComponent(id)}`) });
  const canWrite = useCan("vulnerabilities:write");
  const queryClient = useQueryClient();
  if (finding.isPending) return <Loader />;
  if (finding.isError) return <Alert color="red" role="alert" title="The finding could not be loaded">{errorMessage(finding.error)}</Alert>;
  const f = finding.data;
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: findingKeys.all });
    void queryClient.invalidateQueries({ queryKey: ["cra", "proposals"] });
  };
  const sev = f.vulnerability.severity;
  const r = f.rescoring;
  return (
    <Stack gap="md">
      <Group gap="xs">
        <PriorityBadge priority={f.priority} />
        <StatusBadge status={f.status} />
        <KevEpss vulnerability={f.vulnerability} />
        <ConfidenceBadge confidence={f.matchConfidence} />
      </Group>
      {f.vulnerability.summary && <Text size="sm">{f.vulnerability.summary}</Text>}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Field label="Vulnerability">
          <Anchor component={Link} to={`/vulnerabilities/v/${encodeURIComponent(f.vulnerability.id)}`}>
            {f.vulnerability.id}
          </Anchor>
          {f.vulnerability.aliases.length > 0 && (
            <Text size="xs" c="dimmed">
              {f.vulnerability.aliases.join(", ")}
            </Text>
          )}
        </Field>
        <Field label="Component">
          <Text size="sm">
            {f.component.name} {f.component.version}
          </Text>
          {f.component.purl && <Code fz="xs">{f.component.purl}</Code>}
          {f.component.cpe && <Code fz="xs">{f.component.cpe}</Code>}
        </Field>
        <Field label="Device version">
          <Anchor component={Link} to={`/devices/versions/${encodeURIComponent(f.version.id)}`}>
            {f.deviceModel.name} {f.version.version}
          </Anchor>
        </Field>
        <Field label="Affected range">
          <Text size="sm">{f.affectedRange ?? "—"}</Text>
          <Text size="xs" c="dimmed">
            Fixed in: {f.fixedVersions.length > 0 ? f.fixedVersions.join(", ") : "no fixed version known"}
          </Text>
        </Field>
        <Field label="Remediation due">
          <DueDate dueAt={f.dueAt} overdue={f.overdue} />
        </Field>
        <Field label="First seen">
          <Text size="sm">{formatDate(f.firstSeenAt)}</Text>
        </Field>
      </SimpleGrid>

      <Stack gap={4}>
        <Title order={3} size="h5">
          Priority
        </Title>
        <Text size="sm" data-testid="priority-explanation">
          {f.priorityExplanation ?? "—"}
        </Text>
        {f.priorityFactors && f.priorityFactors.length > 0 && (
          <Table fz="xs" aria-label="Priority factors">
            <Table.Tbody>
              {f.priorityFactors.map((p) => (
                <Table.Tr key={p.factor}>
                  <Table.Td>{p.factor}</Table.Td>
                  <Table.Td ta="right">{p.contribution > 0 ? `+${p.contribution}` : p.contribution}</Table.Td>
                  <Table.Td c="dimmed">{p.detail}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {f.deadlines && f.deadlines.length > 0 && (
          <Table fz="xs" aria-label="Deadlines">
            <Table.Tbody>
              {f.deadlines.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>{formatDate(d.dueDate)}</Table.Td>
                  <Table.Td>{d.action}</Table.Td>
                  <Table.Td c="dimmed">{d.basis}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>

      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Field label="Original CVSS score">
          <Text size="sm" fw={600}>
            {sev?.score ?? "—"} {sev?.version ? `(CVSS ${sev.version})` : ""}
          </Text>
          {sev?.vector && <Code fz="xs">{sev.vector}</Code>}
        </Field>
        <Field label="Clinical rescoring">
          {r ? (
            <>
              <Text size="sm" fw={600} data-testid="rescored-score">
                {r.adjustedScore ?? "—"} {r.adjusted?.severity ? `(${r.adjusted.severity})` : ""}
              </Text>
              {r.adjusted?.vector && <Code fz="xs">{r.adjusted.vector}</Code>}
              {r.effects && r.effects.length > 0 && (
                <Text size="xs" c="dimmed">
                  {r.effects.map((e) => `${e.metrics.join(" ")}: ${e.rationale}`).join("; ")}
                </Text>
              )}
            </>
          ) : (
            <Text size="sm" c="dimmed">
              Not rescored
            </Text>
          )}
        </Field>
      </SimpleGrid>

      <ExploitedMark finding={f} canWrite={canWrite} onChanged={refresh} />

      <FindingRisks finding={f} />

      <SupplierVex findingId={f.id} canWrite={canWrite} onAccepted={refresh} />

      {canWrite && (
        <Stack gap="xs">
          <Title order={3} size="h5">
            Record an analysis
          </Title>
          <AnalysisForm
            key={`${f.id}-${f.history.length}`}
            finding={f}
            onSaved={(n) => {
              refresh();
              notifications.show({ color: "teal", title: "Analysis recorded", message: n > 0 ? `Also applied to ${n} other finding(s).` : "The finding was updated." });
            }}
          />
        </Stack>
      )}
      <Stack gap="xs">
        <Title order={3} size="h5">
          History
        </Title>
        <HistoryTable history={f.history} />
      </Stack>
      {canWrite && (
        <Stack gap="xs">
          <Title order={3} size="h5">
            Clinical rescoring
          </Title>
          <Text size="xs" c="dimmed">
            Adjusts the CVSS vector for this device's clinical context; the original score stays beside it.
          </Text>
          <RescoringForm
            finding={f}
            onSaved={() => {
              refresh();
              notifications.show({ color: "teal", title: "Rescoring saved", message: "The clinical score is shown beside the original." });
            }}
          />
        </Stack>
      )}
    </Stack>
  );
}

/** The finding as a drawer over the list it was opened from. */
export function FindingDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  return (
    <Drawer opened={id !== null} onClose={onClose} position="right" size="xl" title="Finding">
      {id && <FindingDetailView id={id} />}
    </Drawer>
  );
}
