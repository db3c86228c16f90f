import { Alert, Anchor, Badge, Button, Group, Loader, Paper, SimpleGrid, Stack, Tabs, TagsInput, Text, Textarea, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { IMPACT_AXES, IMPACT_AXIS_LABELS } from "../../../core/incidents";
import { errorMessage } from "../../api/client";
import { useCan } from "../../auth/session";
import { formatDateTime, formatEuros, formatNumber } from "../../components/format";
import { Page } from "../../components/Page";
import { useIncidentLinkedRisks } from "../risks/linked-risks";
import { RaiseRisk } from "../risks/RaiseRisk";
import { type Incident, type IncidentStatus, incidentApi, useIncident, useInvalidateIncident } from "./api";
import { AssessmentTab } from "./AssessmentTab";
import { DraftsTab } from "./DraftsTab";
import { EvidenceTab } from "./EvidenceTab";
import { ClassificationBadge, IncidentStatusBadge, NOT_YET_KNOWN, STATUS_LABELS, yesNoUnknown } from "./format";
import { IncidentForm } from "./IncidentForm";
import { NoticeTab } from "./NoticeTab";
import { ObligationsTab } from "./ObligationsTab";
import { TimelineTab } from "./TimelineTab";
import { VigilanceTab } from "./VigilanceTab";
import { CraCaseSection } from "./CraPanels";

const NEXT: Record<IncidentStatus, IncidentStatus | null> = { open: "contained", contained: "resolved", resolved: "closed", closed: null };
const ACTION: Record<IncidentStatus, string> = { open: "", contained: "Mark contained", resolved: "Mark resolved", closed: "Close incident" };

function breachLabel(breach: Incident["personalDataBreach"]): string {
  if (breach === "unknown") return NOT_YET_KNOWN;
  if (!breach) return "No";
  if (breach.highRisk === "unknown") return "Yes, risk to data subjects not yet assessed";
  return breach.highRisk ? "Yes, high risk" : "Yes";
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm">{children || "—"}</Text>
    </Stack>
  );
}

