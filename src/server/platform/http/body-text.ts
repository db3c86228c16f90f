import type { FastifyRequest } from "fastify";
import { badRequest } from "./errors";

/**
 * PostgreSQL text and jsonb cannot hold U+0000, and jsonb refuses unpaired UTF-16 surrogates; such a string in a
 * JSON body would otherwise fail deep in a handler as a 500. Refused as a 400 after validation, so a schema that
 * strips such characters itself (the public disclosure form) still accepts them.
 */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function unstorableTextPath(value: unknown, path = "body", depth = 0): string | null {
  if (typeof value === "string") return value.includes("\u0000") || loneSurrogate.test(value) ? path : null;
  if (value === null || typeof value !== "object" || depth > 64) return null;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const hit = unstorableTextPath(v, `${path}/${i}`, depth + 1);
      if (hit) return hit;
    }
    return null;
  }
  if (Buffer.isBuffer(value)) return null;
  for (const [k, v] of Object.entries(value)) {
    const hit = unstorableTextPath(k, `${path}/${k}`, depth + 1) ?? unstorableTextPath(v, `${path}/${k}`, depth + 1);
    if (hit) return hit;
  }
  return null;
}

export async function rejectUnstorableText(request: FastifyRequest): Promise<void> {
  const hit = unstorableTextPath(request.body);
  if (hit) throw badRequest(`Invalid ${hit}: text may not contain NUL characters or unpaired surrogates`, [{ path: hit, message: "unstorable character" }]);
}
