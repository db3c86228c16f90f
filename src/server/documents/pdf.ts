import { createRequire } from "node:module";

type Pdfmake = {
  setFonts(fonts: unknown): void;
  setLocalAccessPolicy(cb: (path: string) => boolean): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  createPdf(doc: unknown): { getBuffer(): Promise<Buffer> };
};

let pdfmake: Pdfmake | undefined;
/** pdfmake (with pdfkit and fontkit) takes most of a second to load: loaded at the first document, not at start. */
function loadPdfmake(): Pdfmake {
  if (pdfmake) return pdfmake;
  const require = createRequire(import.meta.url);
  // pdfmake is CommonJS; its server build lays out documents with pdfkit and the Roboto fonts it ships.
  const loaded = require("pdfmake") as Pdfmake;
  const fonts = require("pdfmake/fonts/Roboto.js") as Record<string, Record<string, string>>;
  const fontFiles = new Set(Object.values(fonts.Roboto));
  loaded.setFonts(fonts);
  // Documents may embed nothing from the file system but the fonts, and never fetch a URL.
  loaded.setLocalAccessPolicy((p) => fontFiles.has(p));
  loaded.setUrlAccessPolicy(() => false);
  pdfmake = loaded;
  return loaded;
}

export type PdfContent = unknown[];

export const baseStyles = {
  title: { fontSize: 18, bold: true, margin: [0, 0, 0, 4] },
  subtitle: { fontSize: 10, color: "#555555", margin: [0, 0, 0, 12] },
  h2: { fontSize: 13, bold: true, margin: [0, 14, 0, 4], color: "#1c3d5a" },
  h3: { fontSize: 11, bold: true, margin: [0, 8, 0, 2] },
  small: { fontSize: 8, color: "#555555" },
  tableHeader: { bold: true, fillColor: "#eef2f6" },
};

/** Renders a document to PDF bytes, with a footer naming the document and page numbers. */
export async function renderPdf(opts: { title: string; content: PdfContent; footer?: string }): Promise<Buffer> {
  const doc = {
    info: { title: opts.title, creator: "Vigil" },
    pageSize: "A4",
    pageMargins: [48, 48, 48, 56],
    defaultStyle: { font: "Roboto", fontSize: 9.5, lineHeight: 1.2 },
    styles: baseStyles,
    content: opts.content,
    footer: (page: number, pages: number) => ({
      columns: [
        { text: opts.footer ?? opts.title, style: "small" },
        { text: `${page} / ${pages}`, alignment: "right", style: "small" },
      ],
      margin: [48, 16, 48, 0],
    }),
  };
  return loadPdfmake().createPdf(doc).getBuffer();
}
