import { z } from "zod";
import { parseCvss } from "../scoring/cvss";
import { cweName } from "./cwe";
import { jsonPath } from "./vex-statement";
import { VEX_JUSTIFICATIONS, VEX_STATUSES } from "./vex-vocabulary";

/**
 * Vigil's internal security advisory: the one model from which CSAF 2.0, CycloneDX VEX and
 * OpenVEX documents are built. Dates are ISO 8601 date-times supplied by the caller.
 */

const nonEmpty = z.string().trim().min(1, "must not be empty");
const dateTime = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time with a time zone" });
const url = z.url({ message: "must be a URL" });
/** Semantic version 2.0.0 (CSAF integer versions are not used by Vigil). */
const semver = z
  .string()
  .regex(
    /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/,
    "must be a semantic version such as 1.0.0",
  );

export const ProductVersionSchema = z.object({
  version: nonEmpty,
  /** Stable identifier used by every document built from the advisory (CSAF product_id, CycloneDX bom-ref). */
  productId: z.string().regex(/^[A-Za-z0-9._:-]+$/, "product ids use letters, digits and . _ : - only"),
  modelNumbers: z.array(nonEmpty).optional(),
  skus: z.array(nonEmpty).optional(),
  purl: z.string().startsWith("pkg:", "a purl starts with pkg:").optional(),
  cpe: z.string().regex(/^cpe:(2\.3:|\/)/, "a CPE starts with cpe:2.3: or cpe:/").optional(),
});

export const ProductSchema = z.object({
  name: nonEmpty,
  /** CycloneDX component type; medical devices default to "device". */
  kind: z.enum(["device", "firmware", "application", "operating-system", "platform"]).default("device"),
  versions: z.array(ProductVersionSchema).min(1),
});

export const ProductFamilySchema = z.object({ name: nonEmpty, products: z.array(ProductSchema).min(1) });

export const VendorSchema = z
  .object({
    name: nonEmpty,
    families: z.array(ProductFamilySchema).default([]),
    /** Products outside any family. */
    products: z.array(ProductSchema).default([]),
  })
  .refine((v) => v.families.length + v.products.length > 0, "a vendor needs at least one product");

export const REMEDIATION_CATEGORIES = ["vendor_fix", "workaround", "mitigation", "no_fix_planned", "none_available"] as const;
export type RemediationCategory = (typeof REMEDIATION_CATEGORIES)[number];

export const RemediationSchema = z.object({
  category: z.enum(REMEDIATION_CATEGORIES),
  details: nonEmpty,
  url: url.optional(),
  date: dateTime.optional(),
  productIds: z.array(nonEmpty).min(1),
});

export const ProductStatusSchema = z.object({
  productId: nonEmpty,
  status: z.enum(VEX_STATUSES),
  justification: z.enum(VEX_JUSTIFICATIONS).optional(),
  /** Why the product is not affected (CSAF threat "impact", OpenVEX impact_statement, CycloneDX analysis.detail). */
  impactStatement: nonEmpty.optional(),
  /**
   * The version the manufacturer recommends (CSAF product status `recommended`), typically the
   * fixed release customers should move to. It is not a VEX status: it sits beside one.
   */
  recommended: z.boolean().optional(),
});

export const NoteSchema = z.object({
  category: z.enum(["description", "details", "faq", "general", "legal_disclaimer", "other", "summary"]),
  title: nonEmpty.optional(),
  text: nonEmpty,
});

export const ReferenceSchema = z.object({
  url,
  summary: nonEmpty,
  category: z.enum(["external", "self"]).default("external"),
});

export const AcknowledgmentSchema = z
  .object({
    names: z.array(nonEmpty).optional(),
    organization: nonEmpty.optional(),
    summary: nonEmpty.optional(),
    urls: z.array(url).optional(),
  })
  .refine((a) => a.names || a.organization || a.summary || a.urls, "an acknowledgment needs a name, organization, summary or URL");

