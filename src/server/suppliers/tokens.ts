import { createHash, randomBytes } from "node:crypto";

/** A questionnaire link token: 32 random bytes, URL-safe; only its SHA-256 is stored. */
export function newQuestionnaireToken(): { token: string; hash: string } {
  const token = `q_${randomBytes(32).toString("base64url")}`;
  return { token, hash: hashQuestionnaireToken(token) };
}

export function hashQuestionnaireToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;

/**
 * A safe file name from whatever a browser sent: the last path segment, without control characters, reserved
 * characters, leading dots or parent references, at most 120 characters; "attachment" when nothing is left.
 */
export function sanitiseFileName(name: string): string {
  const last = name.split(/[/\\]/).pop() ?? "";
  let clean = last
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, "_")
    .replace(/\.{2,}/g, ".")
    .replace(/^[.\s]+/, "")
    .trim();
  if (WINDOWS_RESERVED.test(clean)) clean = `_${clean}`;
  if (clean.length > 120) {
    const ext = /\.[A-Za-z0-9]{1,10}$/.exec(clean)?.[0] ?? "";
    clean = clean.slice(0, 120 - ext.length) + ext;
  }
  return clean || "attachment";
}
