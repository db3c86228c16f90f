import { Alert, Button, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconDownload } from "@tabler/icons-react";
import { useEffect, useState } from "react";
import { errorMessage } from "../../api/client";
import { formatDateTime } from "../../components/format";
import { type Draft, type Incident, incidentApi, useDraft, useDrafts, useInvalidateIncident } from "./api";
import { stageLabel } from "./format";

export const NIS2_STAGES = ["early_warning", "incident_notification", "intermediate_report", "final_report", "progress_report"] as const;

/** The fields of one draft version, editable into a new version. */
function DraftEditor({ incident, draft, canWrite, canExport }: { incident: Incident; draft: Draft; canWrite: boolean; canExport: boolean }) {
  const invalidate = useInvalidateIncident();
  const [sections, setSections] = useState<Record<string, string>>({});
  const [addressee, setAddressee] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const setField = (k: string, value: string) => setAddressee((a) => ({ ...a, [k]: value }));
  useEffect(() => {
    setSections(Object.fromEntries(draft.content.sections.map((s) => [s.id, s.text])));
    setAddressee({ ...draft.content.addressee });
  }, [draft]);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const changed = draft.content.sections.filter((s) => sections[s.id] !== s.text).map((s) => ({ id: s.id, text: sections[s.id] ?? "" }));
      const addr = Object.fromEntries(
        ["authority", "csirt", "submissionChannel", "reference"].filter((k) => addressee[k] !== draft.content.addressee[k]).map((k) => [k, addressee[k] ?? ""]),
      );
      const saved = await incidentApi.editDraft(incident.id, draft.stage, { sections: changed, ...(Object.keys(addr).length ? { addressee: addr } : {}) });
      notifications.show({ color: "teal", message: `Saved as version ${saved.version}` });
      await invalidate();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const file = `${incidentApi.base(incident.id)}/drafts/${draft.stage}`;
  const q = `?version=${draft.version}`;
  return (
    <Paper withBorder p="md" aria-label={`${draft.content.title}, version ${draft.version}`}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Stack gap={0}>
            <Title order={3} size="h5">
              {draft.content.title} — version {draft.version}
            </Title>
            <Text size="xs" c="dimmed">
              {draft.content.basis} · {formatDateTime(draft.createdAt)} by {draft.createdBy}
            </Text>
          </Stack>
          {canExport && (
            <Group gap="xs">
              <Button component="a" href={`${file}/pdf${q}`} download variant="light" size="xs" leftSection={<IconDownload size={14} aria-hidden />}>
                Download PDF
              </Button>
              <Button component="a" href={`${file}/json${q}`} download variant="default" size="xs" leftSection={<IconDownload size={14} aria-hidden />}>
                Download JSON
              </Button>
            </Group>
          )}
        </Group>
        {draft.content.missing.length > 0 && (
          <Alert color="orange" p="xs">
            Still to complete: {draft.content.missing.join(", ")}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="Authority" value={addressee.authority ?? ""} onChange={(e) => setField("authority", e.currentTarget.value)} readOnly={!canWrite} />
          <TextInput label="CSIRT" value={addressee.csirt ?? ""} onChange={(e) => setField("csirt", e.currentTarget.value)} readOnly={!canWrite} />
          <TextInput
            label="Submission channel"
            value={addressee.submissionChannel ?? ""}
            onChange={(e) => setField("submissionChannel", e.currentTarget.value)}
            readOnly={!canWrite}
          />
          <TextInput label="Reference" value={addressee.reference ?? ""} onChange={(e) => setField("reference", e.currentTarget.value)} readOnly={!canWrite} />
        </SimpleGrid>
        {draft.content.sections.map((s) => (
          <Textarea
            key={s.id}
            label={s.heading}
            withAsterisk={s.required}
            autosize
            minRows={2}
            maxRows={12}
            value={sections[s.id] ?? ""}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setSections((x) => ({ ...x, [s.id]: v }));
            }}
            readOnly={!canWrite}
          />
        ))}
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        {canWrite && (
          <Group justify="flex-end">
            <Button onClick={() => void save()} loading={busy}>
              Save as new version
            </Button>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

/** Versions of one stage's draft: create from the record, pick a version, edit, export. */
export function StageDrafts({ incident, stage, canWrite, canExport }: { incident: Incident; stage: string; canWrite: boolean; canExport: boolean }) {
  const drafts = useDrafts(incident.id);
  const invalidate = useInvalidateIncident();
  const versions = (drafts.data ?? []).filter((d) => d.stage === stage);
  const latest = versions[0]?.version ?? null;
  // A picked version holds until a newer one is saved; then the latest shows.
  const [picked, setPicked] = useState<{ version: number; latest: number | null } | null>(null);
  const version = picked && picked.latest === latest ? picked.version : latest;
  const draft = useDraft(incident.id, stage, version);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      await incidentApi.createDraft(incident.id, stage);
      await invalidate();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="sm">
      <Group align="flex-end" wrap="wrap">
        {versions.length > 0 && (
          <Select
            label="Version"
            w={260}
            allowDeselect={false}
            data={versions.map((v) => ({ value: String(v.version), label: `Version ${v.version} — ${formatDateTime(v.createdAt)}` }))}
            value={version ? String(version) : null}
            onChange={(v) => setPicked(v ? { version: Number(v), latest } : null)}
          />
        )}
        {canWrite && (
          <Button variant={versions.length ? "default" : "filled"} onClick={() => void create()} loading={busy}>
            {versions.length ? "New version from the record" : "Create draft from the record"}
          </Button>
        )}
      </Group>
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {versions.length === 0 && (
        <Text size="sm" c="dimmed">
          No {stageLabel(stage).toLowerCase()} drafted yet.
        </Text>
      )}
      {versions.length > 0 && draft.data && <DraftEditor incident={incident} draft={draft.data} canWrite={canWrite && version === latest} canExport={canExport} />}
      {versions.length > 0 && version !== latest && (
        <Text size="xs" c="dimmed">
          Older versions are read-only; edits always start from the latest.
        </Text>
      )}
    </Stack>
  );
}

export function DraftsTab({ incident, canWrite, canExport }: { incident: Incident; canWrite: boolean; canExport: boolean }) {
  const [stage, setStage] = useState<string>("early_warning");
  if (incident.classification === "not_significant") {
    return <Alert color="gray">Confirmed not significant: there are no NIS2 reports to draft. The customer notice is still available.</Alert>;
  }
  return (
    <Stack gap="md">
      <SegmentedControl aria-label="Report stage" value={stage} onChange={setStage} data={NIS2_STAGES.map((s) => ({ value: s, label: stageLabel(s) }))} />
      <StageDrafts key={stage} incident={incident} stage={stage} canWrite={canWrite} canExport={canExport} />
      {incident.classification === "pending" && (
        <Text size="xs" c="dimmed">
          Significance not confirmed yet: drafts can be prepared, submissions need a confirmed decision.
        </Text>
      )}
    </Stack>
  );
}
