import { z } from "zod";

/**
 * OSV schema 1.x (ossf/osv-schema) as zod. Object shapes are loose so that fields added by
 * later schema versions or by databases survive parsing; the rules of osv-schema.json that
 * JSON Schema expresses with oneOf/contains/if-then are checked in `lint.ts`.
 */
const jsonObject = z.record(z.string(), z.unknown());

export const osvEventSchema = z.looseObject({
  introduced: z.string().optional(),
  fixed: z.string().optional(),
  last_affected: z.string().optional(),
  limit: z.string().optional(),
});

export const osvRangeSchema = z.looseObject({
  // Not an enum here: unknown range types are reported by the linter and skipped with a
  // warning by the matcher, rather than making the whole record unreadable.
  type: z.string().min(1),
  repo: z.string().optional(),
  events: z.array(osvEventSchema).min(1, "a range needs at least one event"),
  database_specific: jsonObject.optional(),
});

export const osvSeveritySchema = z.looseObject({
  type: z.string(),
  score: z.string(),
});

/** A package is named by ecosystem + name, or by a purl alone. */
export const osvPackageSchema = z
  .looseObject({
    ecosystem: z.string().min(1, "package.ecosystem must not be empty").optional(),
    name: z.string().min(1, "package.name must not be empty").optional(),
    purl: z.string().optional(),
  })
  .refine((p) => (p.ecosystem !== undefined && p.name !== undefined) || p.purl !== undefined, {
    message: "a package needs ecosystem and name, or a purl",
  });

export const osvAffectedSchema = z.looseObject({
  package: osvPackageSchema.optional(),
  severity: z.array(osvSeveritySchema).nullish(),
  ranges: z.array(osvRangeSchema).optional(),
  versions: z.array(z.string()).optional(),
  ecosystem_specific: jsonObject.optional(),
  database_specific: jsonObject.optional(),
});

export const RFC3339_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

const timestamp = z.string().regex(RFC3339_TIMESTAMP, "must be an RFC 3339 timestamp");

export const osvRecordSchema = z.looseObject({
  schema_version: z.string().optional(),
  id: z.string().min(1, "id must not be empty"),
  modified: timestamp,
  published: timestamp.optional(),
  withdrawn: timestamp.optional(),
  aliases: z.array(z.string()).nullish(),
  related: z.array(z.string()).nullish(),
  upstream: z.array(z.string()).nullish(),
  summary: z.string().optional(),
  details: z.string().optional(),
  severity: z.array(osvSeveritySchema).nullish(),
  affected: z.array(osvAffectedSchema).nullish(),
  references: z
    .array(z.looseObject({ type: z.string(), url: z.string() }))
    .nullish(),
  credits: z.array(z.looseObject({ name: z.string() })).nullish(),
  database_specific: jsonObject.optional(),
});

export type OsvEvent = z.infer<typeof osvEventSchema>;
export type OsvRange = z.infer<typeof osvRangeSchema>;
export type OsvPackage = z.infer<typeof osvPackageSchema>;
export type OsvAffected = z.infer<typeof osvAffectedSchema>;
export type OsvRecord = z.infer<typeof osvRecordSchema>;
