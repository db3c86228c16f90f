import { Alert, Button, Group, List, Modal, Paper, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { errorMessage } from "../../api/client";
import { useSession } from "../../auth/session";
import { formatDateTime } from "../../components/format";
import { type Incident, incidentApi, type ObligationView, useInvalidateIncident, useObligations } from "./api";
import { DueCell } from "./BoardPage";
import { Countdown, isoToLocalInput, localInputToIso, NationalVerified, ObligationStatusBadge, REGIME_LABELS, span, stageLabel, useServerNow } from "./format";

function SubmitModal({ incident, obligation, onClose }: { incident: Incident; obligation: ObligationView; onClose: () => void }) {
  const { user } = useSession();
  const invalidate = useInvalidateIncident();
  const [submittedAt, setSubmittedAt] = useState(isoToLocalInput(new Date().toISOString()));
  const [channel, setChannel] = useState("");
  const [reference, setReference] = useState("");
  const [by, setBy] = useState(user.name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const res = await incidentApi.submit(incident.id, {
        obligationId: obligation.id,
        submittedAt: localInputToIso(submittedAt),
        channel: channel.trim() || undefined,
        reference: reference.trim() || undefined,
        submittedBy: by.trim() || undefined,
      });
      notifications.show({ color: res.late ? "orange" : "teal", message: `${stageLabel(obligation.stage)} recorded as ${res.late ? "submitted late" : "submitted"}` });
      await invalidate();
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={`Mark submitted: ${REGIME_LABELS[obligation.regime] ?? obligation.regime} ${stageLabel(obligation.stage)}`}>
      <Stack gap="sm">
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <TextInput type="datetime-local" label="Submitted at" description="Your local time" value={submittedAt} onChange={(e) => setSubmittedAt(e.currentTarget.value)} required />
        <TextInput label="Channel" placeholder="e.g. BSI reporting portal" value={channel} onChange={(e) => setChannel(e.currentTarget.value)} />
        <TextInput label="Reference number" value={reference} onChange={(e) => setReference(e.currentTarget.value)} />
        <TextInput label="Submitted by" value={by} onChange={(e) => setBy(e.currentTarget.value)} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => void save()} loading={busy}>
            Record submission
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function IntermediateRequest({ incident }: { incident: Incident }) {
  const invalidate = useInvalidateIncident();
  const [requestedAt, setRequestedAt] = useState("");
  const [dueAt, setDueAt] = useState("");
  const [reference, setReference] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await incidentApi.requestIntermediate(incident.id, { requestedAt: localInputToIso(requestedAt), dueAt: localInputToIso(dueAt), reference: reference.trim() || undefined });
      setRequestedAt("");
      setDueAt("");
      setReference("");
      await invalidate();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        <Title order={3} size="h5">
          Intermediate report requested by the CSIRT or authority
        </Title>
        <Text size="xs" c="dimmed">
          NIS2 Art. 23(4)(c): due on the date the CSIRT or authority sets.
        </Text>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Group align="flex-end" wrap="wrap">
          <TextInput type="datetime-local" label="Requested at" value={requestedAt} onChange={(e) => setRequestedAt(e.currentTarget.value)} />
          <TextInput type="datetime-local" label="Due at" value={dueAt} onChange={(e) => setDueAt(e.currentTarget.value)} />
          <TextInput label="Their reference" value={reference} onChange={(e) => setReference(e.currentTarget.value)} />
          <Button onClick={() => void save()} loading={busy} disabled={!requestedAt || !dueAt}>
            Record request
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

export function ObligationsTab({ incident, canWrite }: { incident: Incident; canWrite: boolean }) {
  const obligations = useObligations(incident.id);
  const now = useServerNow(obligations.data?.now);
  const [submitting, setSubmitting] = useState<ObligationView | null>(null);
  if (obligations.isError) return <Alert color="red">{errorMessage(obligations.error)}</Alert>;
  const data = obligations.data;
  return (
    <Stack gap="md">
      {data && (
        <Text size="sm" c="dimmed">
          {data.nis2.reason} Deadlines are computed in {data.timeZone}
          {data.memberState ? ` (${data.memberState})` : ""}.
        </Text>
      )}
      <Table withTableBorder striped aria-label="Obligations" fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Obligation</Table.Th>
            <Table.Th>Deadline</Table.Th>
            <Table.Th>Time left</Table.Th>
            <Table.Th>Rule</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(data?.obligations ?? []).map((o) => {
            const open = o.status === "pending" || o.status === "overdue";
            return (
              <Table.Tr key={o.id} data-obligation={o.id} bg={o.status === "overdue" ? "var(--mantine-color-red-1)" : undefined}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {REGIME_LABELS[o.regime] ?? o.regime} · {stageLabel(o.stage)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    to {o.recipient}
                  </Text>
                  {o.condition && (
                    <Text size="xs" c="orange">
                      {o.condition}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <DueCell o={o} />
                </Table.Td>
                <Table.Td>{open ? <Countdown dueAt={o.dueAt} now={now} /> : null}</Table.Td>
                <Table.Td>
                  <Text size="xs">{o.rule}</Text>
                  <Text size="xs" c="dimmed">
                    {o.basis}
                  </Text>
                  <NationalVerified o={o} />
                </Table.Td>
                <Table.Td>
                  <Stack gap={2}>
                    <ObligationStatusBadge status={o.status} />
                    {o.submission && (
                      <Text size="xs">
                        {formatDateTime(o.submission.submittedAt)}
                        {o.submission.channel ? ` via ${o.submission.channel}` : ""}
                        {o.submission.reference ? `, ref. ${o.submission.reference}` : ""}
                        {o.submission.by ? `, by ${o.submission.by}` : ""}
                      </Text>
                    )}
                    {o.status === "submitted_late" && o.lateByMs !== undefined && (
                      <Text size="xs" c="orange" fw={600}>
                        late by {span(o.lateByMs)}
                      </Text>
                    )}
                  </Stack>
                </Table.Td>
                <Table.Td>
                  {canWrite && open && (
                    <Button size="xs" variant="light" onClick={() => setSubmitting(o)} aria-label={`Mark ${stageLabel(o.stage)} submitted`}>
                      Mark submitted
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
      {(data?.notes ?? []).length > 0 && (
        <List size="xs" c="dimmed">
          {data?.notes.map((n) => (
            <List.Item key={n}>{n}</List.Item>
          ))}
        </List>
      )}
      {canWrite && incident.classification === "significant" && <IntermediateRequest incident={incident} />}
      {submitting && <SubmitModal incident={incident} obligation={submitting} onClose={() => setSubmitting(null)} />}
    </Stack>
  );
}
