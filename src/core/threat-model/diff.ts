import type { ThreatModel } from "./types";

export type ItemChange = { id: string; fields: string[] };
export type SectionDiff = { added: string[]; removed: string[]; changed: ItemChange[] };
export type ModelDiff = Record<"elements" | "boundaries" | "flows" | "threats" | "controls", SectionDiff> & { acceptanceChanged: boolean; unchanged: boolean };

const SECTIONS = ["elements", "boundaries", "flows", "threats", "controls"] as const;

function diffSection(before: ReadonlyArray<{ id: string }>, after: ReadonlyArray<{ id: string }>): SectionDiff {
  const old = new Map(before.map((x) => [x.id, x as Record<string, unknown>]));
  const now = new Map(after.map((x) => [x.id, x as Record<string, unknown>]));
  const changed: ItemChange[] = [];
  for (const [id, item] of now) {
    const prev = old.get(id);
    if (!prev) continue;
    const fields = [...new Set([...Object.keys(prev), ...Object.keys(item)])].filter((k) => JSON.stringify(prev[k]) !== JSON.stringify(item[k])).sort();
    if (fields.length) changed.push({ id, fields });
  }
  return {
    added: [...now.keys()].filter((id) => !old.has(id)),
    removed: [...old.keys()].filter((id) => !now.has(id)),
    changed,
  };
}

/** What changed from a predecessor's model to this version's: items by id, added, removed or with changed fields. */
export function diffModels(before: ThreatModel, after: ThreatModel): ModelDiff {
  const sections = Object.fromEntries(SECTIONS.map((s) => [s, diffSection(before[s], after[s])])) as Record<(typeof SECTIONS)[number], SectionDiff>;
  const acceptanceChanged = JSON.stringify(before.acceptance) !== JSON.stringify(after.acceptance);
  const unchanged = !acceptanceChanged && SECTIONS.every((s) => !sections[s].added.length && !sections[s].removed.length && !sections[s].changed.length);
  return { ...sections, acceptanceChanged, unchanged };
}
