import { z } from "zod";
import { REMEDIATION_CATEGORIES, VEX_JUSTIFICATIONS, VEX_STATUSES } from "../../core/advisories";
import { ACK_STATUSES, CSAF_PROFILES, DOCUMENT_STATUSES, TLP_LABELS } from "./schema";

export const idParams = z.object({ id: z.string().min(1).max(100) });
const line = (max = 300) => z.string().trim().min(1, "required").max(max);
const longText = (max = 20_000) => z.string().trim().min(1, "required").max(max);
const dateTime = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time with a time zone, e.g. 2026-11-23T10:00:00Z" });
const ids = z.array(z.string().min(1).max(100)).max(500);

const referenceSchema = z.object({ url: z.url(), summary: line(500), category: z.enum(["external", "self"]).default("external") }).strict();
const acknowledgmentSchema = z
  .object({ names: z.array(line(200)).max(50).optional(), organization: line(200).optional(), summary: line(1000).optional(), urls: z.array(z.url()).max(20).optional() })
  .strict();

export const productStatusInput = z
  .object({
    softwareVersionId: line(100),
    status: z.enum(VEX_STATUSES),
    justification: z.enum(VEX_JUSTIFICATIONS).optional(),
    impactStatement: longText(5000).optional(),
    /** The version customers should move to (CSAF product status "recommended"). */
    recommended: z.boolean().optional(),
  })
  .strict();

export const remediationInput = z
  .object({
    category: z.enum(REMEDIATION_CATEGORIES),
    details: longText(5000),
    url: z.url().optional(),
    date: dateTime.optional(),
    softwareVersionIds: z.array(line(100)).min(1, "name at least one product version").max(500),
  })
  .strict();

export const vulnerabilityInput = z
  .object({
    cve: z.string().trim().regex(/^CVE-\d{4}-\d{4,}$/, "must look like CVE-2026-12345").optional(),
    ids: z.array(z.object({ system: line(100), text: line(200) }).strict()).max(20).default([]),
    title: line(300).optional(),
    description: longText(),
    cwe: z.object({ id: z.string().regex(/^CWE-[1-9]\d*$/, "must look like CWE-79"), name: line(300).optional() }).strict().optional(),
    cvssV31: z.string().trim().max(200).optional(),
    cvssV40: z.string().trim().max(300).optional(),
    patientSafetyImpact: longText(5000).optional(),
    exploitStatus: line(1000).optional(),
    discoveryDate: dateTime.optional(),
    productStatus: z.array(productStatusInput).min(1, "give the status of at least one product").max(500),
    remediations: z.array(remediationInput).max(100).default([]),
    references: z.array(referenceSchema).max(100).default([]),
    acknowledgments: z.array(acknowledgmentSchema).max(50).default([]),
    findingIds: ids.default([]),
  })
  .strict();

export const productInput = z
  .object({
    softwareVersionId: line(100),
    family: line(200).optional(),
    purl: z.string().trim().startsWith("pkg:", "a purl starts with pkg:").max(500).optional(),
    cpe: z.string().trim().regex(/^cpe:(2\.3:|\/)/, "a CPE starts with cpe:2.3: or cpe:/").max(500).optional(),
  })
  .strict();

export const advisoryBody = z
  .object({
    trackingId: z.string().trim().min(3).max(100).regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, "letters, digits and . _ : - only"),
    title: line(300),
    summary: longText(10_000),
    details: longText().optional(),
    /** Unless the author says otherwise, an advisory is for the affected customers only, never public. */
    tlp: z.enum(TLP_LABELS).default("AMBER"),
    documentStatus: z.enum(DOCUMENT_STATUSES).default("draft"),
    profile: z.enum(CSAF_PROFILES).default("csaf_security_advisory"),
    products: z.array(productInput).max(500).default([]),
    vulnerabilities: z.array(vulnerabilityInput).max(200).default([]),
    acknowledgments: z.array(acknowledgmentSchema).max(50).default([]),
    references: z.array(referenceSchema.extend({ category: z.literal("external").default("external") })).max(100).default([]),
    linkedFindingIds: ids.default([]),
  })
  .strict();
export type AdvisoryBody = z.infer<typeof advisoryBody>;

export const publishBody = z
  .object({
    /** Optional only for the first revision ("Initial public release."); a later one says what changed. */
    summary: line(1000).optional(),
    bump: z.enum(["major", "minor", "patch"]).default("minor"),
    /** The `updatedAt` of the working copy the publisher reviewed: a later save refuses the publication (409). */
    workingCopyUpdatedAt: dateTime.optional(),
  })
  .strict();

export const exportQuery = z
  .object({
    format: z.enum(["csaf", "csaf_vex", "cyclonedx-1.5", "cyclonedx-1.6", "openvex", "pdf"]).default("csaf"),
    revision: z.string().max(50).optional(),
  })
  .strict();

export const acknowledgementBody = z
  .object({
    siteId: line(100),
    // Both are the customer's statement of fact: neither has a default.
    status: z.enum(ACK_STATUSES),
    unitsPatched: z.number().int().min(0).max(1_000_000),
    comment: z.string().trim().max(2000).optional(),
  })
  .strict();

export const problemSchema = z.object({ path: z.string(), message: z.string(), test: z.string() });
