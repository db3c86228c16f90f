import { z } from "zod";
import { TREND_METRICS } from "../../core/dashboard";
import { loadControlLibrary } from "../compliance/library";
import { collectObligations } from "../obligations/store";
import { badRequest } from "../platform/http/errors";
import { emptiedOnWrite } from "../platform/http/short-cache";
import type { VigilApp } from "../platform/http/types";
import type { Principal } from "../platform/http/principal";
import { readTrends, scheduleSnapshot } from "./snapshots";
import { buildDashboard, type DashboardContext, directReader, readWidget, type SourceName, type SourceReader, WIDGET_NAMES } from "./store";

const tags = ["dashboard"];
const dayString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a calendar day YYYY-MM-DD");

export async function dashboardRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  const library = await loadControlLibrary(app.services.catalog);
  // Any successful write may change a number on the dashboard; the reply leaves only after the cache is emptied.
  const cache = emptiedOnWrite(app);
  const context = (): DashboardContext => ({ db: db(), catalog: app.services.catalog, library, now: app.services.now() });
  /** Sources read through the cache, per role and scope: two callers share an entry only if they may see the same data. */
  const cachedReader = (ctx: DashboardContext, principal: Principal | null): SourceReader => {
    const whose = `${principal?.role ?? "system"}:${principal?.customerId ?? "workspace"}`;
    const direct = directReader(ctx);
    return ((source: SourceName) => cache.get<unknown>(`${whose}:${source}`, ctx.now.getTime(), () => direct(source) as Promise<unknown>)) as SourceReader;
  };

  app.addHook("onReady", async () => {
    // Recurring work is queued by processes that run jobs; a serve-only process (VIGIL_WORKERS=0) leaves it to them.
    if (app.services.config.workers === 0) return;
    try {
      await scheduleSnapshot(db(), app.services.jobs, app.services.now());
    } catch (err) {
      app.log.warn({ err }, "could not schedule the daily dashboard snapshot");
    }
  });

  app.get(
    "/api/dashboard",
    {
      config: { access: "workspace:read" },
      schema: {
        tags,
        summary:
          "Home dashboard: NIS2 and ISO/IEC 27001 coverage, open obligations, vulnerability posture, devices past end of support, risk heat map, incidents this quarter, governance gaps; every number with the link (route and query) of its list",
      },
    },
    async (request) => {
      const ctx = context();
      return buildDashboard(ctx, cachedReader(ctx, request.principal));
    },
  );

  app.get(
    "/api/dashboard/widgets/:widget",
    {
      config: { access: "workspace:read" },
      schema: {
        tags,
        summary: "One widget of the home dashboard, as it appears in GET /api/dashboard, so the page can show each as soon as it is read",
        params: z.object({ widget: z.enum(WIDGET_NAMES) }).strict(),
      },
    },
    async (request) => {
      const ctx = context();
      return readWidget(request.params.widget, cachedReader(ctx, request.principal), ctx.now);
    },
  );

  app.get(
    "/api/dashboard/trends",
    {
      config: { access: "workspace:read" },
      schema: {
        tags,
        summary: "Daily metric snapshots as one series per metric (default: the last 90 days)",
        querystring: z.object({ from: dayString.optional(), to: dayString.optional() }).strict(),
        response: {
          200: z.object({
            from: z.string(),
            to: z.string(),
            series: z.array(z.object({ metric: z.enum(Object.keys(TREND_METRICS) as [keyof typeof TREND_METRICS]), label: z.string(), points: z.array(z.object({ day: z.string(), value: z.number() })) })),
          }),
        },
      },
    },
    async (request) => {
      const now = app.services.now();
      const to = request.query.to ?? now.toISOString().slice(0, 10);
      const from = request.query.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 90 * 86_400_000).toISOString().slice(0, 10);
      if (from > to) throw badRequest("querystring/from: must not be after to", [{ path: "querystring/from", message: "must not be after to" }]);
      return { from, to, series: await readTrends(db(), from, to) };
    },
  );

  app.get(
    "/api/obligations",
    {
      config: { access: "workspace:read" },
      schema: { tags, summary: "Every dated obligation overdue or due within 30 days, most urgent first, and which registers could be read" },
    },
    async () => collectObligations(db(), app.services.now(), app.services.catalog.memberStates),
  );
}
