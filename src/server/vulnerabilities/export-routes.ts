import { contentDisposition } from "../incidents/evidence";
import { allPages, csvStream, EXPORT_BATCH } from "../platform/csv";
import type { VigilApp } from "../platform/http/types";
import { findingsExportQuery } from "./api-schemas";
import { type FindingItem, listFindings } from "./store";

const FINDING_CSV_COLUMNS = [
  "vulnerability_id",
  "aliases",
  "summary",
  "cvss_score",
  "severity",
  "kev",
  "epss",
  "device_model",
  "version",
  "component",
  "component_version",
  "purl",
  "cpe",
  "status",
  "justification",
  "priority",
  "priority_score",
  "due_at",
  "overdue",
  "match_confidence",
  "first_seen_at",
  "last_seen_at",
  "resolved_at",
  "resolution",
] as const;

const findingCsvCells = (f: FindingItem) => [
  f.vulnerability.id,
  f.vulnerability.aliases.join(" "),
  f.vulnerability.summary,
  f.vulnerability.severity?.score,
  f.vulnerability.severity?.level,
  f.vulnerability.kev,
  f.vulnerability.epss,
  f.deviceModel.name,
  f.version.version,
  f.component.name,
  f.component.version,
  f.component.purl,
  f.component.cpe,
  f.status,
  f.justification,
  f.priority,
  f.priorityScore,
  f.dueAt,
  f.overdue,
  f.matchConfidence,
  f.firstSeenAt,
  f.lastSeenAt,
  f.resolvedAt,
  f.resolution,
];

export async function findingExportRoutes(app: VigilApp) {
  const db = () => app.services.database.db;

  app.get(
    "/api/findings/export",
    {
      config: { access: "workspace:read" },
      schema: {
        tags: ["vulnerabilities"],
        summary: "Findings as CSV with the list's filters and sort (highest priority first by default); streamed in batches read by keyset",
        querystring: findingsExportQuery,
      },
    },
    async (request, reply) => {
      const now = app.services.now();
      const today = now.toISOString().slice(0, 10);
      const { format: _csv, ...filters } = request.query;
      const batches = allPages((cursor) => listFindings(db(), { ...filters, limit: EXPORT_BATCH, cursor }, today, { count: false }));
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", contentDisposition(`findings-${today}.csv`))
        .send(csvStream(FINDING_CSV_COLUMNS, batches, findingCsvCells));
    },
  );
}
