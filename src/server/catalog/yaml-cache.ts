import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deserialize, serialize } from "node:v8";

/** Parsed catalog files by the hash of their text; parsing the YAML was a large part of every start. */
export const yamlCacheDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../dist/cache/catalog-yaml");
const FORMAT = "1";

/**
 * `compute()`'s result for this key, from the cache when it was computed before (v8 serialisation, so Maps and
 * shared objects come back as they were). Only results `keep` accepts are stored; a cache that cannot be read or
 * written is passed by.
 */
export function cachedByKey<T>(key: readonly string[], compute: () => T, keep: (value: T) => boolean = () => true): T {
  const hash = createHash("sha256").update(FORMAT);
  for (const part of key) hash.update(`${part.length}:`).update(part);
  const file = path.join(yamlCacheDir, `${hash.digest("hex")}.v8`);
  try {
    return deserialize(readFileSync(file)) as T;
  } catch {
    // not cached yet, or unreadable: compute below
  }
  const value = compute();
  if (!keep(value)) return value;
  try {
    mkdirSync(yamlCacheDir, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, serialize(value));
    renameSync(temporary, file);
  } catch {
    // a read-only installation computes at every start
  }
  return value;
}

/**
 * `parse()`'s result for this text, from the cache when the same text was parsed before. Only successful parses are
 * kept, so a broken file reports its error every time.
 */
export function parseYamlCached(text: string, parse: () => unknown): unknown {
  return cachedByKey(["yaml", text], parse);
}
