import { and, gte, lt } from "drizzle-orm";
import { TREND_METRICS, type TrendMetric } from "../../core/dashboard";
import { decisionsNeeded, reportingTally } from "../../core/reports";
import { complianceApprovals } from "../compliance/schema";
import { readTrends } from "../dashboard/snapshots";
import { buildDashboard, type DashboardContext } from "../dashboard/store";
import { renderPdf } from "../documents/pdf";
import { classificationOf, clocksOfIncidents } from "../incidents/clocks";
import { incidents } from "../incidents/schema";
import { collectObligations } from "../obligations/store";
import { getProfile } from "../organisation/store";
import type { Db } from "../platform/db/client";
import { getMatrix, loadRiskSummaries } from "../risks/store";

export const BOARD_SECTIONS = ["Security posture", "Trends", "Top risks", "Incidents and reporting compliance", "Overdue items", "Decisions needed"] as const;

const th = (t: string) => ({ text: t, style: "tableHeader" });
const table = (widths: (string | number)[], head: string[], rows: unknown[][]) =>
  rows.length === 0
    ? { text: "None.", italics: true, margin: [0, 2, 0, 6] }
    : { table: { headerRows: 1, widths, body: [head.map(th), ...rows] }, layout: "lightHorizontalLines", margin: [0, 2, 0, 8] };

/** A horizontal bar chart drawn with vector shapes (no raster images). */
function barChart(bars: { label: string; value: number; color: string }[], max?: number) {
  const top = Math.max(1, max ?? Math.max(...bars.map((b) => b.value), 1));
  const width = 300;
  return {
    table: {
      widths: [110, width + 40],
      body: bars.map((b) => [
        { text: b.label, fontSize: 8.5, margin: [0, 2, 0, 0] },
        {
          stack: [
            { canvas: [{ type: "rect", x: 0, y: 2, w: Math.max(1, (b.value / top) * width), h: 9, color: b.color }] },
            { text: String(b.value), fontSize: 8, absolutePosition: undefined, margin: [Math.min(width, (b.value / top) * width) + 4, -11, 0, 0] },
          ],
        },
      ]),
    },
    layout: "noBorders",
    margin: [0, 2, 0, 8],
  };
}

export type BoardInput = DashboardContext & { from: string; to: string; generatedBy: string };

