import { asc, eq, gt } from "drizzle-orm";
import { z } from "zod";
import { parseCsv } from "../../core/feeds/csv";
import { checkHeader, COMPUTED_COLUMNS, type ImportedRisk, parseRiskRow, RISK_COLUMNS, type RiskMatrix, riskToRow } from "../../core/risks";
import { type AuditChange, audited } from "../audit/store";
import { deviceModels } from "../devices/schema";
import { contentDisposition, decodeBase64 } from "../incidents/evidence";
import { importRejected, IMPORT_BODY_LIMIT, MAX_IMPORT_BYTES, newWorkbook, readFirstSheet, type SheetTable, XLSX_TYPE } from "../documents/spreadsheet";
import { allPages, csvStream, EXPORT_BATCH } from "../platform/csv";
import type { DbOrTx } from "../platform/db/client";
import { AppError } from "../platform/http/errors";
import { actorOf } from "../platform/http/principal";
import type { VigilApp } from "../platform/http/types";
import { importBody } from "./api-schemas";
import { who } from "./routes";
import { risks } from "./schema";
import { getMatrix, nextRiskReference, todayOf } from "./store";

/** Export rows by reference after `after`, EXPORT_BATCH at a time: an export holds one batch, not the register. */
async function exportBatch(db: DbOrTx, matrix: RiskMatrix, after: string | undefined) {
  const rows = await db
    .select({ risk: risks, model: deviceModels.modelNumber })
    .from(risks)
    .leftJoin(deviceModels, eq(deviceModels.id, risks.deviceModelId))
    .where(after === undefined ? undefined : gt(risks.reference, after))
    .orderBy(asc(risks.reference))
    .limit(EXPORT_BATCH);
  const items = rows.map(({ risk, model }) => riskToRow(matrix, { ...risk, deviceModel: model }));
  return { items, nextCursor: rows.length === EXPORT_BATCH ? rows[rows.length - 1].risk.reference : null };
}

