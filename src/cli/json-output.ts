// Writes a large result (a scan's findings run to tens of megabytes) exactly as JSON.stringify(value, null, 2) would,
// without holding the whole text: one string of the document, its flattened copy and its bytes are three fresh
// allocations of the output's size, and on a virtual machine touching that much new memory costs more than rendering.
// Streaming stringifiers (json-stream-stringify) walk every value in JavaScript; here each member below the top two
// levels is still rendered by the engine's own JSON.stringify, so the output is exactly its text and as fast.

const INDENT = "  ";

/** Arrays and plain objects are opened; anything else (toJSON, boxed values, class instances) is left to JSON.stringify. */
function opened(value: unknown): value is object {
  if (typeof value !== "object" || value === null || typeof (value as { toJSON?: unknown }).toJSON === "function") return false;
  const proto = Object.getPrototypeOf(value);
  return Array.isArray(value) ? proto === Array.prototype : proto === Object.prototype || proto === null;
}

/**
 * A value stringified whole at `indent`, or undefined where JSON.stringify leaves it out (undefined, a function, a
 * symbol, a toJSON giving one of those). JSON text holds newlines only between tokens (one inside a string is
 * escaped), so re-indenting it is safe.
 */
function whole(value: unknown, indent: string): string | undefined {
  const text = JSON.stringify(value, null, 2) as string | undefined;
  return text === undefined || indent === "" ? text : text.replaceAll("\n", `\n${indent}`);
}

/**
 * The text of `JSON.stringify(value, null, 2)` in pieces: arrays and objects down to `depth` levels are opened here, one
 * piece per member; deeper values are stringified whole. The pieces joined equal that text exactly.
 */
export function* prettyJsonPieces(value: unknown, depth = 2, indent = ""): Generator<string> {
  if (depth <= 0 || !opened(value)) {
    yield whole(value, indent) ?? "null";
    return;
  }
  const inner = indent + INDENT;
  const members: Iterable<[string | undefined, unknown]> = Array.isArray(value)
    ? value.map((item) => [undefined, item])
    : Object.entries(value);
  const close = Array.isArray(value) ? "]" : "}";
  let first = true;
  for (const [key, member] of members) {
    const prefix = `${first ? (Array.isArray(value) ? "[" : "{") : ","}\n${inner}${key === undefined ? "" : `${JSON.stringify(key)}: `}`;
    if (depth > 1 && opened(member)) {
      yield prefix;
      yield* prettyJsonPieces(member, depth - 1, inner);
    } else {
      const text = whole(member, inner);
      // Left out of an object; null in an array.
      if (text === undefined && key !== undefined) continue;
      yield prefix + (text ?? "null");
    }
    first = false;
  }
  yield first ? `${Array.isArray(value) ? "[" : "{"}${close}` : `\n${indent}${close}`;
}

// Batches stay under V8's large-object size (128 KB), so that each is a young string reused after a scavenge rather
// than a fresh mapping; so are their bytes, as long as they are written before the next batch is made.
const BATCH_CHARS = 60_000;

/** Where the JSON goes: process.stdout, or anything writable with the same back-pressure contract. */
export type JsonSink = Pick<NodeJS.WritableStream, "write" | "once" | "off"> & { readonly destroyed?: boolean };

/** Resolves true once `out` can take more, false if it closed first (the reader has gone, as with `| head`). */
function drained(out: JsonSink): Promise<boolean> {
  if (out.destroyed) return Promise.resolve(false);
  return new Promise((resolve) => {
    const settle = (ok: boolean) => () => {
      out.off("drain", onDrain);
      out.off("close", onClose);
      resolve(ok);
    };
    const onDrain = settle(true);
    const onClose = settle(false);
    out.once("drain", onDrain);
    out.once("close", onClose);
  });
}

/**
 * Writes `value` as JSON.stringify(value, null, 2) and a newline, in batches of UTF-8 bytes, each batch once the
 * previous has been taken: a pipe read slowly holds one batch, not the document.
 */
export async function writePrettyJson(out: JsonSink, value: unknown, batchChars = BATCH_CHARS): Promise<void> {
  let batch = "";
  const flush = async (): Promise<boolean> => {
    const bytes = Buffer.from(batch, "utf8");
    batch = "";
    return out.write(bytes) || (await drained(out));
  };
  for (const piece of prettyJsonPieces(value)) {
    if (batch.length + piece.length > batchChars && batch.length > 0 && !(await flush())) return;
    batch += piece;
  }
  batch += "\n";
  await flush();
}
