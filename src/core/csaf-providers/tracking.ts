/** The identity and revision of a CSAF document as its tracking section and distribution state them. */
export interface CsafTracking {
  trackingId: string;
  version: string;
  status: string;
  title: string;
  publisher: string | null;
  category: string;
  initialReleaseDate: string;
  currentReleaseDate: string;
  tlp: string | null;
}

const at = (v: unknown, ...keys: string[]): unknown => {
  let cur = v;
  for (const k of keys) cur = typeof cur === "object" && cur !== null ? (cur as Record<string, unknown>)[k] : undefined;
  return cur;
};
const text = (v: unknown) => (typeof v === "string" ? v : "");

/** Read after validation: a schema-valid CSAF document has every field used here. */
export function csafTracking(doc: unknown): CsafTracking {
  const tlp = at(doc, "document", "distribution", "tlp", "label");
  const publisher = at(doc, "document", "publisher", "name");
  return {
    trackingId: text(at(doc, "document", "tracking", "id")),
    version: text(at(doc, "document", "tracking", "version")),
    status: text(at(doc, "document", "tracking", "status")),
    title: text(at(doc, "document", "title")),
    publisher: typeof publisher === "string" ? publisher : null,
    category: text(at(doc, "document", "category")),
    initialReleaseDate: text(at(doc, "document", "tracking", "initial_release_date")),
    currentReleaseDate: text(at(doc, "document", "tracking", "current_release_date")),
    tlp: typeof tlp === "string" ? tlp.toUpperCase() : null,
  };
}
