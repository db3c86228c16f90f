import { and, eq, gte, isNotNull, lt, ne, sql } from "drizzle-orm";
import type { Catalog } from "../../core/catalog";
import type { ControlLibrary } from "../../core/compliance/library";
import { governanceGaps } from "../../core/governance/responsibilities";
import { groupRepeated, isLegalClock, type ListLink, link, obligation, quarterOf } from "../../core/dashboard";
import { heatMap } from "../../core/risks/views";
import { loadAssessment } from "../compliance/store";
import { deviceModels, installations, softwareVersions } from "../devices/schema";
import { campaignViews, holders, policyViews, raciCells } from "../governance/store";
import { policies, trainingCampaigns } from "../governance/schema";
import { classificationOf } from "../incidents/clocks";
import { incidents } from "../incidents/schema";
import { collectObligations } from "../obligations/store";
import type { DbOrTx } from "../platform/db/client";
import { getMatrix } from "../risks/store";
import { risks } from "../risks/schema";
import { countFindings } from "../vulnerabilities/store";

/** A widget either carries its numbers or says honestly why it cannot. */
export type Widget<T> = ({ available: true } & T) | { available: false; reason: string };

async function widget<T>(read: () => Promise<T>): Promise<Widget<T>> {
  try {
    return { available: true, ...(await read()) };
  } catch (err) {
    return { available: false, reason: err instanceof Error ? err.message.split("\n")[0] : String(err) };
  }
}

export type DashboardContext = { db: DbOrTx; catalog: Catalog; library: ControlLibrary; now: Date };

const COMPLIANCE_ROUTE = "/compliance/frameworks";

async function coverage(ctx: DashboardContext) {
  const a = await loadAssessment(ctx.db, ctx.catalog, ctx.library, ctx.now);
  const view = (frameworkId: string) => {
    const c = a.coverage.find((x) => x.id === frameworkId);
    if (!c) return null;
    return {
      name: c.name,
      percent: c.percent,
      met: c.met,
      partial: c.partial,
      total: c.total,
      link: link(COMPLIANCE_ROUTE, { framework: frameworkId }),
      groups: c.groups.map((g) => ({ id: g.id, title: g.title, label: g.label, percent: g.percent, met: g.met, partial: g.partial, total: g.total, link: link(COMPLIANCE_ROUTE, { framework: frameworkId, group: g.id }) })),
    };
  };
  return { nis2: view("nis2"), iso27001: view("iso27001"), controls: a.rows.length };
}

async function vulnerabilities(ctx: DashboardContext) {
  const today = ctx.now.toISOString().slice(0, 10);
  // One pass over the findings for every number; each equals the total of the list its link opens.
  const n = await countFindings(
    ctx.db,
    { open: {}, critical: { priority: "critical" }, high: { priority: "high" }, medium: { priority: "medium" }, low: { priority: "low" }, kev: { kev: true }, overdue: { overdue: true } },
    today,
  );
  const priorities = ["critical", "high", "medium", "low"] as const;
  return {
    open: { count: n.open, link: link("/vulnerabilities") },
    byPriority: priorities.map((p) => ({ priority: p, count: n[p], link: link("/vulnerabilities", { priority: p }) })),
    kev: { count: n.kev, link: link("/vulnerabilities", { kev: "true" }) },
    overdue: { count: n.overdue, link: link("/vulnerabilities", { overdue: "true" }) },
  };
}

/** The versions past end of support the card names; the rest are counted and behind the card's link. */
export const END_OF_SUPPORT_SHOWN = 10;

