import type { z } from "zod";
import { type Problem, type ThreatModel, threatModelSchema } from "./types";

export type ModelReferences = {
  /** Codes of the harmonised control library. */
  harmonisedControls: ReadonlySet<string>;
  /** Ids of the device security capabilities (data/threat-model/capabilities.yaml). */
  capabilities: ReadonlySet<string>;
};

const pointer = (path: PropertyKey[]) => `/${path.map(String).join("/")}`;

function zodProblems(error: z.ZodError): Problem[] {
  return error.issues.map((i) => ({ path: pointer(i.path), message: i.message }));
}

function duplicates(ids: string[]): Set<string> {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const id of ids) (seen.has(id) ? dup : seen).add(id);
  return dup;
}

/** Every reference inside the model must resolve: flows between known elements, threats on known targets, known controls. */
export function referenceProblems(model: ThreatModel, refs: ModelReferences): Problem[] {
  const out: Problem[] = [];
  const elementIds = new Set(model.elements.map((e) => e.id));
  const targetIds = new Set([...elementIds, ...model.flows.map((f) => f.id)]);
  const controlIds = new Set(model.controls.map((c) => c.id));

  for (const id of duplicates([...model.elements.map((e) => e.id), ...model.flows.map((f) => f.id)])) {
    out.push({ path: "/elements", message: `id "${id}" is used by more than one element or flow` });
  }
  for (const [name, list] of [
    ["boundaries", model.boundaries],
    ["threats", model.threats],
    ["controls", model.controls],
  ] as const) {
    for (const id of duplicates(list.map((x) => x.id))) out.push({ path: `/${name}`, message: `id "${id}" is used more than once` });
  }
  model.flows.forEach((f, i) => {
    if (!elementIds.has(f.from)) out.push({ path: `/flows/${i}/from`, message: `unknown element "${f.from}"` });
    if (!elementIds.has(f.to)) out.push({ path: `/flows/${i}/to`, message: `unknown element "${f.to}"` });
    if (f.from === f.to) out.push({ path: `/flows/${i}/to`, message: "a flow must connect two different elements" });
  });
  model.boundaries.forEach((b, i) => {
    b.elementIds.forEach((id, j) => {
      if (!elementIds.has(id)) out.push({ path: `/boundaries/${i}/elementIds/${j}`, message: `unknown element "${id}"` });
    });
  });
  model.threats.forEach((t, i) => {
    if (!targetIds.has(t.target)) out.push({ path: `/threats/${i}/target`, message: `unknown element or flow "${t.target}"` });
    t.controlIds.forEach((id, j) => {
      if (!controlIds.has(id)) out.push({ path: `/threats/${i}/controlIds/${j}`, message: `unknown control "${id}"` });
    });
  });
  model.controls.forEach((c, i) => {
    const known = c.kind === "harmonised" ? refs.harmonisedControls : refs.capabilities;
    if (!known.has(c.ref)) out.push({ path: `/controls/${i}/ref`, message: `unknown ${c.kind === "harmonised" ? "harmonised control" : "device security capability"} "${c.ref}"` });
  });
  return out;
}

/** Parses and checks a model (an import or an edit); either the whole model is valid or every problem is listed. */
export function parseThreatModel(input: unknown, refs: ModelReferences): { ok: true; model: ThreatModel } | { ok: false; problems: Problem[] } {
  const parsed = threatModelSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error) };
  const problems = referenceProblems(parsed.data, refs);
  return problems.length ? { ok: false, problems } : { ok: true, model: parsed.data };
}

/** Which boundaries each flow crosses: a flow crosses a boundary when exactly one of its ends is inside it. */
export function crossedBoundaries(model: ThreatModel): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of model.flows) {
    out.set(
      f.id,
      model.boundaries.filter((b) => b.elementIds.includes(f.from) !== b.elementIds.includes(f.to)).map((b) => b.id),
    );
  }
  return out;
}
