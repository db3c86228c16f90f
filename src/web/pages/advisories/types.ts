/** Shapes of the advisories API (src/server/advisories). */
export type VexStatus = "affected" | "not_affected" | "fixed" | "under_investigation";
export type Tlp = "WHITE" | "GREEN" | "AMBER" | "RED";

export type InventoryProduct = {
  softwareVersionId: string;
  deviceModelId: string;
  product: string;
  modelNumber: string;
  version: string;
  productId: string;
  purl: string;
  cpe: string;
  installedUnits: number;
};

export type ProductStatusInput = { softwareVersionId: string; status: VexStatus; justification?: string; impactStatement?: string; recommended?: boolean };
export type RemediationInput = { category: string; details: string; url?: string; date?: string; softwareVersionIds: string[] };

export type VulnerabilityInput = {
  cve?: string;
  title?: string;
  description: string;
  cwe?: { id: string };
  cvssV31?: string;
  cvssV40?: string;
  patientSafetyImpact?: string;
  productStatus: ProductStatusInput[];
  remediations: RemediationInput[];
  findingIds: string[];
};

export type AdvisoryInput = {
  trackingId: string;
  title: string;
  summary: string;
  tlp: Tlp;
  documentStatus: "draft" | "interim" | "final";
  profile: "csaf_security_advisory" | "csaf_vex";
  products: Array<{ softwareVersionId: string }>;
  vulnerabilities: VulnerabilityInput[];
  acknowledgments: Array<{ names?: string[]; organization?: string }>;
  linkedFindingIds: string[];
};

export type AdvisoryListItem = {
  id: string;
  trackingId: string;
  title: string;
  tlp: Tlp;
  documentStatus: string;
  published: boolean;
  currentVersion: string | null;
  publishedAt: string | null;
  changedSincePublication: boolean;
  products: string[];
  updatedAt: string;
};

export type AdvisoryDetail = Omit<AdvisoryInput, "vulnerabilities" | "products"> & {
  id: string;
  published: boolean;
  currentVersion: string | null;
  changedSincePublication: boolean;
  products: Array<InventoryProduct & { family: string | null }>;
  vulnerabilities: Array<
    VulnerabilityInput & {
      cwe: { id: string; name: string | null } | null;
      cvssV31: string | null;
      cvssV40: string | null;
      cvssV31Score: number | null;
      cvssV40Score: number | null;
      productStatus: Array<ProductStatusInput & { softwareVersionId: string }>;
      remediations: Array<RemediationInput & { softwareVersionIds: string[] }>;
    }
  >;
  revisions: Array<{ number: string; date: string; summary: string; documentStatus: string; sha256: string; publishedBy: string }>;
  /** When the working copy was last saved: publication names it so that only what was reviewed is published. */
  updatedAt: string;
};

export type Problem = { path: string; message: string; test: string };
export type Validation = { valid: boolean; version: string; problems: Problem[] };

export type FieldStatus = {
  published: boolean;
  currentVersion: string | null;
  totals: { sites: number; acknowledged: number; affectedUnits: number; patchedUnits: number };
  sites: Array<{
    customer: string;
    site: string;
    siteId: string;
    affectedUnits: number;
    products: string[];
    acknowledgement: { status: string; unitsPatched: number; comment: string | null; revision: string; by: string; at: string } | null;
  }>;
};

export const ackStatusLabels: Record<string, string> = {
  received: "Received",
  in_progress: "Patching in progress",
  patched: "Patched",
  mitigated: "Mitigated",
  not_applicable: "Not applicable",
};

export const vexStatusLabels: Record<VexStatus, string> = {
  affected: "Known affected",
  not_affected: "Known not affected",
  fixed: "Fixed",
  under_investigation: "Under investigation",
};
