import { z } from "zod";
import { TREND_METRICS } from "../../core/dashboard";
import { loadControlLibrary } from "../compliance/library";
import { collectObligations } from "../obligations/store";
import { badRequest } from "../platform/http/errors";
import type { VigilApp } from "../platform/http/types";
import { readTrends, scheduleSnapshot } from "./snapshots";
import { buildDashboard } from "./store";

const tags = ["dashboard"];
const dayString = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a calendar day YYYY-MM-DD");

export async function dashboardRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  const library = await loadControlLibrary(app.services.catalog);

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
    async () => buildDashboard({ db: db(), catalog: app.services.catalog, library, now: app.services.now() }),
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
