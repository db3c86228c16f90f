import { z } from "zod";
import { jsonPath } from "./vex-statement";
import { OPENVEX_STATUSES, VEX_JUSTIFICATIONS } from "./vex-vocabulary";

/**
 * Runtime check of an OpenVEX 0.2.0 document, mirroring the official OpenVEX JSON schema
 * (required fields, enums, no additional properties, and the status-dependent rules:
 * not_affected needs a justification or impact_statement, affected needs an action_statement).
 * Tests check the builder's output against the official schema as well.
 */

const iri = z.string().regex(/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/, "must be an IRI");
const dateTime = z.iso.datetime({ offset: true });

const Identifiers = z
  .strictObject({ purl: z.string().optional(), cpe22: z.string().optional(), cpe23: z.string().optional() })
  .refine((i) => i.purl || i.cpe22 || i.cpe23, "identifiers need purl, cpe22 or cpe23");

const Hashes = z.record(
  z.enum(["md5", "sha1", "sha-256", "sha-384", "sha-512", "sha3-224", "sha3-256", "sha3-384", "sha3-512", "blake2s-256", "blake2b-256", "blake2b-512"]),
  z.string(),
);

const Subcomponent = z
  .strictObject({ "@id": iri.optional(), identifiers: Identifiers.optional(), hashes: Hashes.optional() })
  .refine((c) => c["@id"] || c.identifiers, "a component needs @id or identifiers");

const Component = z
  .strictObject({
    "@id": iri.optional(),
    identifiers: Identifiers.optional(),
    hashes: Hashes.optional(),
    subcomponents: z.array(Subcomponent).optional(),
  })
  .refine((c) => c["@id"] || c.identifiers, "a component needs @id or identifiers");

const Statement = z
  .strictObject({
    "@id": iri.optional(),
    version: z.number().int().min(1).optional(),
    vulnerability: z.strictObject({
      "@id": iri.optional(),
      name: z.string(),
      description: z.string().optional(),
      aliases: z.array(z.string()).optional(),
    }),
    timestamp: dateTime.optional(),
    last_updated: dateTime.optional(),
    products: z.array(Component).optional(),
    status: z.enum(OPENVEX_STATUSES),
    supplier: z.string().optional(),
    status_notes: z.string().optional(),
    justification: z.enum(VEX_JUSTIFICATIONS).optional(),
    impact_statement: z.string().optional(),
    action_statement: z.string().optional(),
    action_statement_timestamp: dateTime.optional(),
  })
  .superRefine((s, ctx) => {
    if (s.status === "not_affected" && !s.justification && !s.impact_statement) {
      ctx.addIssue({ code: "custom", message: "not_affected needs a justification or an impact_statement" });
    }
    if (s.status === "affected" && !s.action_statement) {
      ctx.addIssue({ code: "custom", message: "affected needs an action_statement", path: ["action_statement"] });
    }
  });

export const OpenVexDocumentSchema = z.strictObject({
  "@context": z.url(),
  "@id": iri,
  author: z.string(),
  role: z.string().optional(),
  timestamp: dateTime,
  last_updated: dateTime.optional(),
  version: z.number().int().min(1),
  tooling: z.string().optional(),
  statements: z.array(Statement).min(1),
});

export type OpenVexDocument = z.infer<typeof OpenVexDocumentSchema>;

export function validateOpenVex(doc: unknown): { valid: boolean; errors: Array<{ path: string; message: string }> } {
  const r = OpenVexDocumentSchema.safeParse(doc);
  return r.success
    ? { valid: true, errors: [] }
    : { valid: false, errors: r.error.issues.map((i) => ({ path: jsonPath(i.path), message: i.message })) };
}
