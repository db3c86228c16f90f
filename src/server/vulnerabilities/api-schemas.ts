import { z } from "zod";
import { SUPPORT_LEVELS } from "../../core/sbom";
import { VEX_JUSTIFICATIONS } from "../../core/advisories/vex-vocabulary";
import { PRIORITIES } from "../../core/scoring";
import { pageSchema, pagingQuery } from "../platform/paging";
import { FINDING_STATUSES } from "./schema";

export const FINDING_RESPONSES = ["can_not_fix", "will_not_fix", "update", "rollback", "workaround_available"] as const;

const flag = z.enum(["true", "false"]).transform((v) => v === "true");
const page = { limit: z.coerce.number().int().min(1).max(500).default(50), offset: z.coerce.number().int().min(0).default(0) };

export const FINDING_SORTS = ["priority", "vulnerability", "component", "deviceModel", "cvss", "status", "dueAt", "firstSeenAt"] as const;

export const findingsQuery = z
  .object({
    status: z.enum(FINDING_STATUSES).optional(),
    priority: z.enum(PRIORITIES).optional(),
    deviceModelId: z.string().max(100).optional(),
    versionId: z.string().max(100).optional(),
    kev: flag.optional(),
    overdue: flag.optional(),
    includeResolved: flag.optional(),
    q: z.string().trim().max(200).optional(),
    ...pagingQuery(FINDING_SORTS),
    /** Rows to skip: the older way to page, kept for existing callers; `page` or `cursor` is the way now. */
    offset: z.coerce.number().int("must be a whole number").min(0, "must be 0 or more").optional(),
  })
  .strict();

/** The export takes the list's filters and sort; it reads every page itself. */
export const findingsExportQuery = findingsQuery.omit({ limit: true, cursor: true, page: true, offset: true }).extend({ format: z.enum(["csv"]).default("csv") });

export const versionFindingsQuery = findingsQuery.omit({ versionId: true });

export const vulnerabilitiesQuery = z.object({ q: z.string().trim().max(200).optional(), kev: flag.optional(), ...page }).strict();

const severity = z.object({ score: z.number().nullable(), vector: z.string().nullable(), version: z.string().nullable(), level: z.string() }).nullable();

