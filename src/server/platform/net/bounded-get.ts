import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { guardedLookup, type OutboundAllowList, refusedLiteral } from "./outbound";

export type BoundedGetResult = { ok: true; body: Buffer } | { ok: false; reason: string };

/**
 * One answer for every way a request fails before an HTTP status (refused internal target, unknown name, no answer),
 * as for webhooks: the caller learns nothing about the internal network.
 */
export const UNREACHABLE = "unreachable (no answer, refused, or an internal address not listed in VIGIL_WEBHOOK_ALLOW)";

/**
 * GETs a URL from the server with the outbound guard (internal addresses only when allowed), a size limit and a
 * timeout. Redirects are not followed: a provider names its files' final locations.
 */
export function boundedGet(url: string, options: { allow: OutboundAllowList; maxBytes: number; timeoutMs: number; userAgent: string }): Promise<BoundedGetResult> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve({ ok: false, reason: "not a valid URL" });
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") return Promise.resolve({ ok: false, reason: "not an http(s) URL" });
  if (refusedLiteral(options.allow, target.hostname)) return Promise.resolve({ ok: false, reason: UNREACHABLE });
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: BoundedGetResult) => {
      if (!settled) {
        settled = true;
        resolve(r);
      }
    };
    const req = send(target, {
      method: "GET",
      headers: { accept: "*/*", "user-agent": options.userAgent },
      lookup: guardedLookup(options.allow, target.hostname.replace(/^\[|\]$/g, "")),
      timeout: options.timeoutMs,
      // A fresh connection per file: a kept-alive socket the server has just closed would fail the next file.
      agent: false,
    });
    req.on("response", (res) => {
      const status = res.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        res.resume();
        return done({ ok: false, reason: `answered HTTP ${status}` });
      }
      const declared = Number(res.headers["content-length"] ?? 0);
      if (declared > options.maxBytes) {
        req.destroy();
        return done({ ok: false, reason: `larger than ${options.maxBytes} bytes` });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) {
          req.destroy();
          done({ ok: false, reason: `larger than ${options.maxBytes} bytes` });
        } else chunks.push(chunk);
      });
      res.on("end", () => done({ ok: true, body: Buffer.concat(chunks) }));
      res.on("error", () => done({ ok: false, reason: "the connection broke during the download" }));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", () => done({ ok: false, reason: UNREACHABLE }));
    req.end();
  });
}
