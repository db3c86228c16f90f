import { type Catalog, type Confidence, CONFIDENCE_LEVELS, requireItem } from "../catalog";

export interface BasisItem {
  id: string;
  title: string;
  ref: string;
  document: string;
  confidence: Confidence;
}

/** Where a result comes from: the catalog items behind it, a readable citation, and the weakest confidence involved. */
export interface LegalBasis {
  citation: string;
  items: BasisItem[];
  confidence: Confidence;
}

export function weakest(levels: readonly Confidence[]): Confidence {
  let worst = 0;
  for (const level of levels) worst = Math.max(worst, CONFIDENCE_LEVELS.indexOf(level));
  return CONFIDENCE_LEVELS[worst];
}

/**
 * Resolve catalog ids into a legal basis. `confidence` caps the result where the rule itself is an interpretation
 * (e.g. the no-EU-establishment rule) even though the provisions it rests on are verified.
 */
export function basisOf(catalog: Catalog, ids: readonly string[], confidence?: Confidence): LegalBasis {
  const items = ids.map((id) => {
    const item = requireItem(catalog, id);
    return { id, title: item.title, ref: item.source.ref, document: item.source.document, confidence: item.confidence };
  });
  const byFramework = new Map<string, string[]>();
  for (const id of ids) {
    const item = requireItem(catalog, id);
    const name = catalog.frameworks.get(item.framework)?.name ?? item.framework;
    const refs = byFramework.get(name) ?? [];
    if (!refs.includes(item.source.ref)) refs.push(item.source.ref);
    byFramework.set(name, refs);
  }
  const citation = [...byFramework].map(([name, refs]) => `${name}: ${refs.join(", ")}`).join("; ");
  const levels = items.map((i) => i.confidence);
  if (confidence) levels.push(confidence);
  return { citation, items, confidence: weakest(levels) };
}
