import { gunzipSync } from "node:zlib";
import { inflateEntry, zipEntries } from "./zip-archive";

/** How far a compressed upload may inflate: each zip entry, and everything together. */
export type InflateLimits = { maxEntryBytes: number; maxTotalBytes: number };

const size = (n: number) => (n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MiB` : `${n} bytes`);

/** A compressed file that would inflate past a limit; nothing of it was kept. */
export class InflateLimitError extends Error {
  constructor(
    readonly fileName: string,
    readonly limitBytes: number,
    what = "decompressed",
  ) {
    super(`${fileName}: refused, more than ${size(limitBytes)} once ${what}`);
    this.name = "InflateLimitError";
  }
}

/** Gunzips, stopping as soon as the output passes `maxBytes` (zlib counts while it inflates, memory stays bounded). */
export function gunzipBounded(fileName: string, bytes: Uint8Array, maxBytes: number): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" || err instanceof RangeError) throw new InflateLimitError(fileName, maxBytes);
    throw err;
  }
}

/**
 * The entries of a zip archive accepted by `accept`, each inflated into at most its declared size (so an entry that
 * lies about its size fails instead of growing) after the declared sizes were checked against the limits. Throws
 * InflateLimitError for a bomb, other errors for a broken archive.
 */
export function unzipBounded(fileName: string, bytes: Uint8Array, limits: InflateLimits, accept: (name: string) => boolean = () => true): Array<{ name: string; data: Buffer }> {
  const archive = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = zipEntries(archive).filter((e) => !e.isDirectory && accept(e.name));
  let total = 0;
  for (const entry of entries) {
    if (entry.size > limits.maxEntryBytes) throw new InflateLimitError(`${fileName}!${entry.name}`, limits.maxEntryBytes);
    total += entry.size;
    if (total > limits.maxTotalBytes) throw new InflateLimitError(fileName, limits.maxTotalBytes);
  }
  return entries.map((entry) => {
    try {
      return { name: entry.name, data: inflateEntry(archive, entry) };
    } catch (err) {
      const where = `${fileName}!${entry.name}`;
      if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE") throw new InflateLimitError(where, entry.size, "decompressed, the size its archive declares");
      throw new Error(`${where}: cannot decompress: ${(err as Error).message}`);
    }
  });
}
