import { Duration } from "luxon";
import { z } from "zod";

/** How well a fact is established: V1 legal text checked, V2 official or primary-derived copy, V3 secondary sources only. */
export const CONFIDENCE_LEVELS = ["V1", "V2", "V3", "UNVERIFIED"] as const;
export const confidenceSchema = z.enum(CONFIDENCE_LEVELS);
export type Confidence = z.infer<typeof confidenceSchema>;

/** NIST OLIR relationship vocabulary. */
export const RELATIONSHIPS = ["equal", "subset", "superset", "intersect", "not_related"] as const;
/**
 * Mapping strength: high = implementing the target largely evidences the source; medium = substantial topical
 * overlap, evidence partly reusable; low = related topic, little evidence reusable. Absent when the source of a
 * mapping (e.g. ENISA) does not grade it.
 */
export const STRENGTHS = ["low", "medium", "high"] as const;
export const MAPPING_SOURCES = ["enisa", "vigil-analysis"] as const;

export const ITEM_KINDS = [
  "article",
  "paragraph",
  "point",
  "definition",
  "annex",
  "annex_entry",
  "section",
  "subsection",
  "requirement",
  "clause",
  "theme",
  "control",
  "gspr",
  "stage",
  "principle",
  "process_area",
  "obligation",
  "threshold",
  "proposal",
  "recital",
] as const;

export const FRAMEWORK_ID = /^[a-z][a-z0-9-]*$/;
/** `<framework>:<local id>`, e.g. `nis2:art21.2.d`, `iso27001:A.5.19`, `mdr:annexI.17.2`. */
export const ITEM_ID = /^[a-z][a-z0-9-]*:[A-Za-z0-9][A-Za-z0-9._-]*$/;

const isoDate = z.iso.date();
const itemId = z.string().regex(ITEM_ID, "must look like <framework>:<local id>, e.g. nis2:art21.2.d");
const nonEmpty = z.string().trim().min(1);

const isoDuration = z
  .string()
  .refine((s) => Duration.fromISO(s).isValid, "must be an ISO 8601 duration such as PT24H or P1M");

export const deadlineSchema = z.strictObject({
  duration: isoDuration.optional(),
  /** What starts the clock: awareness, incident_notification, request, incident_handled, before_action, fix_available. */
  from: z.enum(["awareness", "incident_notification", "request", "incident_handled", "before_action", "fix_available"]).optional(),
  text: nonEmpty,
});

export const sourceRefSchema = z.strictObject({
  /** Defaults to the framework's document. */
  document: nonEmpty.optional(),
  ref: nonEmpty,
  url: z.url().optional(),
});

/** Where the legal text qualifies a point: "where applicable" or "where/as available". */
export const CONTENT_QUALIFIERS = ["where_applicable", "where_available"] as const;

/**
 * One point a report stage must carry (e.g. CRA Art. 14(2)(c)(ii)), as data: the report builders fill each key
 * from the recorded facts, so the list of what a report contains is read from the catalog, not written in code.
 */
export const contentPointSchema = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/, "must be lower-case letters, digits and underscores"),
  label: nonEmpty,
  /** The legal wording summarised in Vigil's own words. */
  summary: nonEmpty,
  qualifier: z.enum(CONTENT_QUALIFIERS).optional(),
  source: sourceRefSchema,
  confidence: confidenceSchema,
  lastReviewed: isoDate.optional(),
  note: nonEmpty.optional(),
});

export const itemSchema = z.strictObject({
  id: itemId,
  kind: z.enum(ITEM_KINDS),
  title: nonEmpty,
  parent: itemId.optional(),
  /** Short summary in Vigil's own words. */
  summary: nonEmpty.optional(),
  /** Verbatim text, only for legal texts that may be quoted. */
  text: nonEmpty.optional(),
  source: sourceRefSchema,
  confidence: confidenceSchema,
  lastReviewed: isoDate.optional(),
  refs: z.array(itemId).optional(),
  deadline: deadlineSchema.optional(),
  /** What a report stage must contain, point by point (stage items only). */
  content: z.array(contentPointSchema).min(1).optional(),
  assessable: z.boolean().optional(),
  note: nonEmpty.optional(),
});

export const mappingSchema = z.strictObject({
  from: itemId,
  to: itemId,
  relationship: z.enum(RELATIONSHIPS),
  strength: z.enum(STRENGTHS).optional(),
  source: z.enum(MAPPING_SOURCES),
  confidence: confidenceSchema,
  note: nonEmpty.optional(),
});

