import { renderPdf } from "../documents/pdf";
import type { StatementAnswer } from "./schema";
import type { StatementDocument } from "./store";

export type StatementFormat = "pdf" | "json";

export const answerLabel: Record<StatementAnswer, string> = {
  yes: "Yes",
  no: "No",
  not_applicable: "Not applicable",
  see_note: "See note",
};

export function statementFileBase(doc: StatementDocument): string {
  const slug = `${doc.deviceModel.modelNumber}-${doc.softwareVersion.version}`.toLowerCase().replace(/[^a-z0-9.-]+/g, "_");
  return `security-statement-${slug}-r${doc.revision}${doc.status === "draft" ? "-draft" : ""}`;
}

/**
 * The statement as a download. A published revision's JSON is the stored text, byte for byte; a draft is a preview
 * built from the working copy.
 */
export async function exportStatement(doc: StatementDocument, format: StatementFormat, storedJson?: string): Promise<{ body: string | Buffer; type: string; fileName: string }> {
  const base = statementFileBase(doc);
  if (format === "json") return { body: storedJson ?? `${JSON.stringify(doc, null, 2)}\n`, type: "application/json", fileName: `${base}.json` };
  return { body: await statementPdf(doc), type: "application/pdf", fileName: `${base}.pdf` };
}

type Reply = { header(k: string, v: string): unknown; type(t: string): unknown; send(b: unknown): unknown };

/** Sends one statement export with its download name. */
export async function sendStatement(reply: Reply, doc: StatementDocument, format: StatementFormat, storedJson?: string) {
  const out = await exportStatement(doc, format, storedJson);
  reply.header("content-disposition", `attachment; filename="${out.fileName}"`);
  reply.type(out.type);
  return reply.send(out.body);
}

/** A readable statement for hospital IT and procurement: every section with its answer and notes, then the matrix. */
export async function statementPdf(doc: StatementDocument): Promise<Buffer> {
  const title = `${doc.deviceModel.name} ${doc.softwareVersion.version}`;
  const state = doc.status === "published" ? `published ${doc.publishedAt?.slice(0, 10) ?? ""}`.trim() : "DRAFT — not published";
  const content: unknown[] = [
    { text: doc.document, style: "title" },
    { text: `${title} · model ${doc.deviceModel.modelNumber}${doc.deviceModel.udiDi ? ` · UDI-DI ${doc.deviceModel.udiDi}` : ""}`, fontSize: 12, bold: true },
    {
      text: [doc.manufacturer ? `Manufacturer: ${doc.manufacturer}` : null, `Revision ${doc.revision}, ${state}`].filter(Boolean).join(" · "),
      style: "subtitle",
    },
    { text: `Structure: ${doc.structure}. Basis: ${doc.basis.join("; ")}.`, style: "small", margin: [0, 0, 0, 8] },
    { text: "Security capabilities", style: "h2" },
    ...doc.sections.map((s, i) => ({
      unbreakable: (s.notes ?? "").length < 1500,
      stack: [
        { text: `${i + 1}. ${s.title}`, style: "h3" },
        { text: [{ text: "Answer: ", color: "#555555" }, { text: s.answer ? answerLabel[s.answer] : "not answered", bold: true }] },
        ...(s.notes ? [{ text: s.notes, margin: [0, 2, 0, 0] }] : []),
      ],
    })),
    { text: "Shared responsibility", style: "h2" },
    { text: "What the manufacturer does and what the hospital (operator) must do so that the device stays secure in use.", margin: [0, 0, 0, 6] },
    {
      table: {
        headerRows: 1,
        dontBreakRows: true,
        widths: [80, "*", "*"],
        body: [
          [
            { text: "Area", style: "tableHeader" },
            { text: "Manufacturer", style: "tableHeader" },
            { text: "Hospital / operator", style: "tableHeader" },
          ],
          ...doc.sharedResponsibility.map((r) => [
            { stack: [{ text: r.area, bold: true }, ...(r.sources.length ? [{ text: r.sources.join(", "), style: "small" }] : [])] },
            r.manufacturer,
            r.operator,
          ]),
        ],
      },
      layout: "lightHorizontalLines",
    },
  ];
  return renderPdf({ title: `${doc.document}: ${title}`, content, footer: `Security statement ${title} · revision ${doc.revision}${doc.status === "draft" ? " · DRAFT" : ""}` });
}
