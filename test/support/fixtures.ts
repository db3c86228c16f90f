import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The shared public fixtures (real SBOMs, OSV records, version vectors, schemas…).
 * They are read in place, never copied into the repository.
 * VIGIL_FIXTURES overrides the default location `../shared/fixtures` beside the checkout.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export const fixturesDir: string = process.env.VIGIL_FIXTURES
  ? path.resolve(process.env.VIGIL_FIXTURES)
  : path.resolve(repoRoot, "../shared/fixtures");

export const fixturesAvailable: boolean = existsSync(fixturesDir);

/** Absolute path of a file or folder inside the shared fixtures. */
export function fixture(...parts: string[]): string {
  return path.join(fixturesDir, ...parts);
}

/**
 * Tests that need the shared fixtures call this. On CI the fixtures are always present,
 * so their absence is a failure there, never a silent skip.
 */
export function requireFixtures(): boolean {
  if (fixturesAvailable) return true;
  if (process.env.CI === "true") {
    throw new Error(`Shared fixtures not found at ${fixturesDir} (set VIGIL_FIXTURES)`);
  }
  return false;
}
