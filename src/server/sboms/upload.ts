import fastifyMultipart from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import { AppError, badRequest } from "../platform/http/errors";
import type { VigilApp } from "../platform/http/types";
import { VEX_FILES_PER_IMPORT, type VexFile } from "../vex-imports/import";
import type { SbomFile } from "./import";

/** Uploads larger than this are refused with 413. */
export const SBOM_UPLOAD_LIMIT = 50 * 1024 * 1024;

const tooLarge = () => new AppError(413, "payload_too_large", `The SBOM is larger than ${SBOM_UPLOAD_LIMIT / 1024 / 1024} MB`);

/**
 * A scope whose routes receive the request body untouched, whatever its content type (the SBOM's own bytes
 * are what validation pointers and the stored file refer to), or a multipart form with one file.
 */
export async function rawUploadScope(app: VigilApp, routes: (scope: VigilApp) => void | Promise<void>): Promise<void> {
  await app.register(async (scope) => {
    const s = scope as unknown as VigilApp;
    s.removeAllContentTypeParsers();
    s.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: SBOM_UPLOAD_LIMIT }, (_req, body, done) => done(null, body));
    await s.register(fastifyMultipart, { limits: { fileSize: SBOM_UPLOAD_LIMIT, files: 1 + VEX_FILES_PER_IMPORT, fields: 10 } });
    await routes(s);
  });
}

function fileNameFromDisposition(header: string | undefined): string | null {
  if (!header) return null;
  const star = /filename\*=(?:UTF-8'')?([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[1].trim().replace(/^"|"$/g, ""));
    } catch {
      return null;
    }
  }
  const plain = /filename="?([^";]+)"?/i.exec(header);
  return plain ? plain[1].trim() : null;
}

/**
 * The uploaded SBOM: a multipart part named anything but `vex`, or the raw body named by `?fileName=` or
 * Content-Disposition; with multipart, parts named `vex` are suppliers' VEX documents to apply after it.
 */
export async function readUploadedFile(request: FastifyRequest, queryFileName: string | undefined): Promise<SbomFile & { vex: VexFile[] }> {
  if (request.isMultipart()) {
    let sbom: SbomFile | null = null;
    const vex: VexFile[] = [];
    try {
      for await (const part of request.files()) {
        const content = await part.toBuffer();
        if (part.fieldname === "vex") vex.push({ name: part.filename || `vex-${vex.length + 1}`, content });
        else if (sbom) throw badRequest("Send one SBOM per upload; VEX documents go in parts named vex", [{ path: `body/${part.fieldname}`, message: "a second SBOM file" }]);
        else sbom = { fileName: queryFileName ?? (part.filename || "upload"), content: checkNotEmpty(content) };
      }
    } catch (err) {
      if ((err as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") throw tooLarge();
      throw err;
    }
    if (!sbom) throw badRequest("The multipart form contains no file");
    return { ...sbom, vex };
  }
  const body = request.body;
  if (!Buffer.isBuffer(body) || body.length === 0) {
    throw badRequest("Send the SBOM file as the request body (Content-Type: application/octet-stream) or as multipart/form-data");
  }
  const name = queryFileName ?? fileNameFromDisposition(request.headers["content-disposition"]) ?? "upload";
  return { fileName: name, content: checkNotEmpty(body), vex: [] };
}

function checkNotEmpty(content: Buffer): Buffer {
  if (content.length === 0) throw badRequest("The uploaded file is empty");
  return content;
}
