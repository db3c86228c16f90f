import { Alert, Anchor, Badge, Button, Group, Loader, Select, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { api, errorMessage } from "../../api/client";
import { useCan } from "../../auth/session";
import { levelColor, type RiskDetail, statusLabels, useRefreshRisks, useRisks } from "./api";
import type { LinkedRisks } from "./linked-risks";

type RecordKind = "finding" | "incident";
type FromRecordAnswer = { created: boolean; risk: RiskDetail };

function ExistingRiskPicker({ exclude, busy, onLink, onCancel }: { exclude: string[]; busy: boolean; onLink: (riskId: string) => void; onCancel: () => void }) {
  const register = useRisks("");
  const [riskId, setRiskId] = useState<string | null>(null);
  const options = (register.data ?? [])
    .filter((r) => r.status !== "closed" && !exclude.includes(r.id))
    .map((r) => ({ value: r.id, label: `${r.reference} · ${r.title}` }));
  if (register.isError) return <Alert color="red">{errorMessage(register.error)}</Alert>;
  return (
    <Group align="flex-end" gap="xs">
      <Select
        label="Existing risk"
        placeholder={register.isPending ? "Loading the register…" : "Search by reference or title"}
        searchable
        nothingFoundMessage="No open risk matches"
        data={options}
        value={riskId}
        onChange={setRiskId}
        style={{ flex: 1 }}
      />
      <Button onClick={() => riskId && onLink(riskId)} disabled={!riskId} loading={busy}>
        Link
      </Button>
      <Button variant="subtle" onClick={onCancel}>
        Cancel
      </Button>
    </Group>
  );
}

/**
 * The risks linked to a finding or incident, and for users who may change risks: raise a risk from the record
 * (created pre-filled, or the one already linked) or link the record to an existing risk. Both open the risk.
 */
export function RaiseRisk({ kind, recordId, linked, onLinked }: { kind: RecordKind; recordId: string; linked: LinkedRisks; onLinked?: () => void }) {
  const canWrite = useCan("risks:write");
  const refresh = useRefreshRisks();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [picking, setPicking] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (riskId?: string) => {
    setBusy(true);
    setError(null);
    try {
      const answer = await api.post<FromRecordAnswer>("/api/risks/from-record", { kind, id: recordId, ...(riskId ? { riskId } : {}) });
      const r = answer.risk;
      notifications.show({
        color: "teal",
        title: answer.created ? "Risk raised" : riskId ? "Risk linked" : "Risk already raised",
        message: answer.created ? `${r.reference} was created from this ${kind}; review its ratings.` : `${r.reference} · ${r.title}`,
      });
      await refresh();
      onLinked?.();
      navigate(`/risks/${encodeURIComponent(r.id)}`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="xs">
      {linked.pending && <Loader size="xs" aria-label="Loading linked risks" />}
      {!!linked.error && <Alert color="red">The linked risks could not be loaded: {errorMessage(linked.error)}</Alert>}
      {linked.risks.length > 0 ? (
        <Stack gap={4} aria-label="Linked risks" role="list">
          {linked.risks.map((r) => (
            <Group key={r.id} gap="xs" role="listitem">
              <Anchor component={Link} to={`/risks/${encodeURIComponent(r.id)}`} size="sm">
                {r.reference} · {r.title}
              </Anchor>
              <Badge color={levelColor[r.current.level]} variant="light" size="sm">
                {r.current.score} {r.current.level}
              </Badge>
              <Text size="xs" c="dimmed">
                {statusLabels[r.status]}
              </Text>
            </Group>
          ))}
        </Stack>
      ) : (
        !linked.pending && (
          <Text size="sm" c="dimmed">
            No risk is linked to this {kind}.
          </Text>
        )
      )}
      {canWrite && !picking && (
        <Group gap="xs">
          {linked.risks.length === 0 && (
            <Button size="xs" onClick={() => void submit()} loading={busy}>
              Raise risk
            </Button>
          )}
          <Button size="xs" variant="default" onClick={() => setPicking(true)} disabled={busy}>
            Link to an existing risk
          </Button>
        </Group>
      )}
      {canWrite && picking && (
        <ExistingRiskPicker exclude={linked.risks.map((r) => r.id)} busy={busy} onLink={(riskId) => void submit(riskId)} onCancel={() => setPicking(false)} />
      )}
      {error && (
        <Alert color="red" role="alert" title="Not raised">
          {error}
        </Alert>
      )}
    </Stack>
  );
}