export const findingItemSchema = z.object({
  id: z.string(),
  vulnerability: z.object({ id: z.string(), aliases: z.array(z.string()), summary: z.string().nullable(), severity, kev: z.boolean(), epss: z.number().nullable() }),
  component: z.object({ purl: z.string(), cpe: z.string().nullable(), name: z.string(), version: z.string(), ecosystem: z.string() }),
  deviceModel: z.object({ id: z.string(), name: z.string() }),
  version: z.object({ id: z.string(), version: z.string() }),
  status: z.enum(FINDING_STATUSES),
  justification: z.string().nullable(),
  priority: z.string(),
  priorityScore: z.number(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  matchConfidence: z.string(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  resolvedAt: z.string().nullable(),
  resolution: z.string().nullable(),
});

export const findingListSchema = pageSchema(findingItemSchema);

export const findingDetailSchema = findingItemSchema.extend({
  response: z.string().nullable(),
  detail: z.string().nullable(),
  uncontrolledRisk: z.boolean().nullable(),
  analysedAt: z.string().nullable(),
  analysedBy: z.string().nullable(),
  affectedRange: z.string(),
  fixedVersions: z.array(z.string()),
  advisories: z.array(z.string()),
  priorityExplanation: z.string(),
  priorityFactors: z.array(z.object({ factor: z.string(), contribution: z.number(), detail: z.string() })),
  deadlines: z.array(z.object({ id: z.string(), dueDate: z.string().nullable(), action: z.string(), basis: z.string() })),
  rescoring: z.unknown().nullable(),
  exploited: z.object({ awareAt: z.string(), source: z.string(), markedBy: z.string(), markedById: z.string().nullable(), markedAt: z.string() }).nullable(),
  /** Whether the finding's product is in CRA scope: an exploited mark then proposes a CRA Art. 14 case. */
  craInScope: z.boolean(),
  history: z.array(z.object({ id: z.string(), at: z.string(), actor: z.string(), kind: z.string(), before: z.unknown(), after: z.unknown() })),
});

export const exploitedBody = z
  .object({
    /** When the manufacturer became aware that the vulnerability is actively exploited; the user states it. */
    awareAt: z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time with a time zone offset, e.g. 2026-03-29T08:30:00Z" }),
    /** Who or what told them: a supplier, a CSIRT, their own telemetry. */
    source: z.string().trim().min(10, "describe the source or evidence in at least 10 characters").max(4000),
  })
  .strict();

export const exploitedWithdrawalBody = z.object({ reason: z.string().trim().min(10, "give the reason in at least 10 characters").max(4000) }).strict();

export const analysisBody = z
  .object({
    status: z.enum(FINDING_STATUSES),
    justification: z.enum(VEX_JUSTIFICATIONS).nullable().optional(),
    response: z.enum(FINDING_RESPONSES).nullable().optional(),
    detail: z.string().max(20_000).nullable().optional(),
    /** The analyst's assessment of the residual risk of patient harm (starts the FDA postmarket timers when true). */
    uncontrolledRisk: z.boolean().nullable().optional(),
    applyToSameComponent: z.boolean().optional(),
  })
  .strict();

export const rescoringBody = z
  .object({
    patientHarm: z.enum(["none", "indirect", "direct"]),
    clinicalFunction: z.enum(["therapy", "monitoring", "diagnosis", "non_clinical"]),
    phiExposure: z.enum(["none", "single_patient", "many_patients"]),
    workflowImpact: z.enum(["none", "degraded", "halted"]),
    attackerReach: z.enum(["as_scored", "internet", "hospital_network", "segmented_clinical_network", "local", "physical"]),
  })
  .strict();

const vulnerabilitySummarySchema = z.object({
  id: z.string(),
  aliases: z.array(z.string()),
  summary: z.string().nullable(),
  severity,
  published: z.string().nullable(),
  modified: z.string().nullable(),
  withdrawn: z.boolean(),
  kev: z.boolean(),
  epss: z.number().nullable(),
});

export const vulnerabilityListSchema = z.object({ items: z.array(vulnerabilitySummarySchema.extend({ findingCount: z.number() })), total: z.number() });

export const vulnerabilityDetailSchema = vulnerabilitySummarySchema.extend({
  details: z.string().nullable(),
  cwes: z.array(z.string()),
  references: z.array(z.object({ type: z.string(), url: z.string() })),
  cvss: z.object({ v40: z.string().optional(), v31: z.string().optional(), v30: z.string().optional(), v2: z.string().optional() }),
  affected: z.array(z.unknown()),
  records: z.array(z.object({ id: z.string(), source: z.string(), modified: z.string().nullable(), withdrawn: z.boolean(), raw: z.unknown() })),
  affectedVersions: z.array(
    z.object({
      version: z.object({ id: z.string(), version: z.string() }),
      deviceModel: z.object({ id: z.string(), name: z.string() }),
      open: z.boolean(),
      installedUnits: z.number(),
      sites: z.number(),
      findings: z.array(findingItemSchema),
    }),
  ),
  notify: z.array(
    z.object({
      customer: z.object({ id: z.string(), name: z.string(), contactEmail: z.string().nullable() }),
      site: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
      version: z.object({ id: z.string(), version: z.string() }),
      deviceModel: z.object({ id: z.string(), name: z.string() }).nullable(),
      units: z.number(),
    }),
  ),
});

export const importSchema = z.object({
  id: z.string(),
  source: z.string(),
  files: z.array(z.object({ name: z.string(), kind: z.string(), records: z.number(), sha256: z.string() })),
  startedAt: z.string(),
  finishedAt: z.string(),
  counts: z.object({ added: z.number(), updated: z.number(), unchanged: z.number(), withdrawn: z.number(), kev: z.number(), epss: z.number() }),
  findings: z.object({ created: z.number(), resolved: z.number(), reopened: z.number(), updated: z.number() }),
  warnings: z.array(z.object({ file: z.string(), path: z.string(), reason: z.string() })),
  warningCount: z.number(),
  importedBy: z.string().nullable(),
  importedByLabel: z.string(),
});

export const importUploadBody = z
  .object({ files: z.array(z.object({ name: z.string().trim().min(1).max(500), contentBase64: z.string().min(1) }).strict()).min(1).max(100) })
  .strict();

const dateOnly = z.iso.date({ message: "must be a date as YYYY-MM-DD" });

export const supportPatchBody = z
  .object({
    purl: z.string().trim().min(5).max(2000),
    supplier: z.string().trim().max(500).nullable().optional(),
    supportLevel: z.string().trim().max(100).nullable().optional(),
    endOfSupport: dateOnly.nullable().optional(),
  })
  .strict();

export const supportRecordSchema = z.object({ purl: z.string(), supplier: z.string().nullable(), supportLevel: z.string().nullable(), endOfSupport: z.string().nullable(), updatedBy: z.string().nullable(), updatedAt: z.string() });

export const supportReportSchema = z.object({
  version: z.object({ id: z.string(), version: z.string(), deviceModel: z.object({ id: z.string(), name: z.string() }) }),
  sbom: z.object({ id: z.string(), fileName: z.string() }).nullable(),
  items: z.array(
    z.object({
      purl: z.string().nullable(),
      name: z.string(),
      version: z.string().nullable(),
      supplier: z.string().nullable(),
      /** As written (SBOM or entered). */
      supportLevel: z.string().nullable(),
      level: z.enum(SUPPORT_LEVELS),
      endOfSupport: z.string().nullable(),
      endOfSupportState: z.enum(["past", "near", "ahead", "unknown"]),
      endOfSupportPassed: z.boolean(),
      /** "manual" (entered in Vigil), "sbom", "rule:<name>", or null when nothing is known. */
      source: z.string().nullable(),
    }),
  ),
});
