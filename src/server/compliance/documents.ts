import { csvField } from "../platform/csv";
import type { Derivation, FrameworkCoverage, RequirementRef, SoaRow } from "../../core/compliance";
import { type PdfContent, renderPdf } from "../documents/pdf";
import { newWorkbook } from "../documents/spreadsheet";

const SOA_COLUMNS = ["Annex A control", "Title", "Theme", "Applicable", "Justification", "Implemented", "Vigil controls"] as const;

function soaCells(r: SoaRow): string[] {
  return [
    r.control,
    r.title,
    r.theme,
    r.applicable ? "yes" : "no",
    r.justification,
    r.implemented + (r.needsReview ? " (evidence needs review)" : ""),
    r.controls.map((c) => `${c.id} ${c.title} [${c.status}]`).join("; "),
  ];
}


/** RFC 4180 CSV; cells that a spreadsheet would run as a formula are prefixed with an apostrophe. */
export function soaCsv(rows: SoaRow[]): string {
  return [SOA_COLUMNS, ...rows.map(soaCells)].map((r) => r.map(csvField).join(",")).join("\r\n") + "\r\n";
}

export async function soaXlsx(rows: SoaRow[], meta: { organisation: string; generatedAt: string }): Promise<Buffer> {
  const wb = await newWorkbook();
  wb.creator = "Vigil";
  const ws = wb.addWorksheet("Statement of Applicability");
  ws.addRow([`Statement of Applicability — ISO/IEC 27001:2022 Annex A — ${meta.organisation}`]).font = { bold: true, size: 13 };
  ws.addRow([`Generated ${meta.generatedAt}`]);
  ws.addRow([]);
  const header = ws.addRow([...SOA_COLUMNS]);
  header.font = { bold: true };
  for (const r of rows) ws.addRow(soaCells(r));
  ws.columns = [{ width: 14 }, { width: 48 }, { width: 24 }, { width: 11 }, { width: 60 }, { width: 14 }, { width: 60 }];
  ws.views = [{ state: "frozen", ySplit: 4 }];
  ws.autoFilter = { from: { row: 4, column: 1 }, to: { row: 4 + rows.length, column: SOA_COLUMNS.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function soaPdf(rows: SoaRow[], meta: { organisation: string; generatedAt: string; catalogVersion: string }): Promise<Buffer> {
  const applicable = rows.filter((r) => r.applicable).length;
  const content: PdfContent = [
    { text: "Statement of Applicability", style: "title" },
    { text: `ISO/IEC 27001:2022 Annex A — ${meta.organisation} — generated ${meta.generatedAt}`, style: "subtitle" },
    {
      text: `${rows.length} Annex A controls: ${applicable} applicable, ${rows.length - applicable} excluded; ${rows.filter((r) => r.implemented === "yes").length} implemented, ${rows.filter((r) => r.implemented === "partly").length} partly implemented. Control titles are the standard's short titles; the standard's text is not reproduced.`,
      margin: [0, 0, 0, 8],
    },
    {
      table: {
        headerRows: 1,
        widths: [34, 90, 34, "*", 46, 90],
        body: [
          ["Control", "Title", "Applicable", "Justification", "Implemented", "Vigil controls"].map((t) => ({ text: t, style: "tableHeader" })),
          ...rows.map((r) => [
            r.control,
            r.title,
            r.applicable ? "yes" : "no",
            r.justification,
            r.implemented + (r.needsReview ? " (review)" : ""),
            r.controls.map((c) => c.id).join(", "),
          ]),
        ],
      },
      layout: "lightHorizontalLines",
      fontSize: 7.5,
    },
    { text: `Catalog version ${meta.catalogVersion}.`, style: "small", margin: [0, 8, 0, 0] },
  ];
  return renderPdf({ title: "Statement of Applicability", content, footer: `Statement of Applicability — ${meta.organisation}` });
}

const statusLabel: Record<string, string> = { met: "met", partial: "partly met", not_met: "not met", unmapped: "no control mapped", not_applicable: "not applicable" };

/** NIS2 Art. 21 (and Arts 3(4), 20, 23) self-assessment: each measure's status and the controls behind it. */
export async function nis2SelfAssessmentPdf(input: {
  organisation: string;
  generatedAt: string;
  coverage: FrameworkCoverage;
  requirements: RequirementRef[];
  derivations: ReadonlyMap<string, Derivation>;
  controlTitles: ReadonlyMap<string, string>;
  approval: { approvedBy: string; approvedAt: string; measuresVersion: string } | null;
}): Promise<Buffer> {
  const c = input.coverage;
  const content: PdfContent = [
    { text: "NIS2 cybersecurity risk-management measures — self-assessment", style: "title" },
    { text: `${input.organisation} — Directive (EU) 2022/2555 Arts 3(4), 20, 21 and 23 — generated ${input.generatedAt}`, style: "subtitle" },
    {
      text: `Coverage ${c.percent ?? "–"} %: ${c.met} met, ${c.partial} partly met, ${c.notMet} not met, ${c.unmapped} without a mapped control, ${c.notApplicable} not applicable (of ${c.total}). A requirement counts as met only through a control mapped as equal or superset that is implemented with valid evidence; a subset mapping counts as partly met at most.`,
    },
    input.approval
      ? { text: `Measures approved by ${input.approval.approvedBy} on ${input.approval.approvedAt} (version ${input.approval.measuresVersion}).`, margin: [0, 6, 0, 0] }
      : { text: "No management body approval of the measures is recorded yet (Art. 20(1)).", margin: [0, 6, 0, 0], bold: true },
  ];
  for (const g of c.groups) {
    content.push({ text: `${g.title} — ${g.percent ?? "–"} %`, style: "h2" });
    for (const r of input.requirements.filter((x) => x.group === g.id)) {
      const d = input.derivations.get(r.id);
      content.push({ text: `${r.ref} ${r.title}: ${statusLabel[d?.status ?? "unmapped"]}${d?.needsReview ? " (evidence needs review)" : ""}`, style: "h3" });
      const lines = (d?.contributions ?? []).map(
        (k) => `${k.control} ${input.controlTitles.get(k.control) ?? ""} — ${k.controlStatus.replace("_", " ")}, ${k.relationship}${k.chain.length > 1 ? ` via ${k.chain[0].to}` : ""}`,
      );
      content.push(lines.length > 0 ? { ul: lines, fontSize: 8.5 } : { text: "No control is mapped.", fontSize: 8.5, italics: true });
    }
  }
  return renderPdf({ title: "NIS2 self-assessment", content, footer: `NIS2 self-assessment — ${input.organisation}` });
}
