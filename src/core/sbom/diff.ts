import { purlWithoutVersion } from "./purl";
import type { ComponentChange, ComponentChangeField, NormalisedSbom, SbomComponent, SbomDiff } from "./types";

/** Identity of a component across SBOM versions: purl without version, else group/name + type. */
export function componentKey(c: SbomComponent): string {
  const purl = c.purl === null ? null : purlWithoutVersion(c.purl);
  if (purl !== null) return purl;
  const name = c.group ? `${c.group}/${c.name}` : c.name;
  return `name:${name.toLowerCase()}|type:${c.type ?? ""}`;
}

function sortedJson(values: unknown[]): string {
  return JSON.stringify(values.map((v) => JSON.stringify(v)).sort());
}

function changedFields(a: SbomComponent, b: SbomComponent): ComponentChangeField[] {
  const fields: ComponentChangeField[] = [];
  if (a.version !== b.version) fields.push("version");
  if (sortedJson(a.hashes) !== sortedJson(b.hashes)) fields.push("hashes");
  if (sortedJson([...a.licenses, ...a.licenseNames]) !== sortedJson([...b.licenses, ...b.licenseNames])) fields.push("licenses");
  if (a.supplier !== b.supplier) fields.push("supplier");
  return fields;
}

function groupByKey(components: SbomComponent[]): Map<string, SbomComponent[]> {
  const map = new Map<string, SbomComponent[]>();
  for (const c of components) {
    const key = componentKey(c);
    const list = map.get(key);
    if (list) list.push(c);
    else map.set(key, [c]);
  }
  return map;
}

/**
 * Compares the components of two SBOMs. A package may occur several times (e.g. two npm versions);
 * occurrences with equal versions are paired first, the rest in document order, and whatever is
 * left over is added or removed.
 */
export function diffSboms(oldSbom: NormalisedSbom, newSbom: NormalisedSbom): SbomDiff {
  const before = groupByKey(oldSbom.components);
  const after = groupByKey(newSbom.components);
  const added: SbomComponent[] = [];
  const removed: SbomComponent[] = [];
  const changed: ComponentChange[] = [];
  let unchangedCount = 0;

  const pair = (key: string, a: SbomComponent, b: SbomComponent) => {
    const fields = changedFields(a, b);
    if (fields.length === 0) unchangedCount++;
    else changed.push({ key, before: a, after: b, changed: fields });
  };

  for (const [key, olds] of before) {
    const news = [...(after.get(key) ?? [])];
    const leftOld: SbomComponent[] = [];
    for (const o of olds) {
      const i = news.findIndex((n) => n.version === o.version);
      if (i === -1) leftOld.push(o);
      else pair(key, o, news.splice(i, 1)[0]);
    }
    leftOld.forEach((o, i) => {
      if (i < news.length) pair(key, o, news[i]);
      else removed.push(o);
    });
    added.push(...news.slice(leftOld.length));
    after.delete(key);
  }
  for (const news of after.values()) added.push(...news);

  return {
    added,
    removed,
    changed,
    unchangedCount,
    summary: {
      added: added.length,
      removed: removed.length,
      changed: changed.length,
      unchanged: unchangedCount,
      versionChanges: changed.filter((c) => c.changed.includes("version")).length,
    },
  };
}
