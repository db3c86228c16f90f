import type {
  Catalog,
  CatalogDocument,
  CatalogFileInfo,
  CatalogItem,
  Framework,
  KeyDate,
  Mapping,
  MemberStateRecord,
} from "./types";

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** FNV-1a, enough to tell catalog versions apart. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}

/**
 * Index catalog documents: items by id, by framework and by parent, mappings in both directions, key dates and
 * member-state records. Tolerant: the first definition of a duplicated id wins; `validateCatalog` reports the rest.
 */
export function buildCatalog(documents: readonly CatalogDocument[]): Catalog {
  const sorted = [...documents].sort((a, b) => a.file.localeCompare(b.file));
  const frameworks = new Map<string, Framework>();
  const items = new Map<string, CatalogItem>();
  const itemsByFramework = new Map<string, CatalogItem[]>();
  const children = new Map<string, CatalogItem[]>();
  const mappings: Mapping[] = [];
  const mappingsFrom = new Map<string, Mapping[]>();
  const mappingsTo = new Map<string, Mapping[]>();
  const keyDates: KeyDate[] = [];
  const memberStates = new Map<string, MemberStateRecord>();
  const files: CatalogFileInfo[] = [];

  for (const { file, content } of sorted) {
    const fw = content.framework;
    files.push({ file, version: content.version, lastReviewed: content.lastReviewed, framework: fw?.id });
    if (fw && !frameworks.has(fw.id)) {
      frameworks.set(fw.id, { ...fw, file, version: content.version, lastReviewed: content.lastReviewed });
    }
    for (const data of content.items ?? []) {
      if (items.has(data.id)) continue;
      const framework = data.id.slice(0, data.id.indexOf(":"));
      const item: CatalogItem = {
        ...data,
        framework,
        file,
        lastReviewed: data.lastReviewed ?? content.lastReviewed,
        source: { ...data.source, document: data.source.document ?? fw?.document ?? framework },
      };
      items.set(item.id, item);
      push(itemsByFramework, framework, item);
      if (item.parent) push(children, item.parent, item);
    }
    for (const data of content.mappings ?? []) {
      const mapping: Mapping = { ...data, file, lastReviewed: content.lastReviewed };
      mappings.push(mapping);
      push(mappingsFrom, mapping.from, mapping);
      push(mappingsTo, mapping.to, mapping);
    }
    for (const data of content.keyDates ?? []) keyDates.push({ ...data, file });
    for (const data of content.memberStates ?? []) {
      if (memberStates.has(data.country)) continue;
      memberStates.set(data.country, { ...data, file, lastReviewed: data.lastReviewed ?? content.lastReviewed });
    }
  }
  keyDates.sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));

  const lastReviewed = files.map((f) => f.lastReviewed).sort().at(-1) ?? "";
  const version = `${lastReviewed}.${fingerprint(files.map((f) => `${f.file}@${f.version}`).join(","))}`;
  return {
    version,
    lastReviewed,
    documents: sorted,
    files,
    frameworks,
    items,
    itemsByFramework,
    children,
    mappings,
    mappingsFrom,
    mappingsTo,
    keyDates,
    memberStates,
  };
}
