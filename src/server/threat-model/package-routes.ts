import { z } from "zod";
import { loadControlLibrary } from "../compliance/library";
import { contentDisposition } from "../incidents/evidence";
import { actorOf } from "../platform/http/principal";
import type { VigilApp } from "../platform/http/types";
import { recordGenerated } from "../reports/store";
import { premarketPackage } from "./package";
import type { ThreatModelReference } from "./reference-data";

/** `POST /api/reports/premarket`: the version's premarket cybersecurity package, recorded in the report history. */
export async function premarketRoutes(app: VigilApp, ref: ThreatModelReference) {
  const db = () => app.services.database.db;
  const library = await loadControlLibrary(app.services.catalog);
  app.post(
    "/api/reports/premarket",
    {
      config: { access: "reports:export" },
      schema: {
        tags: ["reports"],
        summary: "Premarket / technical-documentation cybersecurity package of a software version (ZIP of PDF, XLSX and the stored SBOM with manifest.json of SHA-256)",
        body: z.object({ versionId: z.string().min(1).max(100) }).strict(),
      },
    },
    async (request, reply) => {
      const now = app.services.now();
      const actor = actorOf(request.principal!);
      const pkg = await premarketPackage({ db: db(), catalog: app.services.catalog, library, ref, config: app.services.config, versionId: request.body.versionId, now, generatedBy: actor.label });
      const row = await recordGenerated(db(), actor, {
        kind: "premarket_package",
        title: pkg.title,
        fileName: pkg.fileName,
        mediaType: "application/zip",
        bytes: pkg.bytes,
        parameters: { versionId: request.body.versionId },
        now,
      });
      return reply.type("application/zip").header("content-disposition", contentDisposition(pkg.fileName)).header("x-vigil-sha256", row.sha256).send(pkg.bytes);
    },
  );
}