export const keyDateSchema = z.strictObject({
  id: itemId,
  date: isoDate,
  title: nonEmpty,
  source: sourceRefSchema,
  refs: z.array(itemId).optional(),
  confidence: confidenceSchema,
  note: nonEmpty.optional(),
});

export const TRANSPOSITION_STATUSES = ["in_force", "adopted", "bill", "unknown"] as const;

/** Report stages a national clock can add beside the Directive's Art. 23(4) stages. */
export const NATIONAL_CLOCK_STAGES = ["early_warning", "incident_notification", "end_of_impact_notice", "final_report"] as const;

/**
 * A national deviation the incident clocks compute: which stage, what starts it (awareness, the end of the
 * impact, or the submission of another national clock of the same record) and how long it runs.
 */
export const nationalClockSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, "must be lower-case letters, digits and underscores"),
  stage: z.enum(NATIONAL_CLOCK_STAGES),
  startsAt: z.union([z.enum(["awareness", "impact_ended"]), z.strictObject({ submissionOf: z.string().min(1) })]),
  within: z.union([
    z.strictObject({ hours: z.number().int().positive() }),
    z.strictObject({ workingDays: z.number().int().positive() }),
  ]),
  recipient: nonEmpty.optional(),
});

export const memberStateSchema = z.strictObject({
  country: z.string().regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code"),
  law: nonEmpty,
  status: z.enum(TRANSPOSITION_STATUSES),
  inForceSince: isoDate.optional(),
  statusDate: isoDate,
  authority: nonEmpty,
  csirt: nonEmpty,
  portal: z
    .strictObject({ name: nonEmpty, url: z.url().optional(), confidence: confidenceSchema.optional() })
    .optional(),
  /** IANA time zone of the competent authority. */
  timeZone: nonEmpty,
  registration: z.strictObject({ deadline: isoDate.optional(), text: nonEmpty }).optional(),
  reportingDeviations: z
    .array(z.strictObject({ summary: nonEmpty, affects: z.array(itemId).min(1), clock: nationalClockSchema.optional() }))
    .optional(),
  notes: z.array(nonEmpty).optional(),
  confidence: confidenceSchema,
  lastReviewed: isoDate.optional(),
  /** The day the record was last checked against its sources. */
  verifiedOn: isoDate.optional(),
  /** What the record was checked against: official journal references, authority pages, or secondary sources. */
  sources: z.array(sourceRefSchema).min(1).optional(),
});

export const frameworkSchema = z.strictObject({
  id: z.string().regex(FRAMEWORK_ID, "must be lower-case letters, digits and hyphens"),
  name: nonEmpty,
  document: nonEmpty,
  publisher: nonEmpty.optional(),
  url: z.url().optional(),
  licence: nonEmpty,
  /** `ids-and-titles-only`: copyrighted standards (ISO/IEC, IEC) — items must carry no summary or text. */
  reuse: z.enum(["ids-and-titles-only"]).optional(),
});

export const catalogFileSchema = z.strictObject({
  version: z.number().int().positive(),
  lastReviewed: isoDate,
  framework: frameworkSchema.optional(),
  items: z.array(itemSchema).optional(),
  mappings: z.array(mappingSchema).optional(),
  keyDates: z.array(keyDateSchema).optional(),
  memberStates: z.array(memberStateSchema).optional(),
});

export type CatalogFileContent = z.infer<typeof catalogFileSchema>;
export type FrameworkInfo = z.infer<typeof frameworkSchema>;
export type ItemData = z.infer<typeof itemSchema>;
export type MappingData = z.infer<typeof mappingSchema>;
export type KeyDateData = z.infer<typeof keyDateSchema>;
export type MemberStateData = z.infer<typeof memberStateSchema>;
export type Deadline = z.infer<typeof deadlineSchema>;
export type ContentPoint = z.infer<typeof contentPointSchema>;
export type SourceRef = z.infer<typeof sourceRefSchema>;
export type Relationship = (typeof RELATIONSHIPS)[number];
export type Strength = (typeof STRENGTHS)[number];
export type MappingSource = (typeof MAPPING_SOURCES)[number];
export type TranspositionStatus = (typeof TRANSPOSITION_STATUSES)[number];
export type NationalClock = z.infer<typeof nationalClockSchema>;
