import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { parseYamlCached } from "../catalog/yaml-cache";
import { type QualityProfile, qualityProfilesFile, resolveQualityProfiles } from "../../core/sbom";

const profilesFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../data/sbom-quality/profiles.yaml");

let cached: QualityProfile[] | null = null;

/** The SBOM quality profiles of data/sbom-quality/profiles.yaml, read once; a malformed file is an error naming it. */
export function sbomQualityProfiles(): QualityProfile[] {
  if (cached) return cached;
  const text = readFileSync(profilesFile, "utf8");
  const result = qualityProfilesFile.safeParse(parseYamlCached(text, () => parse(text, { uniqueKeys: true })));
  if (!result.success) {
    throw new Error(`data/sbom-quality/profiles.yaml: ${result.error.issues.map((i) => `${i.path.join(".") || "(file)"}: ${i.message}`).join("; ")}`);
  }
  cached = resolveQualityProfiles(result.data);
  return cached;
}
