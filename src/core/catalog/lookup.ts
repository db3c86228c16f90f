import type { Catalog, CatalogItem, Mapping } from "./types";

/** The item, or an error naming the missing id (the engines rely on a validated catalog). */
export function requireItem(catalog: Catalog, id: string): CatalogItem {
  const item = catalog.items.get(id);
  if (!item) throw new Error(`catalog has no item ${id}`);
  return item;
}

/** Mappings touching an item in either direction, each seen from that item (`other` is the far endpoint). */
export function mappingsOf(catalog: Catalog, id: string): { mapping: Mapping; other: string; direction: "from" | "to" }[] {
  const out: { mapping: Mapping; other: string; direction: "from" | "to" }[] = [];
  for (const m of catalog.mappingsFrom.get(id) ?? []) out.push({ mapping: m, other: m.to, direction: "from" });
  for (const m of catalog.mappingsTo.get(id) ?? []) out.push({ mapping: m, other: m.from, direction: "to" });
  return out;
}

/** Ancestors of an item, nearest first. */
export function ancestorsOf(catalog: Catalog, id: string): CatalogItem[] {
  const out: CatalogItem[] = [];
  const seen = new Set<string>();
  let parent = catalog.items.get(id)?.parent;
  while (parent && !seen.has(parent)) {
    seen.add(parent);
    const item = catalog.items.get(parent);
    if (!item) break;
    out.push(item);
    parent = item.parent;
  }
  return out;
}
