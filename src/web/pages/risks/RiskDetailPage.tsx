import { Alert, Anchor, Badge, Button, Card, Group, Modal, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { Link, useParams } from "react-router";
import { AUTHORITIES, AUTHORITY_LABELS, HARM_SEVERITY_DEFINITIONS, LINK_KINDS, PHASE_LABELS } from "../../../core/risks";
import { api, errorMessage } from "../../api/client";
import { useCan } from "../../auth/session";
import { FormError, useApiForm } from "../../components/forms";
import { formatDate, formatDateTime } from "../../components/format";
import { Page } from "../../components/Page";
import { assetTypeLabels, levelColor, type Rating, type RiskDetail, statusLabels, treatmentLabels, useMatrix, useRefreshRisks, useRisk } from "./api";
import { RiskForm } from "./RiskForm";
import { DateField } from "../../components/DateField";

const orNull = (s: string) => (s.trim() === "" ? null : s.trim());

function RatingBadge({ r }: { r: Rating | null }) {
  if (!r) return <Text c="dimmed">not rated</Text>;
  return (
    <Badge color={levelColor[r.level]} variant="light" size="lg">
      {r.score} · {r.level}
    </Badge>
  );
}

function ActionForm({ risk, onDone }: { risk: RiskDetail; onDone: () => void }) {
  const form = useForm({ mode: "uncontrolled", initialValues: { title: "", owner: "", dueDate: "" } });
  const { onSubmit, failure, submitting } = useApiForm(
    form,
    (v) => api.post(`/api/risks/${risk.id}/actions`, { title: v.title, owner: orNull(v.owner), dueDate: orNull(v.dueDate) }),
    () => {
      form.reset();
      onDone();
    },
  );
  return (
    <form onSubmit={onSubmit} noValidate>
      <FormError failure={failure} />
      <Group align="flex-end" gap="xs">
        <TextInput label="New action" required placeholder="What will be done" key={form.key("title")} {...form.getInputProps("title")} style={{ flex: 1 }} />
        <TextInput label="Owner" key={form.key("owner")} {...form.getInputProps("owner")} />
        <DateField label="Due" w={150} key={form.key("dueDate")} {...form.getInputProps("dueDate")} />
        <Button type="submit" loading={submitting}>
          Add
        </Button>
      </Group>
    </form>
  );
}

function AcceptanceForm({ risk, onDone }: { risk: RiskDetail; onDone: () => void }) {
  const form = useForm({ mode: "uncontrolled", initialValues: { acceptedBy: "", authority: risk.requiredAuthority as string, statement: "", benefitRisk: "", validUntil: "" } });
  const { onSubmit, failure, submitting } = useApiForm(
    form,
    (v) =>
      api.post(`/api/risks/${risk.id}/acceptances`, {
        acceptedBy: v.acceptedBy,
        authority: v.authority,
        statement: v.statement,
        benefitRisk: orNull(v.benefitRisk),
        validUntil: orNull(v.validUntil),
      }),
    () => onDone(),
  );
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="xs">
        <FormError failure={failure} />
        <Text size="sm">
          A {risk.current.level} risk needs at least: <b>{AUTHORITY_LABELS[risk.requiredAuthority]}</b>.
        </Text>
        <Group grow>
          <TextInput label="Accepted by (name and function)" required key={form.key("acceptedBy")} {...form.getInputProps("acceptedBy")} />
          <Select label="Authority" allowDeselect={false} data={AUTHORITIES.map((a) => ({ value: a, label: AUTHORITY_LABELS[a] }))} key={form.key("authority")} {...form.getInputProps("authority")} />
          <DateField label="Valid until" key={form.key("validUntil")} {...form.getInputProps("validUntil")} />
        </Group>
        <Textarea label="Statement" required description="What is accepted, why, and under which conditions" autosize minRows={2} key={form.key("statement")} {...form.getInputProps("statement")} />
        {(risk.patientSafety === "critical" || risk.patientSafety === "catastrophic") && (
          <Textarea label="Benefit-risk rationale (ISO 14971 clause 7.4)" required autosize minRows={2} key={form.key("benefitRisk")} {...form.getInputProps("benefitRisk")} />
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={submitting}>
            Record acceptance
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function ReviewForm({ risk, onDone }: { risk: RiskDetail; onDone: () => void }) {
  const form = useForm({ mode: "uncontrolled", initialValues: { notes: "", nextReviewDate: "" } });
  const { onSubmit, failure, submitting } = useApiForm(
    form,
    (v) => api.post(`/api/risks/${risk.id}/reviews`, { notes: v.notes, nextReviewDate: orNull(v.nextReviewDate) }),
    () => {
      form.reset();
      onDone();
    },
  );
  return (
    <form onSubmit={onSubmit} noValidate>
      <FormError failure={failure} />
      <Group align="flex-end" gap="xs">
        <TextInput label="Review notes" required key={form.key("notes")} {...form.getInputProps("notes")} style={{ flex: 1 }} />
        <TextInput label="Next review" placeholder="by level if empty" w={160} key={form.key("nextReviewDate")} {...form.getInputProps("nextReviewDate")} />
        <Button type="submit" loading={submitting} variant="light">
          Record review
        </Button>
      </Group>
    </form>
  );
}

function LinkForm({ risk, onDone }: { risk: RiskDetail; onDone: () => void }) {
  const form = useForm({ mode: "uncontrolled", initialValues: { kind: "control", refId: "" } });
  const { onSubmit, failure, submitting } = useApiForm(
    form,
    (v) => api.post(`/api/risks/${risk.id}/links`, { kind: v.kind, refId: v.refId }),
    () => {
      form.reset();
      onDone();
    },
  );
  return (
    <form onSubmit={onSubmit} noValidate>
      <FormError failure={failure} />
      <Group align="flex-end" gap="xs">
        <Select label="Kind" w={160} allowDeselect={false} data={LINK_KINDS.map((k) => ({ value: k, label: k.replace("_", " ") }))} key={form.key("kind")} {...form.getInputProps("kind")} />
        <TextInput label="Id" required placeholder="record id or catalog id" key={form.key("refId")} {...form.getInputProps("refId")} style={{ flex: 1 }} />
        <Button type="submit" loading={submitting} variant="light">
          Link
        </Button>
      </Group>
    </form>
  );
}

const linkTarget = (kind: string, refId: string) =>
  kind === "incident" ? `/incidents/${refId}` : kind === "finding" ? `/vulnerabilities?finding=${encodeURIComponent(refId)}` : kind === "device_model" ? "/devices" : kind === "requirement" ? `/compliance/catalog?item=${encodeURIComponent(refId)}` : null;

export function RiskDetailPage() {
  const { id = "" } = useParams();
  const risk = useRisk(id);
  const matrix = useMatrix();
  const canWrite = useCan("risks:write");
  const refresh = useRefreshRisks();
  const [editing, setEditing] = useState(false);
  const r = risk.data;
  if (risk.isError) {
    return (
      <Page title="Risk">
        <Alert color="red" title="The risk could not be loaded">
          {errorMessage(risk.error)}
        </Alert>
      </Page>
    );
  }
  if (!r) return <Page title="Risk" />;

  const setActionStatus = async (actionId: string, status: string) => {
    try {
      await api.patch(`/api/risks/${r.id}/actions/${actionId}`, { status });
      await refresh();
    } catch (err) {
      notifications.show({ color: "red", title: "Not saved", message: errorMessage(err) });
    }
  };

  return (
    <Page
      title={`${r.reference} · ${r.title}`}
      description={
        <>
          {PHASE_LABELS[r.phase]} · {assetTypeLabels[r.assetType]}: {r.asset}
          {r.deviceModelName ? ` · ${r.deviceModelName}` : ""} · <Anchor component={Link} to="/risks">Back to the register</Anchor>
        </>
      }
      actions={canWrite && <Button onClick={() => setEditing(true)}>Edit risk</Button>}
    >
      {r.warnings.map((w) => (
        <Alert key={w.path} color="yellow" variant="light">
          {w.message}
        </Alert>
      ))}
      <SimpleGrid cols={{ base: 1, md: 4 }}>
        <Card withBorder>
          <Text size="xs" c="dimmed">Inherent</Text>
          <RatingBadge r={r.inherent} />
          <Text size="xs" mt={4}>L{r.inherentLikelihood} × I{r.inherentImpact}</Text>
        </Card>
        <Card withBorder>
          <Text size="xs" c="dimmed">Residual</Text>
          <RatingBadge r={r.residual} />
          {r.residual && <Text size="xs" mt={4}>L{r.residualLikelihood} × I{r.residualImpact}</Text>}
        </Card>
        <Card withBorder>
          <Text size="xs" c="dimmed">Treatment · status</Text>
          <Text fw={600}>{r.treatment ? treatmentLabels[r.treatment] : "Undecided"}</Text>
          <Badge variant="dot" color="gray">{statusLabels[r.status]}</Badge>
        </Card>
        <Card withBorder>
          <Text size="xs" c="dimmed">Owner · review</Text>
          <Text fw={600}>{r.owner ?? "No owner"}</Text>
          <Text size="sm" c={r.reviewOverdue ? "red" : undefined}>
            {formatDate(r.reviewDate)}
            {r.reviewOverdue ? " (overdue)" : ""}
          </Text>
        </Card>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Stack gap={4}>
          <Title order={2} size="h5">Threat and vulnerability</Title>
          <Text size="sm">{r.threat || "—"}</Text>
          <Text size="sm" c="dimmed">{r.vulnerability || "—"}</Text>
          <Text size="sm">
            Affects:{" "}
            {[r.cia.confidentiality && "confidentiality", r.cia.integrity && "integrity", r.cia.availability && "availability"].filter(Boolean).join(", ") || "—"}
            {r.patientSafety ? ` · patient harm ${r.patientSafety} (${HARM_SEVERITY_DEFINITIONS[r.patientSafety]})` : ""}
          </Text>
          {r.description && <Text size="sm">{r.description}</Text>}
        </Stack>
        <Stack gap={4}>
          <Title order={2} size="h5">Treatment plan</Title>
          <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>{r.treatmentPlan || "—"}</Text>
          {r.residualJustification && <Text size="sm" c="dimmed">Justification: {r.residualJustification}</Text>}
        </Stack>
      </SimpleGrid>

      <Stack gap="xs">
        <Title order={2} size="h4">Actions</Title>
        <Table withTableBorder fz="sm" aria-label="Treatment actions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Action</Table.Th>
              <Table.Th>Owner</Table.Th>
              <Table.Th>Due</Table.Th>
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.actions.length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={4}><Text size="sm" c="dimmed">No actions yet.</Text></Table.Td>
              </Table.Tr>
            )}
            {r.actions.map((a) => (
              <Table.Tr key={a.id} bg={a.overdue ? "var(--mantine-color-red-0)" : undefined}>
                <Table.Td>{a.title}</Table.Td>
                <Table.Td>{a.owner ?? "—"}</Table.Td>
                <Table.Td>
                  {formatDate(a.dueDate)} {a.overdue && <Badge color="red" size="xs">overdue</Badge>}
                </Table.Td>
                <Table.Td>
                  {canWrite ? (
                    <Select
                      aria-label={`Status of ${a.title}`}
                      size="xs"
                      w={140}
                      allowDeselect={false}
                      value={a.status}
                      onChange={(v) => v && setActionStatus(a.id, v)}
                      data={[
                        { value: "planned", label: "Planned" },
                        { value: "in_progress", label: "In progress" },
                        { value: "done", label: "Done" },
                        { value: "cancelled", label: "Cancelled" },
                      ]}
                    />
                  ) : (
                    a.status
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {canWrite && <ActionForm risk={r} onDone={() => void refresh()} />}
      </Stack>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Stack gap="xs">
          <Title order={2} size="h4">Acceptance</Title>
          {r.acceptances.map((a) => (
            <Card key={a.id} withBorder padding="sm">
              <Text size="sm" fw={600}>
                {a.acceptedBy} · {AUTHORITY_LABELS[a.authority]}
              </Text>
              <Text size="xs" c="dimmed">
                {formatDateTime(a.acceptedAt)} · {a.score} {a.level}
                {a.validUntil ? ` · valid until ${formatDate(a.validUntil)}` : ""}
              </Text>
              <Text size="sm">{a.statement}</Text>
              {a.benefitRisk && <Text size="sm" c="dimmed">Benefit-risk: {a.benefitRisk}</Text>}
            </Card>
          ))}
          {r.acceptances.length === 0 && <Text size="sm" c="dimmed">Not accepted.</Text>}
          {canWrite && r.treatment === "accept" && <AcceptanceForm risk={r} onDone={() => void refresh()} />}
          {canWrite && r.treatment !== "accept" && <Text size="sm" c="dimmed">Set the treatment to “Accept” to record an acceptance.</Text>}
        </Stack>
        <Stack gap="xs">
          <Title order={2} size="h4">Links</Title>
          <Group gap={6}>
            {r.links.map((l) => {
              const to = linkTarget(l.kind, l.refId);
              return (
                <Badge key={l.id} variant="outline" color="indigo" size="lg" style={{ textTransform: "none" }}>
                  {l.kind.replace("_", " ")}:{" "}
                  {to ? (
                    <Anchor component={Link} to={to} size="xs">
                      {l.refId}
                    </Anchor>
                  ) : (
                    l.refId
                  )}
                </Badge>
              );
            })}
            {r.links.length === 0 && <Text size="sm" c="dimmed">No links.</Text>}
          </Group>
          {canWrite && <LinkForm risk={r} onDone={() => void refresh()} />}
        </Stack>
      </SimpleGrid>

      <Stack gap="xs">
        <Title order={2} size="h4">Review history</Title>
        {r.reviews.map((v) => (
          <Text key={v.id} size="sm">
            <b>{formatDateTime(v.reviewedAt)}</b> · {v.reviewedBy}: {v.notes} — inherent {v.snapshot.inherent.score} {v.snapshot.inherent.level}
            {v.snapshot.residual ? `, residual ${v.snapshot.residual.score} ${v.snapshot.residual.level}` : ""}; next review {formatDate(v.nextReviewDate)}
          </Text>
        ))}
        {r.reviews.length === 0 && <Text size="sm" c="dimmed">Not reviewed yet.</Text>}
        {canWrite && <ReviewForm risk={r} onDone={() => void refresh()} />}
      </Stack>

      <Modal opened={editing} onClose={() => setEditing(false)} title={`Edit ${r.reference}`} size="xl">
        {matrix.data && (
          <RiskForm
            matrix={matrix.data}
            risk={r}
            onCancel={() => setEditing(false)}
            onSaved={() => {
              setEditing(false);
              void refresh();
            }}
          />
        )}
      </Modal>
    </Page>
  );
}
