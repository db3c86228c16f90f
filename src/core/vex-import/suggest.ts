import type { VexJustification, VexStatement, VexStatus } from "../advisories";
import { describeProduct, statementsWithoutComponent, type VexComponent, type VexFindingKey, type VexMatchKind, vexForFinding } from "./match";

/**
 * What a supplier's VEX document suggests for each finding of a software version. A suggestion is evidence
 * beside the finding, never its analysis: the analyst accepts it (or a trust rule does, see `mayApplyAutomatically`).
 */

export interface VexSuggestionValue {
  status: VexStatus;
  justification: VexJustification | null;
  detail: string | null;
  /** The statement's vulnerability id as written (a CVE for a finding known by its GHSA, for instance). */
  statedVulnerability: string;
  product: string;
  matchedBy: VexMatchKind;
}

export interface FindingForSuggestion extends VexFindingKey {
  id: string;
}

export function suggestionOf(statement: VexStatement, matchedBy: VexMatchKind): VexSuggestionValue {
  const detail = [statement.impactStatement, statement.actionStatement, statement.statusNotes].filter((s): s is string => Boolean(s?.trim())).join("\n") || null;
  return {
    status: statement.status,
    justification: statement.status === "not_affected" ? (statement.justification ?? null) : null,
    detail,
    statedVulnerability: statement.vulnerability.id,
    product: describeProduct(statement),
    matchedBy,
  };
}

/** The suggestion for each finding the document speaks about; findings it does not name are left out. */
export function suggestionsForFindings(findings: readonly FindingForSuggestion[], statements: readonly VexStatement[]): Array<{ findingId: string; suggestion: VexSuggestionValue }> {
  const out: Array<{ findingId: string; suggestion: VexSuggestionValue }> = [];
  for (const f of findings) {
    const match = vexForFinding(f, statements);
    if (match) out.push({ findingId: f.id, suggestion: suggestionOf(match.statement, match.kind) });
  }
  return out;
}

export interface UnknownProduct {
  vulnerability: string;
  product: string;
  status: VexStatus;
}

/** Statements about products the version's SBOM does not contain: the import names them as warnings. */
export function unknownProducts(statements: readonly VexStatement[], components: readonly VexComponent[]): UnknownProduct[] {
  const seen = new Set<string>();
  const out: UnknownProduct[] = [];
  for (const s of statementsWithoutComponent(statements, components)) {
    const item = { vulnerability: s.vulnerability.id, product: describeProduct(s), status: s.status };
    const key = `${item.vulnerability}\u0000${item.product}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

export interface SuggestionChange {
  field: "status" | "justification" | "detail";
  before: string | null;
  after: string | null;
}

/** What a later revision changed in a finding's suggestion (empty when it says the same). */
export function suggestionChanges(before: Pick<VexSuggestionValue, SuggestionChange["field"]>, after: Pick<VexSuggestionValue, SuggestionChange["field"]>): SuggestionChange[] {
  const fields: SuggestionChange["field"][] = ["status", "justification", "detail"];
  return fields.filter((f) => (before[f] ?? null) !== (after[f] ?? null)).map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }));
}

/**
 * Whether a trusted supplier's suggestion may become the finding's analysis without a person: only when nobody
 * has analysed the finding, or its analysis came from an earlier revision of the same document.
 */
export function mayApplyAutomatically(finding: { analysedAt: Date | null }, acceptedFromSameDocumentAt: Date | null): boolean {
  if (finding.analysedAt === null) return true;
  return acceptedFromSameDocumentAt !== null && acceptedFromSameDocumentAt.getTime() === finding.analysedAt.getTime();
}

/** One line for the finding drawer: "<publisher> says: not affected — <justification>, <document> rev <n>". */
export function suggestionSentence(s: { publisher: string | null; status: string; justification: string | null; documentId: string; revision: string | null }): string {
  const what = [s.status.replace(/_/g, " "), s.justification?.replace(/_/g, " ")].filter(Boolean).join(" — ");
  return `${s.publisher ?? "The supplier"} says: ${what}, ${s.documentId}${s.revision ? ` rev ${s.revision}` : ""}`;
}
