/** Shapes of the SBOM and version-detail API (src/server/sboms/views.ts, src/server/devices/version-detail.ts). */
import type { DependencyRelationship } from "../../../core/sbom/relationship";

export type DiffSummary = { added: number; removed: number; changed: number; unchanged: number; versionChanges: number };

export type SbomSummary = {
  id: string;
  softwareVersionId: string;
  sequence: number;
  isCurrent: boolean;
  format: string;
  specVersion: string;
  fileName: string;
  sha256: string;
  sizeBytes: number;
  uploadedByLabel: string;
  uploadedAt: string;
  componentCount: number;
  dependencyCount: number;
  warningCount: number;
  previousSbomId: string | null;
  diffSummary: DiffSummary | null;
  documentName: string | null;
  primaryComponent: { name: string; version: string | null; purl: string | null } | null;
};

export type SbomComponent = {
  id: string;
  ref: string;
  name: string;
  group: string | null;
  version: string | null;
  purl: string | null;
  cpe: string | null;
  type: string | null;
  supplier: string | null;
  licenses: string[];
  licenseNames: string[];
  scope: string | null;
  supportLevel: string | null;
  endOfSupport: string | null;
  direct: boolean;
  depth: number | null;
  relationship: DependencyRelationship;
};

export type SbomDetail = SbomSummary & { components: { total: number; offset: number; limit: number; items: SbomComponent[] } };

export type DiffComponent = { ref: string; name: string; group: string | null; version: string | null; purl: string | null; supplier: string | null; licenses: string[] };

export type SbomDiff = {
  from: { id: string; sequence: number; fileName: string; uploadedAt: string };
  to: { id: string; sequence: number; fileName: string; uploadedAt: string };
  summary: DiffSummary;
  added: DiffComponent[];
  removed: DiffComponent[];
  changed: Array<{ key: string; changed: string[]; before: DiffComponent; after: DiffComponent }>;
};

export type VersionDetail = {
  id: string;
  version: string;
  releaseDate: string | null;
  supportStatus: string;
  endOfSupport: string | null;
  deviceModel: { id: string; name: string; modelNumber: string; softwareSafetyClass: string | null; connectivity: string[] };
  installedUnits: number;
  sites: number;
  installations: Array<{ id: string; customer: string; site: string | null; units: number; since: string | null }>;
  currentSbom: SbomSummary | null;
  sbomCount: number;
};

export type SupportReport = {
  items: Array<{ purl: string; name: string; version: string | null; supplier: string | null; supportLevel: string | null; endOfSupport: string | null; source: string | null }>;
};

export const versionKeys = {
  all: ["versions"] as const,
  detail: (id: string) => ["versions", id] as const,
};