/** The management report for a period: posture today, trends over the period, top risks, incidents, overdue items, decisions. */
export async function boardReportPdf(input: BoardInput): Promise<Buffer> {
  const { db, now, from, to } = input;
  const today = now.toISOString().slice(0, 10);
  const d = await buildDashboard(input);
  const organisation = (await getProfile(db as Db))?.legalName ?? "The organisation";
  const content: unknown[] = [
    { text: "Board report: cybersecurity and NIS2", style: "title" },
    { text: `${organisation} · period ${from} to ${to} · produced ${now.toISOString().slice(0, 16).replace("T", " ")} UTC by ${input.generatedBy}`, style: "subtitle" },
  ];

  // Posture
  content.push({ text: BOARD_SECTIONS[0], style: "h2" });
  const posture: unknown[][] = [];
  const na = (r: string) => `not available (${r})`;
  posture.push(["NIS2 Art. 21 measures met", d.nis2.available ? `${d.nis2.percent ?? 0} % (${d.nis2.met} met, ${d.nis2.partial} partial of ${d.nis2.total})` : na(d.nis2.reason)]);
  posture.push(["ISO/IEC 27001 requirements met", d.iso27001.available ? `${d.iso27001.percent ?? 0} % (${d.iso27001.met} of ${d.iso27001.total})` : na(d.iso27001.reason)]);
  if (d.vulnerabilities.available) {
    posture.push(["Open findings", `${d.vulnerabilities.open.count} (${d.vulnerabilities.byPriority.map((p) => `${p.count} ${p.priority}`).join(", ")})`]);
    posture.push(["Known exploited (CISA KEV)", String(d.vulnerabilities.kev.count)]);
    posture.push(["Past remediation deadline", String(d.vulnerabilities.overdue.count)]);
  } else posture.push(["Findings", na(d.vulnerabilities.reason)]);
  posture.push(["Installed units past end of support", d.endOfSupport.available ? `${d.endOfSupport.units} at ${d.endOfSupport.sites} site(s)` : na(d.endOfSupport.reason)]);
  posture.push([
    "Governance gaps",
    d.governance.available ? `${d.governance.roleGaps.count} roles unassigned, ${d.governance.overduePolicyReviews.count} policy reviews and ${d.governance.overdueTraining.count} trainings overdue` : na(d.governance.reason),
  ]);
  content.push(table([180, "*"], ["Measure", "Today"], posture));
  if (d.nis2.available) {
    content.push({ text: "NIS2 coverage per article (% of requirements met)", style: "h3" });
    content.push(barChart(d.nis2.groups.map((g) => ({ label: g.label, value: g.percent ?? 0, color: "#4263eb" })), 100));
  }
  if (d.vulnerabilities.available) {
    content.push({ text: "Open findings by priority", style: "h3" });
    const colors: Record<string, string> = { critical: "#c92a2a", high: "#e8590c", medium: "#f08c00", low: "#1c7ed6" };
    content.push(barChart(d.vulnerabilities.byPriority.map((p) => ({ label: p.priority, value: p.count, color: colors[p.priority] ?? "#868e96" }))));
  }

  // Trends
  content.push({ text: BOARD_SECTIONS[1], style: "h2" });
  const series = (await readTrends(db, from, to)).filter((s) => s.points.length > 0);
  content.push(
    series.length === 0
      ? { text: "No daily snapshot falls in this period yet (the daily job records one per day).", italics: true }
      : table(
          ["*", 60, 60, 60],
          ["Metric", `First (${series[0].points[0].day})`, "Last", "Change"],
          series.map((s) => {
            const first = s.points[0].value;
            const last = s.points[s.points.length - 1].value;
            return [TREND_METRICS[s.metric as TrendMetric], String(first), String(last), `${last - first >= 0 ? "+" : ""}${Math.round((last - first) * 10) / 10}`];
          }),
        ),
  );

  // Top risks
  content.push({ text: BOARD_SECTIONS[2], style: "h2" });
  const matrix = await getMatrix(db);
  const risks = (await loadRiskSummaries(db, matrix, today)).filter((r) => r.status !== "closed").sort((a, b) => b.current.score - a.current.score);
  content.push(
    table(
      [55, "*", 50, 55, 60],
      ["Risk", "Title", "Level", "Status", "Owner"],
      risks.slice(0, 8).map((r) => [r.reference, r.title, `${r.current.level} (${r.current.score})`, r.status, r.owner ?? "none"]),
    ),
  );

  // Incidents in the period
  content.push({ text: BOARD_SECTIONS[3], style: "h2" });
  const inPeriod = await db
    .select()
    .from(incidents)
    .where(and(gte(incidents.detectedAt, new Date(`${from}T00:00:00Z`)), lt(incidents.detectedAt, new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000))));
  const clocks = await clocksOfIncidents(db, inPeriod, now, input.catalog.memberStates);
  content.push(
    table(
      [60, "*", 65, 40, 40, 40, 40],
      ["Incident", "Title", "Significance", "On time", "Late", "Overdue", "Pending"],
      clocks.map(({ incident, result }) => {
        const t = reportingTally((result?.obligations ?? []).map((o) => o.status));
        return [incident.reference, incident.title, classificationOf(incident).replace("_", " "), t.onTime, t.late, t.overdue, t.pending];
      }),
    ),
  );

  // Overdue items
  content.push({ text: BOARD_SECTIONS[4], style: "h2" });
  const { items, sources } = await collectObligations(db, now, input.catalog.memberStates);
  const overdue = items.filter((i) => i.overdue);
  content.push(table([90, "*", 60], ["Kind", "Item", "Days overdue"], overdue.slice(0, 30).map((o) => [o.kind.replaceAll("_", " "), o.title, String(-o.daysLeft)])));
  if (overdue.length > 30) content.push({ text: `… and ${overdue.length - 30} more (see Obligations in Vigil).`, style: "small" });
  const missing = sources.filter((s) => !s.available);
  if (missing.length > 0) content.push({ text: `Not available: ${missing.map((s) => s.source).join(", ")}.`, style: "small" });

  // Decisions
  content.push({ text: BOARD_SECTIONS[5], style: "h2" });
  const [approval] = await db.select({ id: complianceApprovals.id }).from(complianceApprovals).limit(1);
  const overdueByKind: Record<string, number> = {};
  for (const o of overdue) overdueByKind[o.kind] = (overdueByKind[o.kind] ?? 0) + 1;
  const decisions = decisionsNeeded({
    roleGaps: d.governance.available ? d.governance.roleGaps.count : 0,
    risksAwaitingAcceptance: risks
      .filter((r) => r.treatment === "accept" && r.status !== "accepted" && (r.current.level === "high" || r.current.level === "critical"))
      .map((r) => ({ reference: r.reference, title: r.title, level: r.current.level, authority: String(r.requiredAuthority) })),
    overdueByKind,
    kevFindings: d.vulnerabilities.available ? d.vulnerabilities.kev.count : 0,
    criticalFindings: d.vulnerabilities.available ? (d.vulnerabilities.byPriority.find((p) => p.priority === "critical")?.count ?? 0) : 0,
    endOfSupportUnits: d.endOfSupport.available ? d.endOfSupport.units : 0,
    nis2Percent: d.nis2.available ? d.nis2.percent : null,
    managementApproval: !!approval,
  });
  content.push(decisions.length === 0 ? { text: "No decision is pending.", italics: true } : { ol: decisions, margin: [0, 2, 0, 0] });

  return renderPdf({ title: `Board report ${from} to ${to}`, content, footer: `${organisation} · Board report ${from} – ${to} · confidential` });
}
