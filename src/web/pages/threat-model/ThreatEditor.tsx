import { Button, Group, Modal, MultiSelect, Select, Stack, Textarea, TextInput } from "@mantine/core";
import { useState } from "react";
import type { ThreatModel, ThreatModelView } from "./types";

type Threat = ThreatModel["threats"][number];
type Finding = { id: string; vulnerabilityId: string; componentName: string; componentVersion: string | null };

const EXPLOITABILITY = [
  { value: "", label: "Not assessed" },
  { value: "1", label: "1 – hard" },
  { value: "2", label: "2" },
  { value: "3", label: "3" },
  { value: "4", label: "4" },
  { value: "5", label: "5 – trivial" },
];
const SEVERITIES = ["negligible", "minor", "serious", "critical", "catastrophic"].map((s) => ({ value: s, label: s[0].toUpperCase() + s.slice(1) }));

/**
 * One threat's assessment: attack vector, preconditions, exploitability, the findings that are evidence for it and the
 * hazard it can lead to (ISO 14971 severity). Nothing is pre-filled that the user did not state.
 */
export function ThreatEditor({ threat, view, onClose, onSave }: { threat: Threat; view: ThreatModelView; onClose: () => void; onSave: (next: Threat) => void }) {
  const [draft, setDraft] = useState<Threat>(threat);
  const [hazard, setHazard] = useState(threat.hazard ?? { hazard: "", harm: "", severity: "" });
  const findings = (view.elementFindings[threat.target] ?? []) as Finding[];
  const findingOptions = [...new Map([...findings.map((f) => [f.id, `${f.vulnerabilityId} in ${f.componentName}${f.componentVersion ? ` ${f.componentVersion}` : ""}`] as const), ...draft.findingIds.map((id) => [id, id] as const)]).entries()].map(
    ([value, label]) => ({ value, label }),
  );
  const hazardStarted = Boolean(hazard.hazard.trim() || hazard.harm.trim() || hazard.severity);
  const hazardComplete = Boolean(hazard.hazard.trim() && hazard.harm.trim() && hazard.severity);
  return (
    <Modal opened onClose={onClose} title={`Assess ${threat.id}`} size="lg">
      <Stack gap="sm">
        <TextInput label="Title" value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.currentTarget.value })} required />
        <Textarea label="Attack vector" autosize minRows={2} value={draft.attackVector} onChange={(e) => setDraft({ ...draft, attackVector: e.currentTarget.value })} />
        <Textarea label="Preconditions" autosize minRows={2} value={draft.preconditions} onChange={(e) => setDraft({ ...draft, preconditions: e.currentTarget.value })} />
        <Select
          label="Exploitability"
          description="The manufacturer's scale, 1 (hard) to 5 (trivial)"
          data={EXPLOITABILITY}
          value={draft.exploitability === null ? "" : String(draft.exploitability)}
          allowDeselect={false}
          onChange={(x) => setDraft({ ...draft, exploitability: x ? Number(x) : null })}
        />
        <MultiSelect
          label="Findings that are evidence for this threat"
          description={findingOptions.length ? undefined : "No open finding in the components attached to this element"}
          data={findingOptions}
          value={draft.findingIds}
          onChange={(findingIds) => setDraft({ ...draft, findingIds })}
          searchable
        />
        <Group grow align="start">
          <TextInput label="Hazard" value={hazard.hazard} onChange={(e) => setHazard({ ...hazard, hazard: e.currentTarget.value })} />
          <TextInput label="Harm" value={hazard.harm} onChange={(e) => setHazard({ ...hazard, harm: e.currentTarget.value })} />
          <Select label="Severity of harm" data={SEVERITIES} value={hazard.severity || null} onChange={(x) => setHazard({ ...hazard, severity: x ?? "" })} clearable />
        </Group>
        {hazardStarted && !hazardComplete && <TextInputHint />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            disabled={!draft.title.trim() || (hazardStarted && !hazardComplete)}
            onClick={() => onSave({ ...draft, title: draft.title.trim(), hazard: hazardComplete ? { hazard: hazard.hazard.trim(), harm: hazard.harm.trim(), severity: hazard.severity } : null })}
          >
            Save threat
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function TextInputHint() {
  return (
    <div role="note" style={{ color: "var(--mantine-color-red-8)", fontSize: "var(--mantine-font-size-sm)" }}>
      A hazard needs its harm and the severity of that harm, or leave all three empty.
    </div>
  );
}
