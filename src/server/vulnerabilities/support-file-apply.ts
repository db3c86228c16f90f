import { eq } from "drizzle-orm";
import { type PortfolioComponentRow, purlPath, type SupportFile, supportLevelOf } from "../../core/sbom";
import type { PolicyFileIssue } from "../../core/triage-policies";
import { type Actor, type AuditChange, audited } from "../audit/store";
import type { Db, DbOrTx } from "../platform/db/client";
import { portfolioComponentRows, type SupportFields, upsertComponentSupport } from "./component-support";
import { componentSupport } from "./schema";
import { supportRules } from "./support-rules-schema";
import { insertSupportRule, sameSupportRule, updateSupportRuleRow } from "./support-rules-store";

type SupportState = { level: string; supportLevel: string | null; endOfSupport: string | null; source: string | null };

export type SupportChange = {
  purl: string | null;
  name: string;
  componentVersion: string | null;
  from: SupportState;
  to: SupportState;
  /** "<device model> <version>" of every current SBOM holding the component. */
  versions: string[];
};

export type SupportApplyOutcome =
  | {
      ok: true;
      dryRun: boolean;
      rules: { created: string[]; updated: string[]; unchanged: string[] };
      components: { set: string[]; unchanged: string[] };
      changes: SupportChange[];
    }
  | { ok: false; issues: PolicyFileIssue[] };

/** Thrown to roll the transaction back: a dry run after its changes were measured, or a file naming purls no SBOM holds. */
class Rollback extends Error {
  constructor(readonly outcome: SupportApplyOutcome) {
    super("rolled back");
  }
}

const stateOf = (r: PortfolioComponentRow): SupportState => ({ level: supportLevelOf(r.supportLevel), supportLevel: r.supportLevel, endOfSupport: r.endOfSupport, source: r.source ?? null });
const sameState = (a: SupportState, b: SupportState) => a.supportLevel === b.supportLevel && a.endOfSupport === b.endOfSupport && a.source === b.source;
const componentKey = (r: PortfolioComponentRow) => `${r.purl ?? r.name}\u0000${r.componentVersion ?? ""}`;

/** Components whose support differs between two readings of the portfolio, each once with the versions holding it. */
function supportChanges(before: readonly PortfolioComponentRow[], after: readonly PortfolioComponentRow[]): SupportChange[] {
  const was = new Map(before.map((r) => [`${r.versionId}\u0000${componentKey(r)}`, stateOf(r)]));
  const changes = new Map<string, SupportChange>();
  for (const r of after) {
    const from = was.get(`${r.versionId}\u0000${componentKey(r)}`);
    const to = stateOf(r);
    if (!from || sameState(from, to)) continue;
    const key = componentKey(r);
    const change = changes.get(key) ?? { purl: r.purl, name: r.name, componentVersion: r.componentVersion, from, to, versions: [] };
    const label = `${r.deviceModel} ${r.version}`;
    if (!change.versions.includes(label)) change.versions.push(label);
    changes.set(key, change);
  }
  return [...changes.values()].sort((a, b) => (a.purl ?? a.name).localeCompare(b.purl ?? b.name) || (a.componentVersion ?? "").localeCompare(b.componentVersion ?? ""));
}

async function applyRules(tx: DbOrTx, file: SupportFile, actor: Actor, now: Date, audit: AuditChange[]) {
  const byName = new Map((await tx.select().from(supportRules)).map((r) => [r.name, r]));
  const rules = { created: [] as string[], updated: [] as string[], unchanged: [] as string[] };
  for (const p of file.rules) {
    const before = byName.get(p.name);
    if (before && sameSupportRule(before, p)) {
      rules.unchanged.push(p.name);
      continue;
    }
    const { change } = before ? await updateSupportRuleRow(tx, before, p, actor, now) : await insertSupportRule(tx, p, actor, now);
    (before ? rules.updated : rules.created).push(p.name);
    audit.push(change);
  }
  return rules;
}

async function applyEntries(tx: DbOrTx, file: SupportFile, fileName: string, actor: Actor, now: Date, audit: AuditChange[]) {
  const components = { set: [] as string[], unchanged: [] as string[] };
  const issues: PolicyFileIssue[] = [];
  for (const e of file.components) {
    const fields: SupportFields = {};
    if (e.supplier !== undefined) fields.supplier = e.supplier;
    if (e.level !== undefined) fields.supportLevel = e.level;
    if (e.endOfSupport !== undefined) fields.endOfSupport = e.endOfSupport;
    const [known] = await tx.select().from(componentSupport).where(eq(componentSupport.purl, e.purl)).limit(1);
    if (known && Object.entries(fields).every(([k, v]) => known[k as keyof SupportFields] === v)) {
      components.unchanged.push(e.purl);
      continue;
    }
    const set = await upsertComponentSupport(tx, e.purl, fields, actor.label, now);
    if (!set) {
      issues.push({ file: fileName, path: purlPath(e), reason: `no SBOM has a component with the purl ${e.purl}` });
      continue;
    }
    components.set.push(e.purl);
    audit.push(set.change);
  }
  return { components, issues };
}

/**
 * Applies a support file in one transaction: rules are upserted by name (rules not in the file stay), entries set
 * support by purl. The outcome lists every component whose support changes across the current SBOMs. A dry run
 * makes the same changes, measures them and rolls them back; an entry for a purl no SBOM holds changes nothing.
 */
export async function applySupportFile(db: Db, file: SupportFile, fileName: string, actor: Actor, now: Date, dryRun: boolean): Promise<SupportApplyOutcome> {
  try {
    return await audited(db, actor, async (tx) => {
      const before = await portfolioComponentRows(tx);
      const audit: AuditChange[] = [];
      const rules = await applyRules(tx, file, actor, now, audit);
      const { components, issues } = await applyEntries(tx, file, fileName, actor, now, audit);
      if (issues.length > 0) throw new Rollback({ ok: false, issues });
      const outcome: SupportApplyOutcome = { ok: true, dryRun, rules, components, changes: supportChanges(before, await portfolioComponentRows(tx)) };
      if (dryRun) throw new Rollback(outcome);
      return { result: outcome, changes: audit };
    });
  } catch (err) {
    if (err instanceof Rollback) return err.outcome;
    throw err;
  }
}
