import type { SbomProperty, SbomSupportInfo } from "./types";

/*
 * SPDX 2.3 packages have validUntilDate ("end of the support period for a package from the
 * supplier"). CycloneDX (up to 1.7) has no such field and its property taxonomy registers none. Producers put it into properties under their own namespace, so
 * the last `:`-separated segment of a property name is matched, ignoring case, `-` and `_`:
 *   end of support: endOfSupport, eos, endOfLife, eol, supportedUntil, supportEnd, supportEndDate
 *   support level:  supportLevel, supportStatus, support, lifecycleStatus
 * e.g. `vigil:end-of-support`, `acme:eol`, `cdx:support:level` ("level" after "support:" also counts).
 */
const END_OF_SUPPORT = new Set(["endofsupport", "eos", "endoflife", "eol", "supporteduntil", "supportend", "supportenddate"]);
const SUPPORT_LEVEL = new Set(["supportlevel", "supportstatus", "support", "lifecyclestatus"]);

function key(name: string): { last: string; previous: string } {
  const parts = name.toLowerCase().split(":").map((p) => p.replace(/[-_\s]/g, ""));
  return { last: parts[parts.length - 1] ?? "", previous: parts[parts.length - 2] ?? "" };
}

/** A format's own end-of-support field (SPDX 2.3 validUntilDate) wins over properties. */
export interface DeclaredEndOfSupport {
  value: string;
  source: string;
}

export function readSupportInfo(properties: SbomProperty[], declared: DeclaredEndOfSupport | null = null): SbomSupportInfo | null {
  let level: string | null = null;
  let endOfSupport: string | null = declared?.value ?? null;
  const sources: string[] = declared ? [declared.source] : [];
  for (const { name, value } of properties) {
    const { last, previous } = key(name);
    const v = value.trim();
    if (v === "") continue;
    if (END_OF_SUPPORT.has(last) || (previous === "support" && (last === "end" || last === "enddate"))) {
      endOfSupport ??= v;
      sources.push(name);
    } else if (SUPPORT_LEVEL.has(last) || (previous === "support" && last === "level")) {
      level ??= v;
      sources.push(name);
    }
  }
  return sources.length === 0 ? null : { level, endOfSupport, sources };
}
