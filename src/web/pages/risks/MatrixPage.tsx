import { Alert, Badge, Button, Group, List, NumberInput, Paper, Stack, Table, Text, Textarea, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { AUTHORITY_LABELS, maxScore, type RiskMatrix, type ScaleLevel, validateMatrix } from "../../../core/risks";
import { ApiError, api, errorMessage } from "../../api/client";
import { useCan } from "../../auth/session";
import { Page } from "../../components/Page";
import { levelColor, useMatrix, useRefreshRisks } from "./api";

type Axis = "likelihood" | "impact";
const AXIS_TITLES: Record<Axis, string> = { likelihood: "Likelihood", impact: "Impact" };
const MIN_LEVELS = 3;
const MAX_LEVELS = 10;

/** A refused save: a 409 names the risks rated outside the new scales, a 400 the matrix rules that are broken. */
type SaveFailure = { title: string; message: string; details: string[] };

function failureOf(err: unknown): SaveFailure {
  if (err instanceof ApiError && err.status === 409) {
    const references = err.details.map((d) => d.path);
    return {
      title: "Not saved: risks are rated outside the new matrix",
      message:
        references.length > 0
          ? `${references.length} risk(s) are rated on levels the new matrix no longer has. Re-rate them first, then save the matrix again; nothing was changed.`
          : err.message,
      details: references,
    };
  }
  if (err instanceof ApiError) return { title: "Not saved", message: err.message, details: err.details.map((d) => `${d.path}: ${d.message}`) };
  return { title: "Not saved", message: errorMessage(err), details: [] };
}

function ScaleTable({ axis, levels, canWrite, onChange }: { axis: Axis; levels: ScaleLevel[]; canWrite: boolean; onChange: (levels: ScaleLevel[]) => void }) {
  const name = AXIS_TITLES[axis];
  const set = (index: number, patch: Partial<ScaleLevel>) => onChange(levels.map((l, i) => (i === index ? { ...l, ...patch } : l)));
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-label={`${name} scale`}>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {name}
        </Title>
        {canWrite && (
          <Group gap="xs">
            <Button
              size="xs"
              variant="default"
              disabled={levels.length >= MAX_LEVELS}
              onClick={() => onChange([...levels, { value: levels.length + 1, label: "", definition: "" }])}
            >
              Add level
            </Button>
            <Button size="xs" variant="default" color="red" disabled={levels.length <= MIN_LEVELS} onClick={() => onChange(levels.slice(0, -1))}>
              Remove level {levels.length}
            </Button>
          </Group>
        )}
      </Group>
      <Table withTableBorder fz="sm" aria-label={`${name} levels`} verticalSpacing={canWrite ? 4 : undefined}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={60}>Level</Table.Th>
            <Table.Th w={canWrite ? 200 : 160}>Label</Table.Th>
            <Table.Th>Definition</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {levels.map((l, i) => (
            <Table.Tr key={l.value}>
              <Table.Td fw={600}>{l.value}</Table.Td>
              <Table.Td>
                {canWrite ? (
                  <TextInput aria-label={`Label of ${axis} ${l.value}`} size="xs" maxLength={60} value={l.label} onChange={(e) => set(i, { label: e.currentTarget.value })} />
                ) : (
                  l.label
                )}
              </Table.Td>
              <Table.Td>
                {canWrite ? (
                  <Textarea
                    aria-label={`Definition of ${axis} ${l.value}`}
                    size="xs"
                    autosize
                    minRows={1}
                    maxLength={1000}
                    value={l.definition}
                    onChange={(e) => set(i, { definition: e.currentTarget.value })}
                  />
                ) : (
                  l.definition
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function BandsTable({ matrix, canWrite, onChange }: { matrix: RiskMatrix; canWrite: boolean; onChange: (bands: RiskMatrix["bands"]) => void }) {
  const top = maxScore(matrix);
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h4" mb={4}>
        Level bands
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        The score is likelihood × impact (1 to {top}); a band applies from its first score up to the next band. The acceptance column names the lowest
        authority that may accept a residual risk of that level.
      </Text>
      <Table withTableBorder fz="sm" aria-label="Level bands">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Level</Table.Th>
            <Table.Th>Scores</Table.Th>
            <Table.Th>Accepted by at least</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {matrix.bands.map((b, i) => {
            const next = matrix.bands[i + 1];
            const upTo = next ? next.minScore - 1 : top;
            return (
              <Table.Tr key={b.level}>
                <Table.Td>
                  <Badge color={levelColor[b.level]} variant="light">
                    {b.level}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {canWrite && i > 0 ? (
                    <Group gap={6} wrap="nowrap">
                      <NumberInput
                        aria-label={`First score of ${b.level}`}
                        size="xs"
                        w={80}
                        min={1}
                        max={top}
                        allowDecimal={false}
                        value={b.minScore}
                        onChange={(v) => onChange(matrix.bands.map((x, j) => (j === i ? { ...x, minScore: typeof v === "number" ? v : Number(v) || 0 } : x)))}
                      />
                      <Text size="sm">to {upTo}</Text>
                    </Group>
                  ) : (
                    `${b.minScore} to ${upTo}`
                  )}
                </Table.Td>
                <Table.Td>{AUTHORITY_LABELS[matrix.acceptanceAuthority[b.level]]}</Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

/** Keeps the harm-severity mapping inside a shortened impact scale (it must name an existing impact level). */
function withImpact(m: RiskMatrix, impact: ScaleLevel[]): RiskMatrix {
  const severityImpact = Object.fromEntries(Object.entries(m.severityImpact).map(([s, v]) => [s, Math.min(v, impact.length)])) as RiskMatrix["severityImpact"];
  return { ...m, impact, severityImpact };
}

function MatrixEditor({ saved, canWrite }: { saved: RiskMatrix; canWrite: boolean }) {
  const refresh = useRefreshRisks();
  const [draft, setDraft] = useState(saved);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<SaveFailure | null>(null);
  const changed = JSON.stringify(draft) !== JSON.stringify(saved);
  const problems = changed ? validateMatrix(draft) : [];

  const save = async () => {
    setSaving(true);
    setFailure(null);
    try {
      const trim = (levels: ScaleLevel[]) => levels.map((l) => ({ ...l, label: l.label.trim(), definition: l.definition.trim() }));
      await api.put<RiskMatrix>("/api/risks/matrix", { ...draft, likelihood: trim(draft.likelihood), impact: trim(draft.impact) });
      notifications.show({ color: "teal", title: "Risk matrix saved", message: "Ratings across the register now use the new matrix." });
      await refresh();
    } catch (err) {
      setFailure(failureOf(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack gap="md">
      <ScaleTable axis="likelihood" levels={draft.likelihood} canWrite={canWrite} onChange={(likelihood) => setDraft({ ...draft, likelihood })} />
      <ScaleTable axis="impact" levels={draft.impact} canWrite={canWrite} onChange={(impact) => setDraft(withImpact(draft, impact))} />
      <BandsTable matrix={draft} canWrite={canWrite} onChange={(bands) => setDraft({ ...draft, bands })} />
      {problems.length > 0 && (
        <Alert color="yellow" title="The matrix cannot be saved like this">
          <List size="sm">
            {problems.map((p) => (
              <List.Item key={`${p.path}:${p.message}`}>
                {p.path}: {p.message}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {failure && (
        <Alert color="red" role="alert" title={failure.title}>
          <Text size="sm">{failure.message}</Text>
          {failure.details.length > 0 && (
            <List size="sm" mt={4}>
              {failure.details.map((d) => (
                <List.Item key={d}>{d}</List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
      {canWrite && (
        <Group justify="flex-end">
          <Button
            variant="default"
            disabled={!changed || saving}
            onClick={() => {
              setDraft(saved);
              setFailure(null);
            }}
          >
            Discard changes
          </Button>
          <Button onClick={() => void save()} loading={saving} disabled={!changed || problems.length > 0}>
            Save matrix
          </Button>
        </Group>
      )}
    </Stack>
  );
}

export function MatrixPage() {
  const matrix = useMatrix();
  const canWrite = useCan("risks:write");
  return (
    <Page
      title="Risk matrix"
      description="The likelihood and impact scales every risk is rated on, and the bands that turn a score into a level. Levels can only be removed while no risk is rated on them."
    >
      {matrix.isError && (
        <Alert color="red" title="The matrix could not be loaded">
          {errorMessage(matrix.error)}
        </Alert>
      )}
      {matrix.data && <MatrixEditor key={JSON.stringify(matrix.data)} saved={matrix.data} canWrite={canWrite} />}
    </Page>
  );
}