async function endOfSupport(ctx: DashboardContext) {
  const today = ctx.now.toISOString().slice(0, 10);
  const rows = await ctx.db
    .select({ versionId: softwareVersions.id, version: softwareVersions.version, model: deviceModels.name, endOfSupport: softwareVersions.endOfSupport, units: installations.units, customerId: installations.customerId, siteId: installations.siteId })
    .from(installations)
    .innerJoin(softwareVersions, eq(softwareVersions.id, installations.softwareVersionId))
    .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
    .where(and(isNotNull(softwareVersions.endOfSupport), lt(softwareVersions.endOfSupport, today)));
  const versions = new Map<string, { id: string; name: string; endOfSupport: string; units: number }>();
  for (const r of rows) {
    const v = versions.get(r.versionId) ?? { id: r.versionId, name: `${r.model} ${r.version}`, endOfSupport: r.endOfSupport!, units: 0 };
    v.units += r.units;
    versions.set(r.versionId, v);
  }
  // Most installed units first: at the scale of a large manufacturer hundreds of versions are past support.
  const shown = [...versions.values()].sort((a, b) => b.units - a.units || a.name.localeCompare(b.name)).slice(0, END_OF_SUPPORT_SHOWN);
  return {
    versions: shown.map((v) => ({ ...v, link: link(`/devices/versions/${v.id}`) })),
    versionCount: versions.size,
    units: rows.reduce((n, r) => n + r.units, 0),
    sites: new Set(rows.map((r) => `${r.customerId}/${r.siteId ?? ""}`)).size,
    link: link("/devices/installed", { support: "past" }),
  };
}

async function riskHeatMap(ctx: DashboardContext) {
  const matrix = await getMatrix(ctx.db);
  const rows = await ctx.db.select().from(risks).where(ne(risks.status, "closed"));
  const map = heatMap(matrix, rows);
  const cells: { view: "inherent" | "residual"; likelihood: number; impact: number; count: number; link: ListLink }[] = [];
  for (const view of ["inherent", "residual"] as const) {
    for (const [li, row] of map[view].entries()) {
      for (const [ii, n] of row.entries()) {
        const l = matrix.likelihood[li].value;
        const i = matrix.impact[ii].value;
        cells.push({ view, likelihood: l, impact: i, count: n, link: link("/risks", { cell: `${view}:${l}:${i}` }) });
      }
    }
  }
  return {
    likelihood: matrix.likelihood.map((l) => ({ value: l.value, label: l.label })),
    impact: matrix.impact.map((i) => ({ value: i.value, label: i.label })),
    cells,
    total: map.total,
    link: link("/risks/heatmap"),
  };
}

async function incidentsThisQuarter(ctx: DashboardContext) {
  const q = quarterOf(ctx.now);
  const rows = await ctx.db
    .select()
    .from(incidents)
    .where(and(gte(incidents.detectedAt, new Date(`${q.from}T00:00:00Z`)), lt(incidents.detectedAt, new Date(`${q.to}T00:00:00Z`))));
  const open = await ctx.db.select({ n: sql<number>`count(*)::int` }).from(incidents).where(ne(incidents.status, "closed"));
  return {
    quarter: q,
    count: rows.length,
    significant: rows.filter((r) => classificationOf(r) === "significant").length,
    open: Number(open[0].n),
    link: link("/incidents/list"),
    boardLink: link("/incidents"),
  };
}

async function governance(ctx: DashboardContext) {
  const roles = governanceGaps(await holders(ctx.db), await raciCells(ctx.db));
  const ps = (await policyViews(ctx.db, await ctx.db.select().from(policies), ctx.now, null)).filter((p) => p.reviewState === "overdue");
  const cs = (await campaignViews(ctx.db, await ctx.db.select().from(trainingCampaigns), ctx.now)).filter((c) => c.assignees.some((a) => a.status === "overdue"));
  return {
    roleGaps: { count: roles.length, link: link("/governance/responsibilities") },
    overduePolicyReviews: { count: ps.length, link: link("/governance/policies") },
    overdueTraining: { count: cs.length, link: link("/governance/training") },
    link: link("/governance"),
  };
}

