import { createHash, randomBytes } from "node:crypto";

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/** Session and API tokens are high-entropy random values, so a plain SHA-256 is enough to store them safely. */
export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}
