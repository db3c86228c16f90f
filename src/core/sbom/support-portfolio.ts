import { componentSupportStatus, type EndOfSupportState, type SupportLevel } from "./support-level";
import type { SupportSource } from "./support-rules";

/** One component of one version's current SBOM, with what is known of its support and the units installed. */
export interface PortfolioComponentRow {
  versionId: string;
  version: string;
  deviceModel: string;
  purl: string | null;
  name: string;
  componentVersion: string | null;
  supplier: string | null;
  supportLevel: string | null;
  endOfSupport: string | null;
  /** Where the support values came from (see support-rules); absent or null: nowhere. */
  source?: SupportSource | null;
  installedUnits: number;
}

export interface PortfolioItem {
  purl: string | null;
  name: string;
  componentVersion: string | null;
  supplier: string | null;
  level: SupportLevel;
  levelAsWritten: string | null;
  endOfSupport: string | null;
  endOfSupportState: EndOfSupportState;
  source: SupportSource | null;
  /** Why the component needs attention: its end of support has passed or is near, or its supplier no longer maintains it. */
  reasons: Array<"end_of_support_passed" | "end_of_support_near" | "no_longer_maintained" | "abandoned">;
  versions: Array<{ versionId: string; deviceModel: string; version: string; installedUnits: number }>;
  installedUnits: number;
}

export interface PortfolioSummary {
  components: number;
  endOfSupportPassed: number;
  endOfSupportNear: number;
  notMaintained: number;
  levelUnknown: number;
  endOfSupportUnknown: number;
}

const RANK: Record<EndOfSupportState, number> = { past: 0, near: 1, unknown: 2, ahead: 3 };

/**
 * The components past or near their end of support, or no longer maintained, across every version's current SBOM,
 * one entry per component (purl, or name and version without one) naming the versions and installed units affected.
 * `all` lists every component. Unknown support stays unknown: it is counted, never guessed.
 */
export function supportPortfolio(rows: readonly PortfolioComponentRow[], today: string, all = false): { items: PortfolioItem[]; summary: PortfolioSummary } {
  const byKey = new Map<string, PortfolioItem>();
  for (const r of rows) {
    const key = r.purl ?? `${r.name}@${r.componentVersion ?? ""}`;
    let item = byKey.get(key);
    if (!item) {
      const s = componentSupportStatus({ supportLevel: r.supportLevel, endOfSupport: r.endOfSupport }, today);
      const reasons: PortfolioItem["reasons"] = [];
      if (s.endOfSupportState === "past") reasons.push("end_of_support_passed");
      if (s.endOfSupportState === "near") reasons.push("end_of_support_near");
      if (s.level === "no_longer_maintained" || s.level === "abandoned") reasons.push(s.level);
      item = {
        purl: r.purl,
        name: r.name,
        componentVersion: r.componentVersion,
        supplier: r.supplier,
        level: s.level,
        levelAsWritten: s.levelAsWritten,
        endOfSupport: s.endOfSupport ?? s.endOfSupportAsWritten,
        endOfSupportState: s.endOfSupportState,
        source: r.source ?? null,
        reasons,
        versions: [],
        installedUnits: 0,
      };
      byKey.set(key, item);
    }
    if (!item.versions.some((v) => v.versionId === r.versionId)) {
      item.versions.push({ versionId: r.versionId, deviceModel: r.deviceModel, version: r.version, installedUnits: r.installedUnits });
      item.installedUnits += r.installedUnits;
    }
  }
  const every = [...byKey.values()];
  const summary: PortfolioSummary = {
    components: every.length,
    endOfSupportPassed: every.filter((i) => i.endOfSupportState === "past").length,
    endOfSupportNear: every.filter((i) => i.endOfSupportState === "near").length,
    notMaintained: every.filter((i) => i.level === "no_longer_maintained" || i.level === "abandoned").length,
    levelUnknown: every.filter((i) => i.level === "unknown").length,
    endOfSupportUnknown: every.filter((i) => i.endOfSupportState === "unknown").length,
  };
  const items = (all ? every : every.filter((i) => i.reasons.length > 0)).sort(
    (a, b) =>
      RANK[a.endOfSupportState] - RANK[b.endOfSupportState] ||
      (a.endOfSupport ?? "9999").localeCompare(b.endOfSupport ?? "9999") ||
      b.installedUnits - a.installedUnits ||
      a.name.localeCompare(b.name),
  );
  for (const i of items) i.versions.sort((a, b) => a.deviceModel.localeCompare(b.deviceModel) || a.version.localeCompare(b.version));
  return { items, summary };
}
