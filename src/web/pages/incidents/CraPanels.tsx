import { Alert, Anchor, Badge, Button, Group, Modal, Paper, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { errorMessage } from "../../api/client";
import { useCan } from "../../auth/session";
import { formatDateTime } from "../../components/format";
import { CraDraftButtons } from "./CraDrafts";
import { type CraProposal, craApi, proposalKey, useCraCase, useCraDismissals, useCraProposals, useInvalidateCra } from "./cra-api";
import { isoToLocalInput, localInputToIso } from "./format";

const CASE_LABEL = { exploited_vulnerability: "Actively exploited vulnerability, CRA Art. 14(1)–(2)", severe_incident: "Severe incident, CRA Art. 14(3)–(5)" };

function ProposalRow({ p }: { p: CraProposal }) {
  const canWrite = useCan("incidents:write");
  const invalidate = useInvalidateCra();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [dismissing, setDismissing] = useState(false);
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
        <Group gap="xs" wrap="nowrap">
          <Button size="xs" variant="default" onClick={() => setDismissing(true)} aria-label={`No report due: ${title}`}>
            No report due…
          </Button>
          <Button size="xs" loading={busy} onClick={() => void act()} aria-label={`${p.case === "exploited_vulnerability" ? "Open CRA case" : "Assess as CRA severe incident"}: ${title}`}>
            {p.case === "exploited_vulnerability" ? "Open CRA case" : "Assess as severe incident"}
          </Button>
        </Group>
      )}
      {dismissing && <DismissProposal p={p} title={title} onClose={() => setDismissing(false)} />}
    </Group>
  );
}

/** Deciding not to report needs a reason: it is kept with the person and time, audited, and can be undone. */
function DismissProposal({ p, title, onClose }: { p: CraProposal; title: string; onClose: () => void }) {
  const invalidate = useInvalidateCra();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await craApi.dismiss(proposalKey(p), reason);
      await invalidate();
      notifications.show({ color: "green", message: "Recorded: no CRA report due, with your reason" });
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title="No CRA report due">
      <Stack>
        <Text size="sm">{title}</Text>
        <Textarea
          label="Why no report is due"
          description={
            p.case === "exploited_vulnerability"
              ? "For example: the exploited code is not present or not reachable in this product (then also set the finding to not affected)."
              : "For example: the incident did not affect the development, production or maintenance of the product (Art. 14(5) not met)."
          }
          required
          autosize
          minRows={3}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={error}
        />
        <Group justify="flex-end">
          <Button onClick={() => void save()} loading={saving} disabled={reason.trim().length === 0}>
            Record decision
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Proposals someone decided not to open, with who and why; restorable. */
function DismissedProposals() {
  const dismissed = useCraDismissals().data ?? [];
  const canWrite = useCan("incidents:write");
  const invalidate = useInvalidateCra();
  const [shown, setShown] = useState(false);
  if (dismissed.length === 0) return null;
  return (
    <Stack gap={4}>
      <Anchor component="button" type="button" size="xs" onClick={() => setShown((s) => !s)}>
        {shown ? "Hide" : "Show"} {dismissed.length} proposal{dismissed.length === 1 ? "" : "s"} decided not to report
      </Anchor>
      {shown &&
        dismissed.map((d) => (
          <Group key={d.key} justify="space-between" wrap="nowrap" align="flex-start">
            <Stack gap={0}>
              <Text size="xs">{d.summary}</Text>
              <Text size="xs" fw={600}>
                No report due: {d.reason} — {d.dismissedBy}, {formatDateTime(d.dismissedAt)}
              </Text>
            </Stack>
            {canWrite && (
              <Button
                size="compact-xs"
                variant="subtle"
                onClick={() =>
                  void craApi
                    .restore(d.key)
                    .then(invalidate)
                    .catch((err) => notifications.show({ color: "red", message: errorMessage(err) }))
                }
              >
                Restore
              </Button>
            )}
          </Group>
        ))}
    </Stack>
  );
}

/** CRA Art. 14 cases the workspace proposes: opened only when someone confirms them. */
export function CraProposals() {
  const proposals = useCraProposals();
  const items = proposals.data ?? [];
  const dismissed = useCraDismissals().data ?? [];
  if (items.length === 0 && dismissed.length === 0) return null;
  return (
    <Paper withBorder p="md" role="region" aria-label="Proposed CRA cases">
      <Stack gap="sm">
        <Title order={4}>Proposed CRA cases</Title>
        {items.map((p) => (
          <ProposalRow key={proposalKey(p)} p={p} />
        ))}
        <DismissedProposals />
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
  const [sensitivity, setSensitivity] = useState<string | null>(null);
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
  const saveSensitivity = async () => {
    setError(null);
    try {
      await craApi.set(incidentId, { case: cra.case, productId: cra.productId, sensitivity: sensitivity?.trim() || null });
      await invalidate();
      setSensitivity(null);
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
        {canWrite && (
          <Group align="flex-end">
            <TextInput
              label="How sensitive is the notified information"
              description="Art. 14(2)(b), 14(4)(b), where applicable; e.g. TLP:AMBER until the update is rolled out"
              value={sensitivity ?? cra.sensitivity ?? ""}
              onChange={(e) => setSensitivity(e.currentTarget.value)}
              style={{ flex: 1 }}
            />
            <Button variant="light" disabled={sensitivity === null} onClick={() => void saveSensitivity()}>
              Record sensitivity
            </Button>
          </Group>
        )}
        <CraDraftButtons incidentId={incidentId} craCase={cra} />
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
