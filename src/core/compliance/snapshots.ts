import type { ControlStatus, RequirementStatus } from "./derive";

export interface SnapshotContent {
  libraryVersion: number;
  catalogVersion: string;
  controls: { id: string; title: string; status: ControlStatus; applicable: boolean; needsReview: boolean; maturity: number }[];
  requirements: Record<string, RequirementStatus>;
  frameworks: { id: string; name: string; percent: number | null; met: number; partial: number; total: number }[];
}

export interface SnapshotComparison {
  frameworks: { id: string; name: string; from: number | null; to: number | null; delta: number | null }[];
  improved: { requirement: string; from: RequirementStatus | null; to: RequirementStatus | null }[];
  regressed: { requirement: string; from: RequirementStatus | null; to: RequirementStatus | null }[];
  /** Moved into or out of scope (not applicable). */
  rescoped: { requirement: string; from: RequirementStatus | null; to: RequirementStatus | null }[];
  controls: { id: string; title: string; from: ControlStatus | null; to: ControlStatus | null; direction: "improved" | "regressed" | "changed" }[];
}

const reqRank: Record<RequirementStatus, number> = { unmapped: 0, not_met: 0, partial: 1, met: 2, not_applicable: -1 };
const controlRank: Record<ControlStatus, number> = { not_started: 0, planned: 1, partial: 2, implemented: 3, not_applicable: -1 };

/** What changed from snapshot `a` (earlier) to `b` (later). */
export function compareSnapshots(a: SnapshotContent, b: SnapshotContent): SnapshotComparison {
  const fwA = new Map(a.frameworks.map((f) => [f.id, f]));
  const fwB = new Map(b.frameworks.map((f) => [f.id, f]));
  const frameworks = [...new Set([...fwA.keys(), ...fwB.keys()])].map((id) => {
    const from = fwA.get(id)?.percent ?? null;
    const to = fwB.get(id)?.percent ?? null;
    return { id, name: fwB.get(id)?.name ?? fwA.get(id)?.name ?? id, from, to, delta: from !== null && to !== null ? Math.round((to - from) * 10) / 10 : null };
  });
  const improved: SnapshotComparison["improved"] = [];
  const regressed: SnapshotComparison["regressed"] = [];
  const rescoped: SnapshotComparison["rescoped"] = [];
  for (const requirement of [...new Set([...Object.keys(a.requirements), ...Object.keys(b.requirements)])].sort()) {
    const from = a.requirements[requirement] ?? null;
    const to = b.requirements[requirement] ?? null;
    if (from === to) continue;
    const change = { requirement, from, to };
    if (from === null || to === null || from === "not_applicable" || to === "not_applicable") rescoped.push(change);
    else if (reqRank[to] > reqRank[from]) improved.push(change);
    else if (reqRank[to] < reqRank[from]) regressed.push(change);
  }
  const cA = new Map(a.controls.map((c) => [c.id, c]));
  const cB = new Map(b.controls.map((c) => [c.id, c]));
  const controls: SnapshotComparison["controls"] = [];
  for (const id of [...new Set([...cA.keys(), ...cB.keys()])].sort()) {
    const x = cA.get(id);
    const y = cB.get(id);
    const from = x ? (x.applicable ? x.status : "not_applicable") : null;
    const to = y ? (y.applicable ? y.status : "not_applicable") : null;
    if (from === to) continue;
    const direction =
      from === null || to === null || from === "not_applicable" || to === "not_applicable"
        ? "changed"
        : controlRank[to] > controlRank[from]
          ? "improved"
          : "regressed";
    controls.push({ id, title: y?.title ?? x?.title ?? id, from, to, direction });
  }
  return { frameworks, improved, regressed, rescoped, controls };
}
