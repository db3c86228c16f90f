/** Shapes of the security statement API (src/server/disclosure-statements). */

export type StatementAnswer = "yes" | "no" | "not_applicable" | "see_note";

export const answerOptions: { value: StatementAnswer; label: string }[] = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
  { value: "not_applicable", label: "Not applicable" },
  { value: "see_note", label: "See note" },
];

export const NOTES_MAX = 4000;

export type ResponsibilityRow = { area: string; manufacturer: string; operator: string; sources: string[] };

export type ResponsibilityMatrix = {
  rows: ResponsibilityRow[];
  isDefault: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
  defaults?: ResponsibilityRow[];
};

export type StatementSection = { id: string; title: string; prompt: string; answer: StatementAnswer | null; notes: string | null };

export type SecurityStatement = {
  softwareVersionId: string;
  version: string;
  deviceModel: { id: string; name: string; modelNumber: string };
  status: "draft" | "published";
  revision: number;
  publishedRevision: number | null;
  changedSincePublication: boolean;
  structure: string;
  basis: string[];
  sections: StatementSection[];
  unanswered: string[];
  responsibility: ResponsibilityMatrix;
  revisions: { revision: number; publishedAt: string; publishedBy: string; sha256: string }[];
  updatedAt: string | null;
  updatedBy: string | null;
};

export type PortalStatement = { versionId: string; deviceModel: string; modelNumber: string; version: string; revision: number; publishedAt: string; sha256: string };

export const statementKeys = {
  all: ["security-statements"] as const,
  version: (versionId: string) => ["security-statements", "version", versionId] as const,
  matrix: (modelId: string) => ["security-statements", "matrix", modelId] as const,
  portal: ["security-statements", "portal"] as const,
  requests: (versionId: string) => ["security-statements", "requests", versionId] as const,
};

export const statementExportUrl = (versionId: string, format: "pdf" | "json", revision?: number) =>
  `/api/versions/${encodeURIComponent(versionId)}/security-statement/export?format=${format}${revision ? `&revision=${revision}` : ""}`;
