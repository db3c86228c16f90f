import { isEuMemberState } from "./countries";
import { catalogFileSchema, type CatalogFileContent, type ItemData } from "./schema";
import { issuesToProblems } from "./parse";
import type { Catalog, CatalogProblem } from "./types";

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function prefixOf(id: string): string {
  return id.slice(0, id.indexOf(":"));
}

/** A report's content list belongs to a stage and names each point once. */
function contentProblems(file: string, item: ItemData): CatalogProblem[] {
  if (!item.content) return [];
  if (item.kind !== "stage") return [{ file, itemId: item.id, reason: `a content list belongs to a report stage, not to a ${item.kind}` }];
  const keys = item.content.map((c) => c.key);
  return [...new Set(keys.filter((k, i) => keys.indexOf(k) !== i))].map((k) => ({ file, itemId: item.id, reason: `content key "${k}" is listed twice` }));
}

/**
 * Integrity checks over a built catalog: every document matches the schema (so confidence values and
 * relationships are legal), IDs are unique and carry their file's framework prefix, parents, refs and mapping
 * endpoints resolve, copyrighted standards carry titles only, and member-state records are complete.
 * Returns an empty list when the catalog is sound.
 */
export function validateCatalog(catalog: Catalog): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  const firstSeen = new Map<string, string>();
  const frameworkFiles = new Map<string, string>();
  const countries = new Map<string, string>();
  const sound: { file: string; content: CatalogFileContent }[] = [];

  for (const doc of catalog.documents) {
    const schema = catalogFileSchema.safeParse(doc.content);
    if (!schema.success) {
      problems.push(...issuesToProblems(doc.file, doc.content, schema.error.issues));
      continue;
    }
    sound.push({ file: doc.file, content: schema.data });
  }

  for (const { file, content } of sound) {
    const fw = content.framework;
    if (fw) {
      const other = frameworkFiles.get(fw.id);
      if (other) problems.push({ file, path: "framework.id", reason: `framework "${fw.id}" is already declared in ${other}` });
      else frameworkFiles.set(fw.id, file);
    }
    const ids = [...(content.items ?? []).map((i) => i.id), ...(content.keyDates ?? []).map((k) => k.id)];
    if (ids.length > 0 && !fw) {
      problems.push({ file, path: "framework", reason: "a file with items or key dates must declare its framework" });
    }
    for (const id of ids) {
      const other = firstSeen.get(id);
      if (other) problems.push({ file, itemId: id, reason: `duplicate id (first defined in ${other})` });
      else firstSeen.set(id, file);
      if (fw && prefixOf(id) !== fw.id) {
        problems.push({ file, itemId: id, reason: `id prefix "${prefixOf(id)}" does not match the file's framework "${fw.id}"` });
      }
    }
    for (const item of content.items ?? []) {
      if (fw?.reuse === "ids-and-titles-only") {
        if (item.summary || item.text) {
          problems.push({ file, itemId: item.id, reason: `${fw.name} may carry identifiers and titles only (no summary or text)` });
        }
      } else if (!item.summary && !item.text) {
        problems.push({ file, itemId: item.id, reason: "needs a summary (own words) or a quoted legal text" });
      }
      problems.push(...contentProblems(file, item));
    }
    for (const ms of content.memberStates ?? []) {
      const itemId = `nis2-ms:${ms.country}`;
      if (!isEuMemberState(ms.country)) problems.push({ file, itemId, reason: `${ms.country} is not an EU Member State` });
      const other = countries.get(ms.country);
      if (other) problems.push({ file, itemId, reason: `duplicate member-state record (first in ${other})` });
      else countries.set(ms.country, file);
      if (!isValidTimeZone(ms.timeZone)) problems.push({ file, itemId, reason: `unknown IANA time zone "${ms.timeZone}"` });
      if (ms.status === "in_force" && !ms.inForceSince) {
        problems.push({ file, itemId, reason: "status in_force needs inForceSince" });
      }
      if (ms.status === "bill" && ms.inForceSince) {
        problems.push({ file, itemId, reason: "a bill cannot have an inForceSince date" });
      }
    }
  }

  const exists = (id: string) => catalog.items.has(id);
  for (const { file, content } of sound) {
    for (const item of content.items ?? []) {
      if (item.parent) {
        if (!catalog.items.has(item.parent)) {
          problems.push({ file, itemId: item.id, reason: `parent ${item.parent} does not exist` });
        } else if (prefixOf(item.parent) !== prefixOf(item.id)) {
          problems.push({ file, itemId: item.id, reason: `parent ${item.parent} belongs to another framework` });
        }
      }
      for (const ref of item.refs ?? []) {
        if (!exists(ref)) problems.push({ file, itemId: item.id, reason: `reference ${ref} does not exist` });
      }
    }
    for (const kd of content.keyDates ?? []) {
      for (const ref of kd.refs ?? []) {
        if (!exists(ref)) problems.push({ file, itemId: kd.id, reason: `reference ${ref} does not exist` });
      }
    }
    for (const ms of content.memberStates ?? []) {
      const clockIds = (ms.reportingDeviations ?? []).flatMap((d) => (d.clock ? [d.clock.id] : []));
      for (const dev of ms.reportingDeviations ?? []) {
        for (const ref of dev.affects) {
          if (!exists(ref)) problems.push({ file, itemId: `nis2-ms:${ms.country}`, reason: `deviation refers to ${ref}, which does not exist` });
        }
        const clock = dev.clock;
        if (!clock) continue;
        if (clockIds.filter((id) => id === clock.id).length > 1) {
          problems.push({ file, itemId: `nis2-ms:${ms.country}`, reason: `national clock "${clock.id}" is defined twice` });
        }
        const after = typeof clock.startsAt === "object" ? clock.startsAt.submissionOf : undefined;
        if (after !== undefined && (after === clock.id || !clockIds.includes(after))) {
          problems.push({ file, itemId: `nis2-ms:${ms.country}`, reason: `national clock "${clock.id}" starts at the submission of "${after}", which is not another clock of this record` });
        }
      }
    }
    const pairs = new Set<string>();
    for (const m of content.mappings ?? []) {
      const itemId = `${m.from} -> ${m.to}`;
      if (!catalog.items.has(m.from)) problems.push({ file, itemId, reason: `mapping source ${m.from} does not exist` });
      if (!catalog.items.has(m.to)) problems.push({ file, itemId, reason: `mapping target ${m.to} does not exist` });
      if (m.from === m.to) problems.push({ file, itemId, reason: "a mapping cannot link an item to itself" });
      if (m.source === "vigil-analysis" && !m.strength) {
        problems.push({ file, itemId, reason: "Vigil's own mappings must state a strength (low, medium or high)" });
      }
      const key = `${m.from}|${m.to}|${m.source}`;
      if (pairs.has(key)) problems.push({ file, itemId, reason: "duplicate mapping" });
      pairs.add(key);
    }
  }

  for (const item of catalog.items.values()) {
    const seen = new Set<string>([item.id]);
    let parent = item.parent;
    while (parent) {
      if (seen.has(parent)) {
        problems.push({ file: item.file, itemId: item.id, reason: "parent chain forms a cycle" });
        break;
      }
      seen.add(parent);
      parent = catalog.items.get(parent)?.parent;
    }
  }
  return problems;
}
