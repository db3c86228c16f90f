import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** The text of a PDF through pdftotext (poppler-utils); null where it is not installed, except on CI where it must be. */
export function pdfText(bytes: Buffer): string | null {
  try {
    execFileSync("pdftotext", ["-v"], { stdio: "ignore" });
  } catch {
    if (process.env.CI === "true") throw new Error("pdftotext (poppler-utils) is missing on CI");
    return null;
  }
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "vigil-pdf-")), "document.pdf");
  writeFileSync(file, bytes);
  return execFileSync("pdftotext", [file, "-"]).toString();
}
