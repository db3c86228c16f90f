import { eq } from "drizzle-orm";
import type ExcelJS from "exceljs";
import { z } from "zod";
import { type PortfolioItem, SUPPORT_LEVELS, supportPortfolio } from "../../core/sbom";
import { audited } from "../audit/store";
import { deviceModels, softwareVersions } from "../devices/schema";
import { newWorkbook, XLSX_TYPE } from "../documents/spreadsheet";
import { contentDisposition } from "../incidents/evidence";
import { badRequest, notFound } from "../platform/http/errors";
import { actorOf } from "../platform/http/principal";
import type { VigilApp } from "../platform/http/types";
import { sbomQualityProfiles } from "../sboms/quality-profiles";
import { supportPatchBody, supportRecordSchema } from "./api-schemas";
import { portfolioComponentRows, upsertComponentSupport, versionComponentSupport } from "./component-support";
import { supportRuleRoutes } from "./support-rules-routes";

const MAX_BULK_ITEMS = 2000;

const REASON_LABELS: Record<PortfolioItem["reasons"][number], string> = {
  end_of_support_passed: "End of support passed",
  end_of_support_near: "End of support near",
  no_longer_maintained: "No longer maintained",
  abandoned: "Abandoned",
};
const LEVEL_LABELS: Record<(typeof SUPPORT_LEVELS)[number], string> = {
  actively_maintained: "Actively maintained",
  no_longer_maintained: "No longer maintained",
  abandoned: "Abandoned",
  unknown: "Unknown",
};

const portfolioItem = z.object({
  purl: z.string().nullable(),
  name: z.string(),
  componentVersion: z.string().nullable(),
  supplier: z.string().nullable(),
  level: z.enum(SUPPORT_LEVELS),
  levelAsWritten: z.string().nullable(),
  endOfSupport: z.string().nullable(),
  endOfSupportState: z.enum(["past", "near", "ahead", "unknown"]),
  /** "manual", "sbom", "rule:<name>", or null when nothing is known. */
  source: z.string().nullable(),
  reasons: z.array(z.enum(["end_of_support_passed", "end_of_support_near", "no_longer_maintained", "abandoned"])),
  versions: z.array(z.object({ versionId: z.string(), deviceModel: z.string(), version: z.string(), installedUnits: z.number() })),
  installedUnits: z.number(),
});
const portfolioView = z.object({
  generatedOn: z.string(),
  summary: z.object({
    components: z.number(),
    endOfSupportPassed: z.number(),
    endOfSupportNear: z.number(),
    notMaintained: z.number(),
    levelUnknown: z.number(),
    endOfSupportUnknown: z.number(),
  }),
  items: z.array(portfolioItem),
});
const bulkBody = z.object({ items: z.array(supportPatchBody).min(1).max(MAX_BULK_ITEMS) }).strict();

/** The columns every support sheet starts with: what FDA's premarket guidance asks for each SBOM component. */
const COMPONENT_COLUMNS = [
  { header: "Component", width: 28 },
  { header: "Component version", width: 16 },
  { header: "Supplier", width: 24 },
  { header: "Package URL", width: 40 },
  { header: "Level of support", width: 22 },
  { header: "End-of-support date", width: 18 },
];

/** The level of support as a sheet shows it: the words the SBOM used are kept beside "Unknown". */
const levelText = (i: { level: (typeof SUPPORT_LEVELS)[number]; levelAsWritten: string | null }) =>
  i.levelAsWritten && i.level === "unknown" ? `Unknown (“${i.levelAsWritten}”)` : LEVEL_LABELS[i.level];

const sourceText = (source: string | null) =>
  source === "manual" ? "Entered in Vigil" : source === "sbom" ? "SBOM" : source?.startsWith("rule:") ? `Support rule “${source.slice(5)}”` : "Not stated";

function sheetWith(wb: ExcelJS.Workbook, name: string, heading: string[][], columns: { header: string; width: number }[]) {
  const ws = wb.addWorksheet(name);
  for (const line of heading) ws.addRow(line);
  ws.getRow(1).font = { bold: true, size: 13 };
  ws.addRow([]);
  const header = ws.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  columns.forEach((c, i) => {
    ws.getColumn(i + 1).width = c.width;
  });
  ws.views = [{ state: "frozen", ySplit: header.number }];
  return ws;
}

