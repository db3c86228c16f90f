import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deserialize, serialize } from "node:v8";

/** Parsed catalog files by the hash of their text; parsing the YAML was a large part of every start. */
export const yamlCacheDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../dist/cache/catalog-yaml");
const FORMAT = "1";

/**
 * `parse()`'s result for this text, from the cache when the same text was parsed before. Only successful parses are
 * kept, so a broken file reports its error every time; a cache that cannot be read or written is passed by.
 */
export function parseYamlCached(text: string, parse: () => unknown): unknown {
  const file = path.join(yamlCacheDir, `${createHash("sha256").update(FORMAT).update(text).digest("hex")}.v8`);
  try {
    return deserialize(readFileSync(file));
  } catch {
    // not cached yet, or unreadable: parse below
  }
  const data = parse();
  try {
    mkdirSync(yamlCacheDir, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, serialize(data));
    renameSync(temporary, file);
  } catch {
    // a read-only installation parses at every start
  }
  return data;
}