/** The dated obligations as read; their countdowns are derived again at every answer (see `obligationsView`). */
async function obligationItems(ctx: DashboardContext) {
  return collectObligations(ctx.db, ctx.now, ctx.catalog.memberStates);
}

function obligationsView({ items: read, sources }: Awaited<ReturnType<typeof obligationItems>>, now: Date) {
  // Overdue, days and hours left are computed against the time of this answer, so a cached read never shows a stale countdown.
  const items = read.map((o) => obligation(o.kind, o.title, o.dueAt, now, o.link));
  // Legal reporting clocks come first and each on its own; the rest folds repeated reminders of one kind.
  const clocks = items.filter(isLegalClock);
  const rows = groupRepeated(items.filter((i) => !isLegalClock(i))).slice(0, 15);
  return { total: items.length, overdue: items.filter((i) => i.overdue).length, clocks, items: rows, sources, link: link("/obligations"), clocksLink: link("/incidents") };
}

/** What the widgets read from the registers; the NIS2 and ISO/IEC 27001 widgets share one compliance assessment. */
export const WIDGET_SOURCES = {
  coverage,
  obligations: obligationItems,
  vulnerabilities,
  endOfSupport,
  risks: riskHeatMap,
  incidents: incidentsThisQuarter,
  governance,
};
export type SourceName = keyof typeof WIDGET_SOURCES;
/** Reads one source: straight from the database, or through the dashboard cache. */
export type SourceReader = <S extends SourceName>(source: S) => ReturnType<(typeof WIDGET_SOURCES)[S]>;

export const directReader =
  (ctx: DashboardContext): SourceReader =>
  <S extends SourceName>(source: S) =>
    (WIDGET_SOURCES[source] as (c: DashboardContext) => ReturnType<(typeof WIDGET_SOURCES)[S]>)(ctx);

async function framework(read: SourceReader, id: "nis2" | "iso27001") {
  const c = (await read("coverage"))[id];
  if (!c) throw new Error(`the ${id === "nis2" ? "NIS2" : "ISO/IEC 27001"} framework is not in the catalog`);
  return c;
}

const WIDGET_VIEWS = {
  nis2: (read: SourceReader) => framework(read, "nis2"),
  iso27001: (read: SourceReader) => framework(read, "iso27001"),
  obligations: async (read: SourceReader, now: Date) => obligationsView(await read("obligations"), now),
  vulnerabilities: (read: SourceReader) => read("vulnerabilities"),
  endOfSupport: (read: SourceReader) => read("endOfSupport"),
  risks: (read: SourceReader) => read("risks"),
  incidents: (read: SourceReader) => read("incidents"),
  governance: (read: SourceReader) => read("governance"),
};
export type WidgetName = keyof typeof WIDGET_VIEWS;
export const WIDGET_NAMES = Object.keys(WIDGET_VIEWS) as [WidgetName, ...WidgetName[]];
type WidgetOf<W extends WidgetName> = Widget<Awaited<ReturnType<(typeof WIDGET_VIEWS)[W]>>>;

/** One widget of the home dashboard; a register that cannot be read makes it `{ available: false, reason }`. */
export function readWidget<W extends WidgetName>(name: W, read: SourceReader, now: Date): Promise<WidgetOf<W>> {
  const view = WIDGET_VIEWS[name] as (read: SourceReader, now: Date) => Promise<unknown>;
  return widget(() => view(read, now)) as Promise<WidgetOf<W>>;
}

/** Every widget of the home dashboard, each read independently so one failing register does not hide the others. */
export async function buildDashboard(ctx: DashboardContext, read: SourceReader = directReader(ctx)) {
  const out = { generatedAt: ctx.now.toISOString() } as { generatedAt: string } & { [W in WidgetName]: WidgetOf<W> };
  for (const name of WIDGET_NAMES) (out as Record<WidgetName, unknown>)[name] = await readWidget(name, read, ctx.now);
  return out;
}
export type Dashboard = Awaited<ReturnType<typeof buildDashboard>>;