/** Component support across the portfolio and per version, in the layout a premarket submission attaches, and bulk entry. */
export async function componentSupportRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  const tags = ["vulnerabilities"];
  const today = () => app.services.now().toISOString().slice(0, 10);
  const fdaSource = () => sbomQualityProfiles().find((p) => p.id === "fda")?.sources.at(-1) ?? "";
  await supportRuleRoutes(app);

  app.get(
    "/api/components/support-portfolio",
    {
      config: { access: "workspace:read" },
      schema: {
        tags,
        summary: "Components past or near their end of support, or no longer maintained, across every version's current SBOM with the installed units affected (all=true: every component)",
        querystring: z.object({ all: z.enum(["true", "false"]).default("false") }).strict(),
        response: { 200: portfolioView },
      },
    },
    async (request) => ({ generatedOn: today(), ...supportPortfolio(await portfolioComponentRows(db()), today(), request.query.all === "true") }),
  );

  app.get(
    "/api/components/support-portfolio/export",
    {
      config: { access: "workspace:read" },
      schema: { tags, summary: "The support portfolio as XLSX: one row per component and affected version", querystring: z.object({ all: z.enum(["true", "false"]).default("false") }).strict() },
    },
    async (request, reply) => {
      const { items, summary } = supportPortfolio(await portfolioComponentRows(db()), today(), request.query.all === "true");
      const wb = await newWorkbook();
      wb.creator = "Vigil";
      const ws = sheetWith(
        wb,
        "Component support",
        [
          [`Component support across the portfolio — ${today()}`],
          [`${summary.components} components: ${summary.endOfSupportPassed} past end of support, ${summary.endOfSupportNear} near it, ${summary.notMaintained} no longer maintained or abandoned; level unknown for ${summary.levelUnknown}, end of support unknown for ${summary.endOfSupportUnknown}.`],
          [`Basis: ${fdaSource()}`],
        ],
        [
          ...COMPONENT_COLUMNS,
          { header: "Needs attention because", width: 34 },
          { header: "Device model", width: 24 },
          { header: "Software version", width: 16 },
          { header: "Installed units", width: 14 },
        ],
      );
      for (const i of items) {
        for (const v of i.versions) {
          ws.addRow([
            i.name,
            i.componentVersion ?? "",
            i.supplier ?? "Unknown",
            i.purl ?? "",
            levelText(i),
            i.endOfSupport ?? "Unknown",
            i.reasons.map((r) => REASON_LABELS[r]).join("; "),
            v.deviceModel,
            v.version,
            v.installedUnits,
          ]);
        }
      }
      const bytes = Buffer.from(await wb.xlsx.writeBuffer());
      return reply.type(XLSX_TYPE).header("content-disposition", contentDisposition(`component-support-${today()}.xlsx`)).send(bytes);
    },
  );

  app.get(
    "/api/versions/:versionId/support-report/export",
    {
      config: { access: "workspace:read" },
      schema: { tags, summary: "A version's SBOM support report as XLSX, one row per component with level of support and end-of-support date, for a premarket submission", params: z.object({ versionId: z.string().min(1).max(100) }) },
    },
    async (request, reply) => {
      const [version] = await db()
        .select({ id: softwareVersions.id, version: softwareVersions.version, model: deviceModels.name })
        .from(softwareVersions)
        .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
        .where(eq(softwareVersions.id, request.params.versionId))
        .limit(1);
      if (!version) throw notFound("Software version");
      const { sbom, items } = await versionComponentSupport(db(), version.id, today());
      const wb = await newWorkbook();
      wb.creator = "Vigil";
      const ws = sheetWith(
        wb,
        "SBOM support",
        [
          [`${version.model} ${version.version} — level of support and end of support of each SBOM component`],
          [sbom ? `SBOM: ${sbom.fileName}; generated ${today()}` : `No SBOM is stored for this version; generated ${today()}`],
          [`Basis: ${fdaSource()}`],
        ],
        [
          ...COMPONENT_COLUMNS,
          { header: "End of support", width: 14 },
          { header: "Source", width: 16 },
        ],
      );
      const state = { past: "Passed", near: "Near", ahead: "Ahead", unknown: "Unknown" } as const;
      for (const i of items) {
        ws.addRow([
          i.name,
          i.version ?? "",
          i.supplier ?? "Unknown",
          i.purl ?? "",
          levelText(i),
          i.endOfSupport ?? i.endOfSupportAsWritten ?? "Unknown",
          state[i.endOfSupportState],
          sourceText(i.source),
        ]);
      }
      const bytes = Buffer.from(await wb.xlsx.writeBuffer());
      const name = `${version.model}-${version.version}-component-support`.replace(/[^\w.-]+/g, "-");
      return reply.type(XLSX_TYPE).header("content-disposition", contentDisposition(`${name}.xlsx`)).send(bytes);
    },
  );

  app.post(
    "/api/components/support/bulk",
    {
      config: { access: "vulnerabilities:write" },
      schema: {
        tags,
        summary: `Set supplier, level of support and end of support for up to ${MAX_BULK_ITEMS} components by purl in one transaction: all or nothing`,
        body: bulkBody,
        response: { 200: z.object({ items: z.array(supportRecordSchema) }) },
      },
    },
    async (request) => {
      const seen = new Map<string, number>();
      const problems: { path: string; message: string }[] = [];
      request.body.items.forEach((item, i) => {
        const first = seen.get(item.purl);
        if (first !== undefined) problems.push({ path: `body/items/${i}/purl`, message: `the same purl as items/${first}` });
        else seen.set(item.purl, i);
        // An entry that states nothing would still count as entered and hide what a support rule says.
        if (item.supplier === undefined && item.supportLevel === undefined && item.endOfSupport === undefined) {
          problems.push({ path: `body/items/${i}`, message: "states none of supplier, level of support, end of support" });
        }
      });
      if (problems.length > 0) throw badRequest("Each component appears once and states something; nothing was changed", problems);
      const actor = actorOf(request.principal!);
      const now = app.services.now();
      const rows = await audited(db(), actor, async (tx) => {
        const done = [];
        const missing: { path: string; message: string }[] = [];
        for (const [i, { purl, ...fields }] of request.body.items.entries()) {
          const set = await upsertComponentSupport(tx, purl, fields, actor.label, now);
          if (set) done.push(set);
          else missing.push({ path: `body/items/${i}/purl`, message: "no SBOM has a component with this purl" });
        }
        if (missing.length > 0) throw badRequest(`${missing.length} of ${request.body.items.length} components are in no SBOM; nothing was changed`, missing);
        return { result: done.map((d) => d.row), changes: done.map((d) => d.change) };
      });
      return { items: rows.map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString() })) };
    },
  );
}
