import type { Catalog } from "../../core/catalog";
import type { Contribution, ControlLibrary, Derivation } from "../../core/compliance";
import type { Assessment, ControlRow, EvidenceRow } from "./store";
import type { complianceEvidenceVersions } from "./schema";

type VersionRow = typeof complianceEvidenceVersions.$inferSelect;

const frameworkOf = (requirement: string) => requirement.slice(0, requirement.indexOf(":"));

export function controlView(r: ControlRow, a: Assessment) {
  const state = a.stateByCode.get(r.code);
  const frameworks: Record<string, number> = {};
  for (const l of a.links) {
    if (l.control !== r.code || l.relationship === "not_related") continue;
    const fw = frameworkOf(l.requirement);
    frameworks[fw] = (frameworks[fw] ?? 0) + 1;
  }
  const needsReview = state?.needsReview ?? false;
  return {
    id: r.id,
    code: r.code,
    libraryId: r.libraryId,
    domain: r.domain,
    title: r.title,
    description: r.description,
    applicable: r.applicable,
    exclusionJustification: r.exclusionJustification,
    status: r.status,
    needsReview,
    effectiveStatus: !r.applicable ? "not_applicable" : needsReview ? "needs_review" : r.status,
    ownerId: r.ownerId,
    ownerName: r.ownerId ? (a.ownerNames.get(r.ownerId) ?? null) : null,
    dueDate: r.dueDate,
    maturity: r.maturity,
    notes: r.notes,
    links: r.links,
    evidenceCount: a.evidenceByControl.get(r.id)?.length ?? 0,
    frameworks,
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function contributionView(c: Contribution, a: Assessment) {
  const row = a.byCode.get(c.control);
  return { ...c, controlId: row?.id ?? null, controlTitle: row?.title ?? c.control };
}

export function requirementTitle(catalog: Catalog, a: Assessment, id: string): string {
  return catalog.items.get(id)?.title ?? a.customRequirements.find((q) => q.requirementId === id)?.title ?? id;
}

export function derivationView(d: Derivation, a: Assessment) {
  return {
    status: d.status,
    score: d.score,
    needsReview: d.needsReview,
    explanation: d.explanation,
    contributions: d.contributions.map((c) => contributionView(c, a)),
    suggestions: d.suggestions.map((c) => contributionView(c, a)),
  };
}

export function controlDetailView(r: ControlRow, a: Assessment, catalog: Catalog, library: ControlLibrary, evidence: ReturnType<typeof evidenceView>[]) {
  const mappings = a.links
    .filter((l) => l.control === r.code)
    .map((l) => {
      const d = a.derivations.get(l.requirement);
      const mine = d ? [...d.contributions, ...d.suggestions].find((c) => c.control === r.code && c.chain.length === 1 && c.relationship === l.relationship) : undefined;
      return {
        requirement: l.requirement,
        framework: frameworkOf(l.requirement),
        title: requirementTitle(catalog, a, l.requirement),
        relationship: l.relationship,
        strength: l.strength ?? null,
        source: l.source,
        origin: l.origin,
        note: l.note ?? null,
        requirementStatus: d?.status ?? null,
        effect: l.relationship === "intersect" ? "suggestion" : (mine?.effect ?? "none"),
      };
    });
  // The library's links that the organisation decided otherwise stay visible on the control, marked as superseded.
  const decided = new Set(r.mappings.map((m) => m.requirement));
  const superseded = (r.libraryId ? (library.controls.find((c) => c.id === r.libraryId)?.mappings ?? []) : [])
    .filter((m) => decided.has(m.to))
    .map((m) => ({
      requirement: m.to,
      framework: frameworkOf(m.to),
      title: requirementTitle(catalog, a, m.to),
      relationship: m.relationship,
      strength: m.strength ?? null,
      source: m.source,
      origin: "library",
      note: m.note ?? null,
      requirementStatus: a.derivations.get(m.to)?.status ?? null,
      effect: "superseded",
    }));
  const mappedFrom = a.customRequirements.flatMap((q) =>
    q.mappings
      .filter((m) => m.control === r.code)
      .map((m) => ({ requirement: q.requirementId, framework: frameworkOf(q.requirementId), title: q.title, relationship: m.relationship })),
  );
  return {
    ...controlView(r, a),
    evidenceHints: r.libraryId ? (library.controls.find((c) => c.id === r.libraryId)?.evidence ?? []) : [],
    mappings: [...mappings, ...superseded],
    mappedFrom,
    evidence,
  };
}

export function evidenceView(e: EvidenceRow, versions: VersionRow[], controls: { id: string; code: string; title: string }[], today: string) {
  const current = versions.find((v) => v.version === e.currentVersion);
  const v = (x: VersionRow) => ({ version: x.version, fileName: x.fileName, size: x.size, sha256: x.sha256, uploadedBy: x.uploadedBy, uploadedAt: x.uploadedAt.toISOString() });
  return {
    id: e.id,
    title: e.title,
    description: e.description,
    kind: e.kind,
    record: e.recordKind && e.recordId ? { kind: e.recordKind, id: e.recordId } : null,
    validFrom: e.validFrom,
    validUntil: e.validUntil,
    expired: e.validUntil !== null && e.validUntil < today,
    currentVersion: e.currentVersion,
    file: current ? { ...v(current), mediaType: current.mediaType } : null,
    versions: versions.sort((x, y) => y.version - x.version).map(v),
    controls,
    createdBy: e.createdBy,
    createdAt: e.createdAt.toISOString(),
  };
}
