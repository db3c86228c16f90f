import { z } from "zod";
import { loadControlLibrary } from "../compliance/library";
import { XLSX_TYPE } from "../documents/spreadsheet";
import { contentDisposition } from "../incidents/evidence";
import { badRequest } from "../platform/http/errors";
import { actorOf } from "../platform/http/principal";
import type { VigilApp } from "../platform/http/types";
import { boardReportPdf } from "./board";
import { evidencePack } from "./evidence-pack";
import { registersWorkbook } from "./registers";
import { listGenerated, recordGenerated } from "./store";

const tags = ["reports"];
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a calendar day YYYY-MM-DD");

/** The period of a board report, checked: a real range, at most five years. */
export function checkPeriod(from: string, to: string, path = "body"): void {
  if (Number.isNaN(Date.parse(`${from}T00:00:00Z`)) || Number.isNaN(Date.parse(`${to}T00:00:00Z`))) throw badRequest(`${path}/from: not a valid day`, [{ path: `${path}/from`, message: "not a valid day" }]);
  if (from > to) throw badRequest(`${path}/from: must not be after to`, [{ path: `${path}/from`, message: "must not be after to" }]);
  if (Date.parse(to) - Date.parse(from) > 5 * 366 * 86_400_000) throw badRequest(`${path}/to: the period may span five years at most`, [{ path: `${path}/to`, message: "at most five years" }]);
}

export async function reportRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  const library = await loadControlLibrary(app.services.catalog);

  app.get(
    "/api/reports",
    {
      config: { access: "reports:export" },
      schema: {
        tags,
        summary: "Every document produced from Vigil's reports: kind, file, SHA-256, who and when",
        response: {
          200: z.array(
            z.object({
              id: z.string(),
              kind: z.string(),
              title: z.string(),
              fileName: z.string(),
              mediaType: z.string(),
              size: z.number(),
              sha256: z.string(),
              parameters: z.record(z.string(), z.unknown()),
              generatedBy: z.string(),
              generatedAt: z.string(),
            }),
          ),
        },
      },
    },
    async () => listGenerated(db()),
  );

  app.post(
    "/api/reports/board",
    {
      config: { access: "reports:export" },
      schema: { tags, summary: "Board report for a period as PDF (posture, trends, top risks, incidents and reporting compliance, overdue items, decisions needed)", body: z.object({ from: day, to: day }).strict() },
    },
    async (request, reply) => {
      const { from, to } = request.body;
      checkPeriod(from, to);
      const now = app.services.now();
      const actor = actorOf(request.principal!);
      const pdf = await boardReportPdf({ db: db(), catalog: app.services.catalog, library, now, from, to, generatedBy: actor.label });
      const fileName = `board-report-${from}-to-${to}.pdf`;
      const row = await recordGenerated(db(), actor, { kind: "board_report", title: `Board report ${from} to ${to}`, fileName, mediaType: "application/pdf", bytes: pdf, parameters: { from, to }, now });
      return reply.type("application/pdf").header("content-disposition", contentDisposition(fileName)).header("x-vigil-sha256", row.sha256).send(pdf);
    },
  );

  app.post(
    "/api/reports/evidence-pack",
    { config: { access: "reports:export" }, schema: { tags, summary: "Audit evidence pack (ZIP with manifest.json of SHA-256 per file, control and requirement)", body: z.object({}).strict().optional() } },
    async (request, reply) => {
      const now = app.services.now();
      const actor = actorOf(request.principal!);
      const zip = await evidencePack({ db: db(), catalog: app.services.catalog, library, now, generatedBy: actor.label, config: app.services.config });
      const fileName = `evidence-pack-${now.toISOString().slice(0, 10)}.zip`;
      const row = await recordGenerated(db(), actor, { kind: "evidence_pack", title: `Audit evidence pack ${now.toISOString().slice(0, 10)}`, fileName, mediaType: "application/zip", bytes: zip, parameters: {}, now });
      return reply.type("application/zip").header("content-disposition", contentDisposition(fileName)).header("x-vigil-sha256", row.sha256).send(zip);
    },
  );

  app.post(
    "/api/reports/registers",
    {
      config: { access: "reports:export" },
      schema: { tags, summary: "Every register (devices, installed base, findings, incidents, risks, suppliers, controls, policies, training, continuity) as one XLSX workbook", body: z.object({}).strict().optional() },
    },
    async (request, reply) => {
      const now = app.services.now();
      const actor = actorOf(request.principal!);
      const { bytes, counts } = await registersWorkbook(db(), { generatedAt: now, generatedBy: actor.label });
      const fileName = `vigil-registers-${now.toISOString().slice(0, 10)}.xlsx`;
      const row = await recordGenerated(db(), actor, { kind: "registers", title: `Registers ${now.toISOString().slice(0, 10)}`, fileName, mediaType: XLSX_TYPE, bytes, parameters: { rows: counts }, now });
      return reply.type(XLSX_TYPE).header("content-disposition", contentDisposition(fileName)).header("x-vigil-sha256", row.sha256).send(bytes);
    },
  );
}
