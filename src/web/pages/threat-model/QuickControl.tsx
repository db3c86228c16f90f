import { Button, Group, Select, TextInput } from "@mantine/core";
import { useState } from "react";
import type { ThreatModel } from "./types";
import { METHODS, VERIFICATION_RESULTS } from "./VerificationEditor";

type Choice = { id: string; title: string };
type Draft = { choice: string | null; testCaseId: string; method: string | null; result: string };

/** Nobody has reported on a new control's test yet: "not run", never "passed", and no method until one is chosen. */
const EMPTY: Draft = { choice: null, testCaseId: "", method: null, result: "not_run" };

export const uniqueId = (base: string, taken: string[]) => {
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
};

/**
 * Mitigates one threat from the traceability matrix: links a control the model already has, or adds a device security
 * capability or a harmonised control with its first test. Choices are prefixed by their kind ("existing:", "capability:",
 * "harmonised:") because a capability and a control code may share an id.
 */
export function QuickControl(props: {
  threat: ThreatModel["threats"][number];
  model: ThreatModel;
  capabilities: Choice[];
  harmonisedControls: Choice[];
  onSave: (next: ThreatModel) => Promise<unknown>;
}) {
  const { threat, model: m } = props;
  const [d, setD] = useState<Draft>(EMPTY);
  const [kind, ref] = d.choice ? [d.choice.slice(0, d.choice.indexOf(":")), d.choice.slice(d.choice.indexOf(":") + 1)] : [null, ""];
  const existing = kind === "existing";
  const data = [
    { group: "Controls of this model", items: m.controls.filter((c) => !threat.controlIds.includes(c.id)).map((c) => ({ value: `existing:${c.id}`, label: `${c.id} ${c.title}` })) },
    { group: "Device security capabilities", items: props.capabilities.map((x) => ({ value: `capability:${x.id}`, label: x.title })) },
    { group: "Harmonised controls", items: props.harmonisedControls.map((x) => ({ value: `harmonised:${x.id}`, label: `${x.id} ${x.title}` })) },
  ].filter((g) => g.items.length > 0);

  const add = () => {
    if (existing) return props.onSave({ ...m, threats: m.threats.map((t) => (t.id === threat.id ? { ...t, controlIds: [...t.controlIds, ref] } : t)) });
    const id = uniqueId(`C-${ref}`.slice(0, 50), m.controls.map((x) => x.id));
    const title = (kind === "capability" ? props.capabilities : props.harmonisedControls).find((x) => x.id === ref)?.title ?? ref;
    const control = {
      id,
      kind: kind === "capability" ? "device_capability" : "harmonised",
      ref,
      title,
      verifications: [{ testCaseId: d.testCaseId.trim(), method: d.method, result: d.result, evidence: "", date: null }],
    };
    return props.onSave({ ...m, controls: [...m.controls, control], threats: m.threats.map((t) => (t.id === threat.id ? { ...t, controlIds: [...t.controlIds, id] } : t)) });
  };

  return (
    <Group gap={4} align="end">
      <Select aria-label={`Control for ${threat.id}`} placeholder="Control" data={data} value={d.choice} searchable onChange={(choice) => setD({ ...d, choice })} />
      {!existing && (
        <>
          <TextInput aria-label={`Test case of ${threat.id}`} placeholder="Test case id" value={d.testCaseId} onChange={(e) => setD({ ...d, testCaseId: e.currentTarget.value })} />
          <Select aria-label={`Test method of ${threat.id}`} placeholder="Method" data={METHODS} value={d.method} onChange={(method) => setD({ ...d, method })} />
          <Select aria-label={`Test result of ${threat.id}`} data={VERIFICATION_RESULTS} value={d.result} allowDeselect={false} onChange={(result) => setD({ ...d, result: result ?? "not_run" })} />
        </>
      )}
      <Button size="xs" disabled={!d.choice || (!existing && !d.testCaseId.trim())} onClick={() => void add().then(() => setD(EMPTY))}>
        {existing ? "Link control" : "Add control"}
      </Button>
    </Group>
  );
}
