import { z } from "zod";
import { DEPENDENCY_RELATIONSHIPS, dependencyRelationship, type SbomComponent } from "../../core/sbom";
import type { sbomComponents, sboms } from "./schema";

const issue = z.object({
  file: z.string(),
  code: z.string(),
  message: z.string(),
  pointer: z.string().optional(),
  line: z.number().optional(),
  column: z.number().optional(),
});

const diffSummary = z.object({ added: z.number(), removed: z.number(), changed: z.number(), unchanged: z.number(), versionChanges: z.number() });

export const sbomSummaryView = z.object({
  id: z.string(),
  softwareVersionId: z.string(),
  sequence: z.number(),
  isCurrent: z.boolean(),
  format: z.string(),
  encoding: z.string(),
  specVersion: z.string(),
  fileName: z.string(),
  sha256: z.string(),
  sizeBytes: z.number(),
  uploadedBy: z.string().nullable(),
  uploadedByLabel: z.string(),
  uploadedAt: z.string(),
  componentCount: z.number(),
  dependencyCount: z.number(),
  warningCount: z.number(),
  previousSbomId: z.string().nullable(),
  diffSummary: diffSummary.nullable(),
  documentName: z.string().nullable(),
  primaryComponent: z.object({ name: z.string(), version: z.string().nullable(), purl: z.string().nullable() }).nullable(),
});

export const componentView = z.object({
  id: z.string(),
  ref: z.string(),
  name: z.string(),
  group: z.string().nullable(),
  version: z.string().nullable(),
  purl: z.string().nullable(),
  purlType: z.string().nullable(),
  cpe: z.string().nullable(),
  type: z.string().nullable(),
  supplier: z.string().nullable(),
  author: z.string().nullable(),
  hashes: z.array(z.object({ alg: z.string(), value: z.string() })),
  licenses: z.array(z.string()),
  licenseNames: z.array(z.string()),
  description: z.string().nullable(),
  scope: z.string().nullable(),
  properties: z.array(z.object({ name: z.string(), value: z.string() })),
  supportLevel: z.string().nullable(),
  endOfSupport: z.string().nullable(),
  parentRef: z.string().nullable(),
  direct: z.boolean(),
  depth: z.number().nullable(),
  /** direct, transitive, product, or unknown when the SBOM's dependency graph does not reach the component. */
  relationship: z.enum(DEPENDENCY_RELATIONSHIPS),
});

export const sbomDetailView = sbomSummaryView.extend({
  warnings: z.array(issue),
  document: z.unknown(),
  components: z.object({ total: z.number(), offset: z.number(), limit: z.number(), items: z.array(componentView) }),
});

const diffComponent = z.object({
  ref: z.string(),
  name: z.string(),
  group: z.string().nullable(),
  version: z.string().nullable(),
  purl: z.string().nullable(),
  type: z.string().nullable(),
  supplier: z.string().nullable(),
  licenses: z.array(z.string()),
});

export const diffView = z.object({
  from: z.object({ id: z.string(), sequence: z.number(), fileName: z.string(), uploadedAt: z.string() }),
  to: z.object({ id: z.string(), sequence: z.number(), fileName: z.string(), uploadedAt: z.string() }),
  summary: diffSummary,
  added: z.array(diffComponent),
  removed: z.array(diffComponent),
  changed: z.array(z.object({ key: z.string(), changed: z.array(z.string()), before: diffComponent, after: diffComponent })),
});

export const issueView = issue;

type SbomRow = typeof sboms.$inferSelect;

export function sbomSummary(row: Omit<SbomRow, "fileGzip">): z.infer<typeof sbomSummaryView> {
  const primary = row.document.primaryComponent;
  return {
    id: row.id,
    softwareVersionId: row.softwareVersionId,
    sequence: row.sequence,
    isCurrent: row.isCurrent,
    format: row.format,
    encoding: row.encoding,
    specVersion: row.specVersion,
    fileName: row.fileName,
    sha256: row.sha256,
    sizeBytes: row.sizeBytes,
    uploadedBy: row.uploadedBy,
    uploadedByLabel: row.uploadedByLabel,
    uploadedAt: row.createdAt.toISOString(),
    componentCount: row.componentCount,
    dependencyCount: row.dependencyCount,
    warningCount: row.warnings.length,
    previousSbomId: row.previousSbomId,
    diffSummary: row.diffSummary ?? null,
    documentName: row.document.name,
    primaryComponent: primary ? { name: primary.name, version: primary.version, purl: primary.purl } : null,
  };
}

export function componentOut(row: typeof sbomComponents.$inferSelect): z.infer<typeof componentView> {
  const { sbomId: _s, position: _p, purlBase: _b, supportSources: _x, ...rest } = row;
  return { ...rest, relationship: dependencyRelationship(row) };
}

export function diffComponentOut(c: SbomComponent): z.infer<typeof diffComponent> {
  return { ref: c.ref, name: c.name, group: c.group, version: c.version, purl: c.purl, type: c.type, supplier: c.supplier, licenses: [...c.licenses, ...c.licenseNames] };
}
