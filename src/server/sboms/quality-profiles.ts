import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { type QualityProfile, qualityProfilesFile, resolveQualityProfiles } from "../../core/sbom";

const profilesFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../data/sbom-quality/profiles.yaml");

let cached: QualityProfile[] | null = null;

/** The SBOM quality profiles of data/sbom-quality/profiles.yaml, read once; a malformed file is an error naming it. */
export function sbomQualityProfiles(): QualityProfile[] {
  if (cached) return cached;
  const result = qualityProfilesFile.safeParse(parse(readFileSync(profilesFile, "utf8"), { uniqueKeys: true }));
  if (!result.success) {
    throw new Error(`data/sbom-quality/profiles.yaml: ${result.error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`).join("; ")}`);
  }
  cached = resolveQualityProfiles(result.data);
  return cached;
}
