/**
 * The shape every regulatory report draft shares (NIS2 Art. 23, CRA Art. 14): addressee, sender, key facts and
 * sections, with the required sections still holding a placeholder listed in `missing`. Rendering is done elsewhere.
 */

export type ReportSection = {
  id: string;
  heading: string;
  text: string;
  /** Required by the stage's article (some "where applicable"). */
  required: boolean;
  /** False while the text is a placeholder. */
  complete: boolean;
};

export type DraftAddressee = {
  role: string;
  /** Placeholders where unknown: the user fills them in. */
  authority: string;
  csirt: string;
  submissionChannel: string;
  reference: string;
};

export type DraftDocument = {
  basis: string;
  title: string;
  incidentId: string;
  generatedAt: string;
  addressee: DraftAddressee;
  sender: { entity: string; address: string; contact: string };
  fields: { label: string; value: string }[];
  sections: ReportSection[];
  /** Ids of required sections still holding a placeholder. */
  missing: string[];
};

export const placeholder = (what: string) => `[to be completed: ${what}]`;
/** A fact the incident record holds as "not yet known": the sender must confirm it before sending. */
export const toConfirm = (what: string) => `[to be confirmed: ${what}]`;

export function section(id: string, heading: string, text: string | undefined, what: string, required = true, unknown = placeholder): ReportSection {
  const filled = text !== undefined && text.trim() !== "";
  return { id, heading, text: filled ? text : unknown(what), required, complete: filled };
}

export const list = (items: string[] | undefined) => (items && items.length > 0 ? items.map((i) => `- ${i}`).join("\n") : undefined);

export const missingOf = (sections: ReportSection[]) => sections.filter((s) => s.required && !s.complete).map((s) => s.id);
