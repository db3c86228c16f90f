import { createHash } from "node:crypto";

/** Largest evidence file accepted, before base64 encoding. */
export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
/** Route body limit: base64 grows the file by a third, plus the JSON around it. */
export const EVIDENCE_BODY_LIMIT = Math.ceil((MAX_EVIDENCE_BYTES * 4) / 3) + 64 * 1024;

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;

/**
 * Why a file name is refused, or null when it is a plain name. Only a bare file name is accepted: no directory
 * parts, no parent references, no drive letters, no control characters, no hidden or reserved names.
 */
export function fileNameProblem(name: string): string | null {
  if (name.trim() === "") return "must not be empty";
  if (name !== name.trim()) return "must not start or end with spaces";
  if (name.length > 200) return "must be at most 200 characters";
  if (/[\u0000-\u001f\u007f]/.test(name)) return "must not contain control characters";
  if (/[/\\]/.test(name)) return "must be a file name without directory parts (no / or \\)";
  if (name === "." || name === ".." || name.includes("..")) return 'must not contain ".." (parent directory references)';
  if (/^[a-zA-Z]:/.test(name)) return "must not start with a drive letter";
  if (name.startsWith(".")) return "must not be a hidden file name (leading dot)";
  if (/[<>:"|?*]/.test(name)) return 'must not contain any of < > : " | ? *';
  if (WINDOWS_RESERVED.test(name)) return "is a reserved device name";
  return null;
}

/** Strict base64 (standard alphabet, padded): Buffer.from would silently skip invalid characters. */
export function decodeBase64(value: string): Buffer | null {
  const compact = value.replace(/\s+/g, "");
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return null;
  return Buffer.from(compact, "base64");
}

export function sha256Hex(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** A Content-Disposition value that survives any file name (RFC 6266 with an RFC 5987 UTF-8 form). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