function StatusActions({ incident }: { incident: Incident }) {
  const invalidate = useInvalidateIncident();
  const [busy, setBusy] = useState(false);
  const next = NEXT[incident.status];
  if (!next) return null;
  const move = async (to: IncidentStatus) => {
    setBusy(true);
    try {
      await incidentApi.update(incident.id, { status: to });
      notifications.show({ color: "teal", message: `${incident.reference}: ${STATUS_LABELS[to].toLowerCase()}` });
      await invalidate();
    } catch (err) {
      notifications.show({ color: "red", title: "Status not changed", message: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Group gap="xs">
      {(["contained", "resolved", "closed"] as IncidentStatus[])
        .filter((s) => ["open", "contained", "resolved", "closed"].indexOf(s) > ["open", "contained", "resolved", "closed"].indexOf(incident.status))
        .map((s) => (
          <Button key={s} size="xs" variant={s === next ? "filled" : "light"} loading={busy} onClick={() => void move(s)}>
            {ACTION[s]}
          </Button>
        ))}
    </Group>
  );
}

function LessonsLearned({ incident, canWrite }: { incident: Incident; canWrite: boolean }) {
  const invalidate = useInvalidateIncident();
  const [text, setText] = useState(incident.lessonsLearned ?? "");
  const [risks, setRisks] = useState(incident.linkedRiskIds);
  const [controls, setControls] = useState(incident.linkedControlIds);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (incident.status !== "closed") {
    return (
      <Text size="sm" c="dimmed">
        Lessons learned are recorded once the incident is closed (NIS2 Art. 21 continual improvement).
      </Text>
    );
  }
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await incidentApi.lessonsLearned(incident.id, {
        text,
        references: [...risks.map((id) => ({ kind: "risk", id })), ...controls.map((id) => ({ kind: "control", id }))],
      });
      notifications.show({ color: "teal", message: "Lessons learned saved" });
      await invalidate();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="sm">
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Textarea label="Lessons learned" autosize minRows={3} value={text} onChange={(e) => setText(e.currentTarget.value)} readOnly={!canWrite} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TagsInput label="Risks created or updated" description="Risk identifiers; press Enter after each" value={risks} onChange={setRisks} readOnly={!canWrite} />
        <TagsInput label="Controls created or updated" description="Control identifiers, e.g. iso27001:A.8.24" value={controls} onChange={setControls} readOnly={!canWrite} />
      </SimpleGrid>
      {canWrite && (
        <Group justify="flex-end">
          <Button onClick={() => void save()} loading={busy} disabled={!text.trim()}>
            Save lessons learned
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function IncidentRisks({ incident }: { incident: Incident }) {
  const linked = useIncidentLinkedRisks(incident.linkedRiskIds);
  const invalidate = useInvalidateIncident();
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb="sm">
        Risks
      </Title>
      <RaiseRisk kind="incident" recordId={incident.id} linked={linked} onLinked={() => void invalidate()} />
    </Paper>
  );
}

function Overview({ incident, canWrite }: { incident: Incident; canWrite: boolean }) {
  const [editing, setEditing] = useState(false);
  const invalidate = useInvalidateIncident();
  if (editing) {
    return (
      <Paper withBorder p="md">
        <IncidentForm
          incident={incident}
          onSaved={() => {
            setEditing(false);
            notifications.show({ color: "teal", message: "Incident saved" });
            void invalidate();
          }}
          onCancel={() => setEditing(false)}
        />
      </Paper>
    );
  }
  const f = incident.facts;
  return (
    <Stack gap="md">
      <Paper withBorder p="md">
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h4">
            Record
          </Title>
          {canWrite && (
            <Group gap="xs">
              <StatusActions incident={incident} />
              <Button size="xs" variant="default" onClick={() => setEditing(true)}>
                Edit
              </Button>
            </Group>
          )}
        </Group>
        <Stack gap="sm">
          <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
            {incident.description || "No description yet."}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Fact label="Detected">{formatDateTime(incident.detectedAt)}</Fact>
            <Fact label="Aware (clocks start)">{formatDateTime(incident.awareAt)}</Fact>
            <Fact label="Handled">{formatDateTime(incident.handledAt)}</Fact>
            <Fact label="Reporter">{incident.reporter}</Fact>
            <Fact label="Competent authority's member state">{incident.country}</Fact>
            <Fact label="Member states affected">{f.memberStatesAffected.join(", ")}</Fact>
            <Fact label="Users or customers affected">{f.usersAffected !== undefined ? formatNumber(f.usersAffected) : ""}</Fact>
            <Fact label="Duration">{f.durationMinutes !== undefined ? `${formatNumber(f.durationMinutes)} min` : ""}</Fact>
            <Fact label="Financial loss estimate">{f.financialLossEur !== undefined ? formatEuros(f.financialLossEur) : ""}</Fact>
            <Fact label="Suspected malicious act">{yesNoUnknown(f.suspectedMalicious)}</Fact>
            <Fact label="Cross-border impact">{yesNoUnknown(f.crossBorderImpact)}</Fact>
            <Fact label="Internal systems">{incident.affectedSystems.join(", ")}</Fact>
            <Fact label="Suppliers involved">{incident.suppliersInvolved}</Fact>
            <Fact label="MDR/IVDR vigilance">
              {incident.deviceVigilance === "unknown"
                ? NOT_YET_KNOWN
                : incident.deviceVigilance
                  ? `${incident.deviceVigilance.regulation.toUpperCase()}: ${incident.deviceVigilance.category.replace(/_/g, " ")}`
                  : "No"}
            </Fact>
            <Fact label="Personal data breach">
              {breachLabel(incident.personalDataBreach)}
            </Fact>
          </SimpleGrid>
          {incident.impact && (
            <SimpleGrid cols={{ base: 1, sm: 4 }} aria-label="Impact">
              {IMPACT_AXES.map((a) => (
                <Paper key={a} withBorder p="xs" bg="var(--mantine-color-gray-0)">
                  <Group gap={6}>
                    <Text size="sm" fw={600}>
                      {IMPACT_AXIS_LABELS[a]}
                    </Text>
                    <Badge size="sm" variant="light" color={["high", "critical"].includes(incident.impact![a].severity) ? "red" : "gray"}>
                      {incident.impact![a].severity === "unknown" ? NOT_YET_KNOWN : incident.impact![a].severity}
                    </Badge>
                  </Group>
                  <Text size="xs">{incident.impact![a].description}</Text>
                </Paper>
              ))}
            </SimpleGrid>
          )}
        </Stack>
      </Paper>
      <IncidentRisks incident={incident} />
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="sm">
          Lessons learned
        </Title>
        <LessonsLearned key={`${incident.status}:${incident.lessonsLearned ?? ""}`} incident={incident} canWrite={canWrite} />
      </Paper>
    </Stack>
  );
}

const TABS = ["overview", "assessment", "obligations", "timeline", "evidence", "drafts", "notice", "vigilance"] as const;

export function IncidentDetailPage() {
  const { id = "" } = useParams();
  const incident = useIncident(id);
  const canWrite = useCan("incidents:write");
  const canExport = useCan("reports:export");
  const [params, setParams] = useSearchParams();
  const tab = TABS.includes(params.get("tab") as (typeof TABS)[number]) ? (params.get("tab") as string) : "overview";

  if (incident.isPending) return <Loader aria-label="Loading" />;
  if (incident.isError) {
    return (
      <Page title="Incident">
        <Alert color="red" role="alert">
          {errorMessage(incident.error)} <Anchor component={Link} to="/incidents/list">All incidents</Anchor>
        </Alert>
      </Page>
    );
  }
  const i = incident.data;
  return (
    <Page
      title={`${i.reference}: ${i.title}`}
      description={
        <Group gap="xs" component="span">
          <IncidentStatusBadge status={i.status} />
          <ClassificationBadge classification={i.classification} />
        </Group>
      }
    >
      <CraCaseSection incidentId={i.id} />
      <Tabs value={tab} onChange={(t) => setParams(t && t !== "overview" ? { tab: t } : {}, { replace: true })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="overview">Overview</Tabs.Tab>
          <Tabs.Tab value="assessment">Significance</Tabs.Tab>
          <Tabs.Tab value="obligations">Obligations</Tabs.Tab>
          <Tabs.Tab value="timeline">Timeline</Tabs.Tab>
          <Tabs.Tab value="evidence">Evidence ({i.evidenceCount})</Tabs.Tab>
          <Tabs.Tab value="drafts">Drafts</Tabs.Tab>
          <Tabs.Tab value="notice">Customer notice</Tabs.Tab>
          <Tabs.Tab value="vigilance">MDR vigilance</Tabs.Tab>
        </Tabs.List>
        <Stack pt="md">
          <Tabs.Panel value="overview">
            <Overview incident={i} canWrite={canWrite} />
          </Tabs.Panel>
          <Tabs.Panel value="assessment">
            <AssessmentTab incident={i} canWrite={canWrite} />
          </Tabs.Panel>
          <Tabs.Panel value="obligations">
            <ObligationsTab incident={i} canWrite={canWrite} />
          </Tabs.Panel>
          <Tabs.Panel value="timeline">
            <TimelineTab incident={i} canWrite={canWrite} />
          </Tabs.Panel>
          <Tabs.Panel value="evidence">
            <EvidenceTab incident={i} canWrite={canWrite} />
          </Tabs.Panel>
          <Tabs.Panel value="drafts">
            <DraftsTab incident={i} canWrite={canWrite} canExport={canExport} />
          </Tabs.Panel>
          <Tabs.Panel value="notice">
            <NoticeTab incident={i} canWrite={canWrite} canExport={canExport} />
          </Tabs.Panel>
          <Tabs.Panel value="vigilance">
            <VigilanceTab incident={i} canWrite={canWrite} />
          </Tabs.Panel>
        </Stack>
      </Tabs>
    </Page>
  );
}