export const VulnerabilitySchema = z
  .object({
    cve: z.string().regex(/^CVE-\d{4}-\d{4,}$/, "must look like CVE-2024-12345").optional(),
    /** Other identifiers (GHSA, vendor ids). */
    ids: z.array(z.object({ system: nonEmpty, text: nonEmpty })).default([]),
    title: nonEmpty.optional(),
    description: nonEmpty,
    cwe: z.object({ id: z.string().regex(/^CWE-[1-9]\d*$/, "must look like CWE-79"), name: nonEmpty.optional() }).optional(),
    cvss: z.object({ v31: nonEmpty.optional(), v40: nonEmpty.optional() }).default({}),
    notes: z.array(NoteSchema).default([]),
    discoveryDate: dateTime.optional(),
    releaseDate: dateTime.optional(),
    productStatus: z.array(ProductStatusSchema).min(1),
    remediations: z.array(RemediationSchema).default([]),
    /** Consequence for patients if exploited, stated for the affected products. */
    patientSafetyImpact: nonEmpty.optional(),
    /** Known exploitation (e.g. "Listed in CISA KEV on 2026-01-05"). */
    exploitStatus: nonEmpty.optional(),
    references: z.array(ReferenceSchema).default([]),
    acknowledgments: z.array(AcknowledgmentSchema).default([]),
  })
  .refine((v) => v.cve || v.ids.length > 0, { message: "a vulnerability needs a CVE or another id", path: ["cve"] });

export const AdvisorySchema = z.object({
  trackingId: z.string().regex(/^[\S](.*[\S])?$/, "must not start or end with white space"),
  title: nonEmpty,
  summary: nonEmpty,
  details: nonEmpty.optional(),
  language: z.string().default("en"),
  status: z.enum(["draft", "interim", "final"]),
  tlp: z.object({ label: z.enum(["WHITE", "GREEN", "AMBER", "RED"]), url: url.optional() }),
  publisher: z.object({
    name: nonEmpty,
    namespace: url,
    category: z.enum(["coordinator", "discoverer", "other", "translator", "user", "vendor"]).default("vendor"),
    contactDetails: nonEmpty.optional(),
    issuingAuthority: nonEmpty.optional(),
  }),
  initialReleaseDate: dateTime,
  /** Oldest first; the last entry is the current version. */
  revisions: z.array(z.object({ number: semver, date: dateTime, summary: nonEmpty })).min(1),
  products: z.object({ vendors: z.array(VendorSchema).min(1) }),
  vulnerabilities: z.array(VulnerabilitySchema),
  acknowledgments: z.array(AcknowledgmentSchema).default([]),
  references: z.array(ReferenceSchema).default([]),
  generator: z.object({ name: nonEmpty, version: nonEmpty }).default({ name: "Vigil", version: "0.1.0" }),
});

export type Advisory = z.infer<typeof AdvisorySchema>;
/** The shape callers write: defaults (kind, ids, notes…) may be left out. */
export type AdvisoryInput = z.input<typeof AdvisorySchema>;
export type AdvisoryVulnerability = Advisory["vulnerabilities"][number];
export type AdvisoryProductStatus = AdvisoryVulnerability["productStatus"][number];
export type AdvisoryRemediation = AdvisoryVulnerability["remediations"][number];

export interface AdvisoryIssue {
  path: string;
  message: string;
}

export type AdvisoryParseResult = { ok: true; advisory: Advisory } | { ok: false; errors: AdvisoryIssue[] };

export interface ProductEntry {
  productId: string;
  vendor: string;
  family?: string;
  product: string;
  kind: Advisory["products"]["vendors"][number]["products"][number]["kind"];
  version: z.infer<typeof ProductVersionSchema>;
  /** "Vendor Product Version", the CSAF full product name. */
  fullName: string;
}

/** Every product version of the inventory, in inventory order. */
export function productIndex(advisory: Pick<Advisory, "products">): Map<string, ProductEntry> {
  const index = new Map<string, ProductEntry>();
  for (const vendor of advisory.products.vendors) {
    const groups = [
      ...vendor.families.map((f) => ({ family: f.name as string | undefined, products: f.products })),
      { family: undefined, products: vendor.products },
    ];
    for (const { family, products } of groups) {
      for (const product of products) {
        for (const version of product.versions) {
          index.set(version.productId, {
            productId: version.productId,
            vendor: vendor.name,
            ...(family ? { family } : {}),
            product: product.name,
            kind: product.kind,
            version,
            fullName: `${vendor.name} ${product.name} ${version.version}`,
          });
        }
      }
    }
  }
  return index;
}

/**
 * "Recommended: Acme Pump 3.2.1." for the versions a vulnerability marks as recommended, for the
 * formats that have no recommended status of their own (CycloneDX recommendation, OpenVEX action).
 */
