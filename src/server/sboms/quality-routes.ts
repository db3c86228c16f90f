import { gunzipSync } from "node:zlib";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { checkSbomQuality, parseSbom } from "../../core/sbom";
import { AppError, notFound } from "../platform/http/errors";
import type { VigilApp } from "../platform/http/types";
import { sbomQualityProfiles } from "./quality-profiles";
import { sboms } from "./schema";

const problem = z.object({ component: z.string(), field: z.string(), reason: z.string() });
const qualityResult = z.object({
  profile: z.string(),
  title: z.string(),
  passed: z.boolean(),
  problems: z.array(problem),
  summary: z.object({ components: z.number(), componentsWithProblems: z.number(), problems: z.number(), missing: z.record(z.string(), z.number()), sources: z.array(z.string()) }),
});

/** SBOM quality of a stored SBOM against each profile of data/sbom-quality/profiles.yaml. */
export async function sbomQualityRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  const profileIds = sbomQualityProfiles().map((p) => p.id) as [string, ...string[]];

  app.get(
    "/api/sboms/:id/quality",
    {
      config: { access: "workspace:read" },
      schema: {
        tags: ["sboms"],
        summary: "SBOM quality: the stored SBOM checked against the NTIA minimum elements, BSI TR-03183-2 and FDA profiles (or one with ?profile=)",
        params: z.object({ id: z.string().min(1).max(100) }),
        querystring: z.object({ profile: z.enum(profileIds).optional() }).strict(),
        response: { 200: z.object({ items: z.array(qualityResult) }) },
      },
    },
    async (request) => {
      const [row] = await db().select({ fileGzip: sboms.fileGzip, fileName: sboms.fileName }).from(sboms).where(eq(sboms.id, request.params.id)).limit(1);
      if (!row) throw notFound("SBOM");
      const parsed = parseSbom({ fileName: row.fileName, content: gunzipSync(Buffer.from(row.fileGzip, "base64")) });
      // A stored SBOM was valid when it was uploaded; a reader change that now refuses it is reported, not hidden.
      if (!parsed.ok) throw new AppError(422, "invalid_sbom", `${row.fileName} can no longer be read: ${parsed.errors[0]?.message ?? "invalid SBOM"}`);
      const profiles = sbomQualityProfiles().filter((p) => !request.query.profile || p.id === request.query.profile);
      return { items: profiles.map((p) => ({ ...checkSbomQuality(parsed.sbom, p), title: p.title })) };
    },
  );
}
