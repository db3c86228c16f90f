import { Alert, Badge, Button, Group, List, Paper, Radio, SegmentedControl, Stack, Text, Textarea, Title } from "@mantine/core";
import { useState } from "react";
import { type Answer, type QuestionId, significanceQuestions } from "../../../core/incidents";
import { errorMessage } from "../../api/client";
import { formatDateTime } from "../../components/format";
import { type Incident, incidentApi, useInvalidateIncident } from "./api";

const QUESTIONS = significanceQuestions("medical_device_manufacturer");
const ANSWERS = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
  { value: "unknown", label: "Unknown" },
];

function Proposal({ incident }: { incident: Incident }) {
  const p = incident.assessment?.proposal;
  if (!p) return null;
  const color = p.outcome === "significant" ? "red" : p.outcome === "not_significant" ? "teal" : "yellow";
  return (
    <Paper withBorder p="md" aria-label="Proposal">
      <Stack gap="xs">
        <Group gap="xs">
          <Title order={3} size="h5">
            Proposal:
          </Title>
          <Badge color={color} size="lg" variant="light" data-testid="proposal-outcome">
            {p.label}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">
          Assessed {formatDateTime(incident.assessment?.assessedAt)} by {incident.assessment?.assessedBy}
        </Text>
        {p.decidingCriteria.length > 0 && (
          <>
            <Text size="sm" fw={600}>
              Deciding criteria
            </Text>
            <List size="sm" aria-label="Deciding criteria">
              {p.decidingCriteria.map((c) => (
                <List.Item key={c.id}>
                  {c.statement} <Text span c="dimmed">({c.basis}{c.binding ? "" : ", indicator only"})</Text>
                </List.Item>
              ))}
            </List>
          </>
        )}
        {p.reasoning.length > 0 && (
          <List size="sm" c="dimmed">
            {p.reasoning.map((r) => (
              <List.Item key={r}>{r}</List.Item>
            ))}
          </List>
        )}
        {p.warnings.map((w) => (
          <Alert key={w} color="orange" p="xs">
            {w}
          </Alert>
        ))}
        {p.hints.map((h) => (
          <Text key={h} size="sm" c="blue">
            {h}
          </Text>
        ))}
      </Stack>
    </Paper>
  );
}

function Decision({ incident, canWrite }: { incident: Incident; canWrite: boolean }) {
  const invalidate = useInvalidateIncident();
  const [mode, setMode] = useState<"confirm" | "override">("confirm");
  const [outcome, setOutcome] = useState<"significant" | "not_significant">("significant");
  const [rationale, setRationale] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const proposal = incident.assessment?.proposal;
  if (!proposal) return null;
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await incidentApi.confirm(incident.id, mode === "confirm" ? {} : { outcome, rationale });
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
          Your decision
        </Title>
        {incident.significance && (
          <Alert color={incident.significance.outcome === "significant" ? "red" : "teal"} title={`Confirmed: ${incident.significance.label}`}>
            by {incident.significance.confirmedBy}, {formatDateTime(incident.significance.confirmedAt)}
            {incident.significance.overridden ? ` — proposal overridden: ${incident.significance.rationale}` : ""}
          </Alert>
        )}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {canWrite && (
          <>
            <Radio.Group value={mode} onChange={(v) => setMode(v as "confirm" | "override")} label="Decision">
              <Stack gap={4} mt={4}>
                <Radio value="confirm" label={`Confirm the proposal (${proposal.label})`} disabled={proposal.outcome === "undetermined"} />
                <Radio value="override" label="Override the proposal, with a rationale" />
              </Stack>
            </Radio.Group>
            {mode === "override" && (
              <>
                <SegmentedControl
                  aria-label="Outcome"
                  value={outcome}
                  onChange={(v) => setOutcome(v as typeof outcome)}
                  data={[
                    { value: "significant", label: "Significant — report" },
                    { value: "not_significant", label: "Not significant — keep record" },
                  ]}
                />
                <Textarea label="Rationale" required autosize minRows={2} value={rationale} onChange={(e) => setRationale(e.currentTarget.value)} />
              </>
            )}
            <Group justify="flex-end">
              <Button onClick={() => void confirm()} loading={busy} disabled={mode === "override" && !rationale.trim()}>
                {mode === "confirm" ? "Confirm decision" : "Override and confirm"}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Paper>
  );
}

/** The Art. 23(3) questions from the core; the server proposes, a person confirms or overrides. */
export function AssessmentTab({ incident, canWrite }: { incident: Incident; canWrite: boolean }) {
  const invalidate = useInvalidateIncident();
  const [answers, setAnswers] = useState<Partial<Record<QuestionId, Answer>>>(
    () => (incident.assessment?.answers as Partial<Record<QuestionId, Answer>>) ?? {},
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const assess = async () => {
    setBusy(true);
    setError(null);
    try {
      await incidentApi.assess(incident.id, { answers });
      await invalidate();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="md">
      <Paper withBorder p="md">
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            NIS2 Art. 23(3): an incident is significant when it has caused or can cause severe operational disruption or financial loss, or considerable
            damage to others. The criteria of Reg. (EU) 2024/2690 serve as indicators for a medical device manufacturer. The impact and facts of the
            record are taken into account.
          </Text>
          {QUESTIONS.map((q, n) => (
            <Stack key={q.id} gap={4} role="group" aria-label={`Question ${n + 1}`}>
              <Text size="sm" fw={600}>
                {n + 1}. {q.question}
              </Text>
              <Text size="xs" c="dimmed">
                {q.help} ({q.basis})
              </Text>
              <SegmentedControl
                aria-label={q.question}
                size="xs"
                w={260}
                data={ANSWERS}
                value={answers[q.id] ?? "unknown"}
                onChange={(v) => setAnswers((a) => ({ ...a, [q.id]: v as Answer }))}
                readOnly={!canWrite}
                data-question={q.id}
              />
            </Stack>
          ))}
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          {canWrite && (
            <Group justify="flex-end">
              <Button onClick={() => void assess()} loading={busy}>
                Assess significance
              </Button>
            </Group>
          )}
        </Stack>
      </Paper>
      <Proposal incident={incident} />
      <Decision incident={incident} canWrite={canWrite} />
    </Stack>
  );
}