export function recommendedVersionsText(index: Map<string, ProductEntry>, vuln: AdvisoryVulnerability): string | undefined {
  const names = vuln.productStatus.filter((ps) => ps.recommended).map((ps) => index.get(ps.productId)?.fullName ?? ps.productId);
  return names.length > 0 ? `Recommended: ${names.join(", ")}.` : undefined;
}

/** Validates an advisory and its internal references; fills defaults. */
export function parseAdvisory(input: unknown): AdvisoryParseResult {
  const parsed = AdvisorySchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => ({ path: jsonPath(i.path), message: i.message })) };
  }
  const advisory = parsed.data;
  const errors: AdvisoryIssue[] = [];
  const seen = new Set<string>();
  advisory.products.vendors.forEach((vendor, v) => {
    const walk = (products: typeof vendor.products, path: PropertyKey[]) => {
      products.forEach((product, p) => {
        product.versions.forEach((version, k) => {
          if (seen.has(version.productId)) {
            errors.push({
              path: jsonPath([...path, p, "versions", k, "productId"]),
              message: `product id ${version.productId} is used twice`,
            });
          }
          seen.add(version.productId);
        });
      });
    };
    vendor.families.forEach((family, f) => {
      walk(family.products, ["products", "vendors", v, "families", f, "products"]);
    });
    walk(vendor.products, ["products", "vendors", v, "products"]);
  });

  const revisions = advisory.revisions;
  revisions.forEach((r, i) => {
    if (i > 0 && r.date < revisions[i - 1].date) {
      errors.push({ path: jsonPath(["revisions", i, "date"]), message: "revisions must be in date order" });
    }
  });
  if (revisions[0].date < advisory.initialReleaseDate) {
    errors.push({ path: "revisions[0].date", message: "first revision is older than initialReleaseDate" });
  }

  const cves = new Set<string>();
  advisory.vulnerabilities.forEach((vuln, i) => {
    const base = ["vulnerabilities", i];
    if (vuln.cve) {
      if (cves.has(vuln.cve)) errors.push({ path: jsonPath([...base, "cve"]), message: `${vuln.cve} appears twice` });
      cves.add(vuln.cve);
    }
    for (const [key, version] of [["v31", "3.1"], ["v40", "4.0"]] as const) {
      const vector = vuln.cvss[key];
      if (!vector) continue;
      const parsed = parseCvss(vector);
      const path = jsonPath([...base, "cvss", key]);
      if (!parsed.ok) errors.push({ path, message: parsed.error });
      else if (parsed.score.version !== version) {
        errors.push({ path, message: `expected a CVSS ${version} vector, got CVSS ${parsed.score.version}` });
      }
    }
    if (vuln.cwe) {
      const official = cweName(vuln.cwe.id);
      const path = jsonPath([...base, "cwe"]);
      if (!official && !vuln.cwe.name) {
        errors.push({ path, message: `${vuln.cwe.id} is not in the CWE catalogue; give its name` });
      } else if (official && vuln.cwe.name && vuln.cwe.name !== official) {
        errors.push({ path: `${path}.name`, message: `the CWE catalogue names ${vuln.cwe.id} "${official}"` });
      }
    }
    const statusOf = new Map<string, string>();
    vuln.productStatus.forEach((ps, j) => {
      const path = [...base, "productStatus", j];
      if (!seen.has(ps.productId)) {
        errors.push({ path: jsonPath([...path, "productId"]), message: `unknown product id ${ps.productId}` });
      }
      if (statusOf.has(ps.productId)) {
        errors.push({ path: jsonPath([...path, "productId"]), message: `${ps.productId} has two statuses` });
      }
      statusOf.set(ps.productId, ps.status);
      if (ps.justification && ps.status !== "not_affected") {
        errors.push({ path: jsonPath([...path, "justification"]), message: "a justification needs status not_affected" });
      }
    });
    vuln.remediations.forEach((rem, j) => {
      rem.productIds.forEach((id, k) => {
        const path = jsonPath([...base, "remediations", j, "productIds", k]);
        if (!seen.has(id)) errors.push({ path, message: `unknown product id ${id}` });
        else if (!statusOf.has(id)) errors.push({ path, message: `${id} has no status for this vulnerability` });
        else if (statusOf.get(id) === "not_affected") {
          errors.push({ path, message: `${id} is not affected: it needs no remediation` });
        }
      });
    });
  });

  return errors.length > 0 ? { ok: false, errors } : { ok: true, advisory };
}
