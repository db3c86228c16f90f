import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { errorMessage } from "../../api/client";
import { useCan } from "../../auth/session";
import { formatDateTime } from "../../components/format";
import { type CraProposal, craApi, useCraCase, useCraProposals, useInvalidateCra } from "./cra-api";
import { isoToLocalInput, localInputToIso } from "./format";

const CASE_LABEL = { exploited_vulnerability: "Actively exploited vulnerability, CRA Art. 14(1)–(2)", severe_incident: "Severe incident, CRA Art. 14(3)–(5)" };

function ProposalRow({ p }: { p: CraProposal }) {
  const canWrite = useCan("incidents:write");
  const invalidate = useInvalidateCra();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const act = async () => {
    setBusy(true);
    try {
      if (p.case === "exploited_vulnerability") {
        const opened = await craApi.open({ findingId: p.findingId, awareAt: p.awareAt });
        await invalidate();
        navigate(`/incidents/${opened.id}?tab=obligations`);
      } else {
        await craApi.set(p.incidentId, { case: "severe_incident", productId: p.product.id });
        await invalidate();
        navigate(`/incidents/${p.incidentId}?tab=obligations`);
      }
    } catch (err) {
      notifications.show({ color: "red", title: "CRA case not opened", message: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };
  const title = p.case === "exploited_vulnerability" ? `${p.vulnerabilityId} in ${p.product.name} ${p.version}` : `${p.reference}: ${p.title}`;
  return (
    <Group justify="space-between" wrap="nowrap" align="flex-start">
      <Stack gap={2}>
        <Group gap="xs">
          <Badge variant="light" color={p.case === "exploited_vulnerability" ? "red" : "orange"}>
            {p.case === "exploited_vulnerability" ? "Exploited vulnerability" : "Severe incident?"}
          </Badge>
          <Text fw={600} size="sm">
            {title}
          </Text>
        </Group>
        <Text size="xs" c="dimmed">
          {p.reason}
          {p.case === "exploited_vulnerability" && ` Awareness recorded as ${formatDateTime(p.awareAt)}.`}
        </Text>
      </Stack>
      {canWrite && (
        <Button size="xs" loading={busy} onClick={() => void act()} aria-label={`${p.case === "exploited_vulnerability" ? "Open CRA case" : "Assess as CRA severe incident"}: ${title}`}>
          {p.case === "exploited_vulnerability" ? "Open CRA case" : "Assess as severe incident"}
        </Button>
      )}
    </Group>
  );
}

/** CRA Art. 14 cases the workspace proposes: opened only when someone confirms them. */
export function CraProposals() {
  const proposals = useCraProposals();
  const items = proposals.data ?? [];
  if (items.length === 0) return null;
  return (
    <Paper withBorder p="md" role="region" aria-label="Proposed CRA cases">
      <Stack gap="sm">
        <Title order={4}>Proposed CRA cases</Title>
        {items.map((p) => (
          <ProposalRow key={p.case === "exploited_vulnerability" ? p.findingId : p.incidentId} p={p} />
        ))}
      </Stack>
    </Paper>
  );
}

/** The incident's CRA case: product, finding, fix date (starts the final report's 14 days) and the users' advisory. */
export function CraCaseSection({ incidentId }: { incidentId: string }) {
  const data = useCraCase(incidentId).data;
  const canWrite = useCan("incidents:write");
  const canAdvise = useCan("advisories:write");
  const invalidate = useInvalidateCra();
  const [fix, setFix] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [advisory, setAdvisory] = useState<{ id: string; trackingId: string } | null>(null);
  if (!data?.cra) return null;
  const cra = data.cra;
  const saveFix = async () => {
    setError(null);
    try {
      await craApi.set(incidentId, { case: cra.case, productId: cra.productId, fixAvailableAt: localInputToIso(fix) });
      await invalidate();
      setFix("");
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const draftAdvisory = async () => {
    setError(null);
    try {
      setAdvisory(await craApi.advisory(incidentId));
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <Paper withBorder p="md" role="region" aria-label="CRA case">
      <Stack gap="xs">
        <Title order={4}>CRA case · {CASE_LABEL[cra.case]}</Title>
        <Text size="sm">
          Product: {data.product?.name ?? cra.productId} ({data.product?.regime}) · made available in {cra.memberStates.length ? cra.memberStates.join(", ") : "no Member State recorded"}
        </Text>
        {data.finding && (
          <Text size="sm">
            Vulnerability: {data.finding.vulnerabilityId} in {data.finding.component} (version {data.finding.version.version})
            {data.finding.kevDateAdded ? ` · listed in CISA KEV since ${data.finding.kevDateAdded}` : " · marked actively exploited"}
          </Text>
        )}
        {cra.case === "exploited_vulnerability" && (
          <Text size="sm">
            Corrective or mitigating measure available: {cra.fixAvailableAt ? formatDateTime(cra.fixAvailableAt) : "not yet — the final report is due 14 days after the fix is available"}
          </Text>
        )}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {canWrite && cra.case === "exploited_vulnerability" && (
          <Group align="flex-end">
            <TextInput type="datetime-local" label="Fix available at" value={fix || isoToLocalInput(cra.fixAvailableAt ?? "")} onChange={(e) => setFix(e.currentTarget.value)} />
            <Button variant="light" disabled={!fix} onClick={() => void saveFix()}>
              Record fix date
            </Button>
          </Group>
        )}
        {canAdvise && (
          <Group>
            <Button variant="light" onClick={() => void draftAdvisory()}>
              Create CSAF advisory draft for users (Art. 14(8))
            </Button>
            {advisory && (
              <Anchor component={Link} to={`/advisories/${advisory.id}`}>
                Draft {advisory.trackingId} (TLP:AMBER)
              </Anchor>
            )}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
