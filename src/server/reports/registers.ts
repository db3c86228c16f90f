import { getTableColumns } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { advisories } from "../advisories/schema";
import { bcExercises, bcPlans, backupRestoreTests } from "../continuity/schema";
import { complianceControls, complianceEvidence } from "../compliance/schema";
import { customers, sites } from "../customers/schema";
import { deviceModels, installations, softwareVersions } from "../devices/schema";
import { disclosureReports } from "../disclosure/schema";
import { policies, trainingCampaigns, trainingRecords } from "../governance/schema";
import { incidents } from "../incidents/schema";
import { newWorkbook } from "../documents/spreadsheet";
import type { DbOrTx } from "../platform/db/client";
import { riskActions, risks } from "../risks/schema";
import { supplierCertifications, supplierContracts, suppliers } from "../suppliers/schema";
import { findings } from "../vulnerabilities/schema";

/** The registers people otherwise keep in spreadsheets, one worksheet each, in the order a reader expects. */
export const REGISTER_SHEETS: Array<[sheet: string, table: PgTable]> = [
  ["Device models", deviceModels],
  ["Software versions", softwareVersions],
  ["Customers", customers],
  ["Sites", sites],
  ["Installed base", installations],
  ["Findings", findings],
  ["Advisories", advisories],
  ["Disclosure reports", disclosureReports],
  ["Incidents", incidents],
  ["Risks", risks],
  ["Risk actions", riskActions],
  ["Suppliers", suppliers],
  ["Supplier contracts", supplierContracts],
  ["Supplier certificates", supplierCertifications],
  ["Controls", complianceControls],
  ["Evidence", complianceEvidence],
  ["Policies", policies],
  ["Training campaigns", trainingCampaigns],
  ["Training records", trainingRecords],
  ["Continuity plans", bcPlans],
  ["Exercises", bcExercises],
  ["Restore tests", backupRestoreTests],
];

/** File contents travel in backups and the evidence pack, not in a spreadsheet. */
const OMITTED_COLUMN = /^content(Base64)?$/;
/** Excel refuses longer cells. */
const CELL_LIMIT = 32_000;

export function cellOf(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "number" || typeof value === "boolean") return value;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > CELL_LIMIT ? `${text.slice(0, CELL_LIMIT)}… (cut at ${CELL_LIMIT} characters)` : text;
}

/** Every register as one XLSX workbook, with a contents sheet that counts the rows of each. */
export async function registersWorkbook(db: DbOrTx, meta: { generatedAt: Date; generatedBy: string }): Promise<{ bytes: Buffer; counts: Record<string, number> }> {
  const wb = await newWorkbook();
  wb.creator = "Vigil";
  wb.created = meta.generatedAt;
  const contents = wb.addWorksheet("Contents");
  contents.addRow(["Vigil registers", `generated ${meta.generatedAt.toISOString()} by ${meta.generatedBy}`]);
  contents.addRow([]);
  contents.addRow(["Register", "Rows"]).font = { bold: true };
  const counts: Record<string, number> = {};
  for (const [name, table] of REGISTER_SHEETS) {
    const columns = Object.keys(getTableColumns(table)).filter((c) => !OMITTED_COLUMN.test(c));
    const rows = (await db.select().from(table)) as Array<Record<string, unknown>>;
    const sheet = wb.addWorksheet(name);
    sheet.addRow(columns).font = { bold: true };
    sheet.views = [{ state: "frozen", ySplit: 1 }];
    for (const row of rows) sheet.addRow(columns.map((c) => cellOf(row[c])));
    counts[name] = rows.length;
    contents.addRow([name, rows.length]);
  }
  return { bytes: Buffer.from(await wb.xlsx.writeBuffer()), counts };
}