export async function riskTransferRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  const tags = ["risks"];

  app.get(
    "/api/risks/export",
    {
      config: { access: "workspace:read" },
      schema: {
        tags,
        summary: "The register as CSV or XLSX: the import columns plus computed scores and levels",
        querystring: z.object({ format: z.enum(["csv", "xlsx"]).default("csv") }).strict(),
      },
    },
    async (request, reply) => {
      const matrix = await getMatrix(db());
      const batches = allPages((after) => exportBatch(db(), matrix, after));
      const header = [...RISK_COLUMNS, ...COMPUTED_COLUMNS];
      const base = `risk-register-${todayOf(app.services.now())}`;
      if (request.query.format === "csv") {
        const cells = (record: Record<string, string>) => header.map((h) => record[h]);
        return reply.type("text/csv; charset=utf-8").header("content-disposition", contentDisposition(`${base}.csv`)).send(csvStream(header, batches, cells));
      }
      const wb = await newWorkbook();
      const sheet = wb.addWorksheet("Risks");
      sheet.columns = header.map((h) => ({ header: h, key: h, width: Math.min(40, Math.max(12, h.length + 2)) }));
      for await (const records of batches) for (const r of records) sheet.addRow(r);
      sheet.getRow(1).font = { bold: true };
      sheet.views = [{ state: "frozen", ySplit: 1 }];
      const bytes = Buffer.from(await wb.xlsx.writeBuffer());
      return reply.type(XLSX_TYPE).header("content-disposition", contentDisposition(`${base}.xlsx`)).send(bytes);
    },
  );

  app.post(
    "/api/risks/import",
    {
      config: { access: "risks:write", bodyLimit: IMPORT_BODY_LIMIT },
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        tags,
        summary: "Import risks from CSV or XLSX (base64). A row with a known reference updates that risk, an empty reference creates one. Any bad row rejects the whole file, listing every problem",
        body: importBody,
        response: { 200: z.object({ created: z.number(), updated: z.number(), references: z.array(z.string()) }) },
      },
    },
    async (request) => {
      const { fileName, contentBase64 } = request.body;
      const bytes = decodeBase64(contentBase64);
      if (!bytes) throw importRejected(fileName, [{ line: 0, column: "(file)", reason: "contentBase64 is not valid base64" }]);
      if (bytes.length > MAX_IMPORT_BYTES) throw importRejected(fileName, [{ line: 0, column: "(file)", reason: `larger than ${MAX_IMPORT_BYTES} bytes` }]);
      const lower = fileName.toLowerCase();
      let table: SheetTable;
      if (lower.endsWith(".xlsx")) {
        try {
          table = await readFirstSheet(bytes, fileName);
        } catch (err) {
          if (err instanceof AppError) throw err;
          throw importRejected(fileName, [{ line: 0, column: "(file)", reason: "not a readable XLSX workbook" }]);
        }
      } else if (lower.endsWith(".csv")) {
        const parsed = parseCsv(fileName, bytes.toString("utf8"));
        if (!parsed.ok) throw importRejected(fileName, [{ line: Number(parsed.error.path?.replace(/\D/g, "")) || 0, column: "(file)", reason: parsed.error.reason }]);
        table = parsed.table;
      } else {
        throw importRejected(fileName, [{ line: 0, column: "(file)", reason: "the file name must end in .csv or .xlsx" }]);
      }

      const problems = checkHeader(table.columns);
      if (table.rows.length === 0) problems.push({ line: 2, column: "(file)", reason: "the file has no data rows" });
      const matrix = await getMatrix(db());
      const models = await db().select({ id: deviceModels.id, modelNumber: deviceModels.modelNumber, name: deviceModels.name }).from(deviceModels);
      const current = await db().select({ id: risks.id, reference: risks.reference, status: risks.status }).from(risks);
      const existing = new Map(current.map((r) => [r.reference, r.id]));
      const alreadyAccepted = new Set(current.filter((r) => r.status === "accepted").map((r) => r.reference));
      const seen = new Map<string, number>();
      const accepted: { risk: ImportedRisk; deviceModelId: string | null }[] = [];
      if (problems.length === 0) {
        for (const row of table.rows) {
          const { risk, problems: rowProblems } = parseRiskRow(row.values, row.line, matrix);
          problems.push(...rowProblems);
          let deviceModelId: string | null = null;
          const modelCell = (row.values.device_model ?? "").trim();
          if (modelCell) {
            const wanted = modelCell.toLowerCase();
            const m = models.find((x) => x.modelNumber.toLowerCase() === wanted || x.name.toLowerCase() === wanted);
            if (!m) problems.push({ line: row.line, column: "device_model", reason: `no device model with model number or name "${modelCell}"` });
            deviceModelId = m?.id ?? null;
          }
          if (!risk) continue;
          if (risk.reference) {
            if (!existing.has(risk.reference)) problems.push({ line: row.line, column: "reference", reason: `no risk ${risk.reference}; leave empty to create a new risk` });
            if (seen.has(risk.reference)) problems.push({ line: row.line, column: "reference", reason: `${risk.reference} also on line ${seen.get(risk.reference)}` });
            seen.set(risk.reference, row.line);
          }
          if (risk.status === "accepted" && !(risk.reference && alreadyAccepted.has(risk.reference))) problems.push({ line: row.line, column: "status", reason: "a risk becomes accepted when an acceptance is recorded, not by import" });
          accepted.push({ risk, deviceModelId });
        }
      }
      if (problems.length > 0) throw importRejected(fileName, problems);

      const principal = request.principal!;
      const now = app.services.now();
      return audited(db(), actorOf(principal), async (tx) => {
        const changes: AuditChange[] = [];
        const references: string[] = [];
        let created = 0;
        let updated = 0;
        for (const { risk, deviceModelId } of accepted) {
          const { reference, deviceModel: _m, ...fields } = risk;
          const values = { ...fields, deviceModelId, updatedAt: now };
          if (reference) {
            const id = existing.get(reference)!;
            const [before] = await tx.select().from(risks).where(eq(risks.id, id));
            const [r] = await tx.update(risks).set(values).where(eq(risks.id, id)).returning();
            changes.push({ action: "update", entityType: "risk", entityId: r.id, before, after: r });
            references.push(r.reference);
            updated += 1;
          } else {
            const ref = await nextRiskReference(tx);
            const [r] = await tx.insert(risks).values({ ...values, reference: ref, createdBy: who(principal), createdAt: now }).returning();
            changes.push({ action: "create", entityType: "risk", entityId: r.id, after: r });
            references.push(ref);
            created += 1;
          }
        }
        changes.push({ action: "import", entityType: "risk_import", entityId: null, after: { fileName, created, updated } });
        return { result: { created, updated, references }, changes };
      });
    },
  );
}
