import { eq, sql } from "drizzle-orm";
import { csvField } from "../platform/csv";
import { z } from "zod";
import { parseCsv } from "../../core/feeds/csv";
import { CONTRACT_CLAUSES, EXPORT_ONLY_COLUMNS, IMPORT_COLUMNS, type ImportRow, validateSupplierRows } from "../../core/suppliers";
import { type AuditChange, audited } from "../audit/store";
import { decodeBase64 } from "../incidents/evidence";
import { importRejected, IMPORT_BODY_LIMIT, MAX_IMPORT_BYTES, newWorkbook, readFirstSheet } from "../documents/spreadsheet";
import { AppError } from "../platform/http/errors";
import { actorOf } from "../platform/http/principal";
import type { VigilApp } from "../platform/http/types";
import { importBody } from "./api-schemas";
import { supplierAssessments, suppliers } from "./schema";
import { dayOf, dueDayFor, supplierSummaries, tierOf } from "./store";

export async function importExportRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  const tags = ["suppliers"];

  app.get(
    "/api/suppliers/export",
    {
      config: { access: "workspace:read" },
      schema: { tags, summary: "The register as CSV or XLSX (the import format plus derived columns)", querystring: z.object({ format: z.enum(["csv", "xlsx"]).default("csv") }).strict() },
    },
    async (request, reply) => {
      const today = dayOf(app.services.now());
      const rows = await supplierSummaries(db(), today);
      const header = [...IMPORT_COLUMNS, ...EXPORT_ONLY_COLUMNS];
      const records = rows.map((s) => {
        const c = s.contacts[0];
        const yn = (b: boolean) => (b ? "yes" : "no");
        return [
          s.name,
          s.supplies,
          yn(s.suppliesDeviceComponents),
          s.country ?? "",
          s.website ?? "",
          c?.name ?? "",
          c?.email ?? "",
          c?.phone ?? "",
          s.systemAccess,
          s.dataAccess,
          s.deviceImpact,
          yn(s.patientSafetyImpact),
          s.substitutability,
          s.notes ?? "",
          String(s.tier),
          s.tierReasons.join("; "),
          s.missingClauses.map((id) => CONTRACT_CLAUSES.find((x) => x.id === id)?.title ?? id).join("; "),
          s.nextAssessmentDue,
          String(s.risk.score),
          s.risk.level,
        ];
      });
      const name = `suppliers-${today}`;
      if (request.query.format === "xlsx") {
        const wb = await newWorkbook();
        const sheet = wb.addWorksheet("Suppliers");
        sheet.addRow(header).font = { bold: true };
        for (const r of records) sheet.addRow(r);
        sheet.columns.forEach((col) => {
          col.width = 22;
        });
        const buffer = Buffer.from(await wb.xlsx.writeBuffer());
        return reply
          .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
          .header("content-disposition", `attachment; filename="${name}.xlsx"`)
          .send(buffer);
      }
      const csv = [header, ...records].map((r) => r.map(csvField).join(",")).join("\r\n");
      return reply.type("text/csv; charset=utf-8").header("content-disposition", `attachment; filename="${name}.csv"`).send(`${csv}\r\n`);
    },
  );

  app.post(
    "/api/suppliers/import",
    {
      config: { access: "suppliers:write" },
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: "Import suppliers from CSV or XLSX (base64); suppliers are matched by name. Any bad row rejects the whole file, listing every problem",
        body: importBody,
      },
    },
    async (request) => {
      const { fileName, contentBase64 } = request.body;
      const bytes = decodeBase64(contentBase64);
      if (!bytes) throw importRejected(fileName, [{ line: 0, column: "(file)", reason: "contentBase64 is not valid base64" }]);
      if (bytes.length > MAX_IMPORT_BYTES) throw new AppError(413, "payload_too_large", `Import files may be at most ${MAX_IMPORT_BYTES / 1024 / 1024} MiB`);
      let table: { columns: string[]; rows: ImportRow[] };
      if (/\.xlsx$/i.test(fileName)) {
        try {
          table = await readFirstSheet(bytes, fileName);
        } catch (err) {
          if (err instanceof AppError) throw err;
          throw importRejected(fileName, [{ line: 0, column: "(file)", reason: `not a readable XLSX workbook: ${(err as Error).message}` }]);
        }
      } else if (/\.csv$/i.test(fileName)) {
        const parsed = parseCsv(fileName, bytes.toString("utf8"));
        if (!parsed.ok) throw importRejected(fileName, [{ line: Number(/\d+/.exec(parsed.error.path)?.[0] ?? 0), column: "(file)", reason: parsed.error.reason }]);
        table = { columns: parsed.table.columns, rows: parsed.table.rows };
      } else {
        throw importRejected(fileName, [{ line: 0, column: "(file)", reason: "the file name must end in .csv or .xlsx" }]);
      }
      const result = validateSupplierRows(table.columns, table.rows);
      if (!result.ok) throw importRejected(fileName, result.problems);

      const now = app.services.now();
      const today = dayOf(now);
      return audited(db(), actorOf(request.principal!), async (tx) => {
        const changes: AuditChange[] = [];
        let created = 0;
        let updated = 0;
        for (const s of result.suppliers) {
          const { line: _line, ...values } = s;
          const tier = tierOf(values);
          const [existing] = await tx.select().from(suppliers).where(eq(sql`lower(${suppliers.name})`, s.name.toLowerCase())).limit(1);
          if (existing) {
            const [r] = await tx
              .update(suppliers)
              .set({ ...values, name: existing.name, tier: tier.tier, tierReasons: tier.reasons, updatedAt: now })
              .where(eq(suppliers.id, existing.id))
              .returning();
            const due = dueDayFor(r, await tx.select().from(supplierAssessments).where(eq(supplierAssessments.supplierId, r.id)));
            if (due !== r.nextAssessmentDue) await tx.update(suppliers).set({ nextAssessmentDue: due }).where(eq(suppliers.id, r.id));
            changes.push({ action: "update", entityType: "supplier", entityId: r.id, before: existing, after: r });
            updated++;
          } else {
            const [r] = await tx
              .insert(suppliers)
              .values({ ...values, tier: tier.tier, tierReasons: tier.reasons, registeredOn: today, nextAssessmentDue: today, createdAt: now, updatedAt: now })
              .returning();
            changes.push({ action: "create", entityType: "supplier", entityId: r.id, after: r });
            created++;
          }
        }
        changes.push({ action: "import", entityType: "supplier", entityId: null, after: { fileName, created, updated } });
        return { result: { created, updated }, changes };
      });
    },
  );
}
