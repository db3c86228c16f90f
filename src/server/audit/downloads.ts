import type { FastifyReply, FastifyRequest } from "fastify";
import { actorOf } from "../platform/http/principal";
import { audited } from "./store";

/** The file name a Content-Disposition header offers, preferring its RFC 5987 UTF-8 form. */
function offeredFileName(disposition: string): string | null {
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (extended) {
    try {
      return decodeURIComponent(extended[1]);
    } catch {
      return extended[1];
    }
  }
  return /filename="([^"]*)"/i.exec(disposition)?.[1] ?? null;
}

/**
 * A signed-in caller who takes a file away (register exports, SoA, evidence pack, SBOMs, attachments, reports)
 * leaves a "download" entry in the audit trail, written before the file is sent. Every route that offers a file as
 * an attachment is covered, including routes added later, because the entry follows the response header.
 */
export async function auditDownload(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const principal = request.principal;
  if (!principal || reply.statusCode >= 300) return;
  const disposition = reply.getHeader("content-disposition");
  if (typeof disposition !== "string" || !/^attachment/i.test(disposition)) return;
  const route = request.routeOptions.url ?? request.url.split("?")[0];
  const params = (request.params ?? {}) as Record<string, unknown>;
  const entityId = [params.id, params.versionId, params.version, params.stage].filter((v) => typeof v === "string" || typeof v === "number").join("/");
  const query = request.url.includes("?") ? request.url.slice(request.url.indexOf("?") + 1) : null;
  await audited(request.server.services.database.db, actorOf(principal), async () => ({
    result: null,
    changes: [
      {
        action: "download",
        entityType: "file",
        entityId: entityId || route,
        after: { route, query, fileName: offeredFileName(disposition), ip: request.ip },
      },
    ],
  }));
}
