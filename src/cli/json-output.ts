// A large result (a scan's findings run to tens of megabytes) written as JSON.stringify(value, null, 2) would write it,
// without holding the whole text: one string of the document, its flattened copy and its bytes are three fresh
// allocations of the output's size, and on a virtual machine touching that much new memory costs more than rendering.

const INDENT = "  ";

/** Whether JSON.stringify leaves this value out of an object (and writes null for it in an array). */
const omitted = (value: unknown) => value === undefined || typeof value === "function" || typeof value === "symbol";

/** Arrays and plain objects are opened; anything else (toJSON, boxed values, class instances) is left to JSON.stringify. */
function opened(value: unknown): value is object {
  if (typeof value !== "object" || value === null || typeof (value as { toJSON?: unknown }).toJSON === "function") return false;
  const proto = Object.getPrototypeOf(value);
  return Array.isArray(value) ? proto === Array.prototype : proto === Object.prototype || proto === null;
}

/**
 * The text of `JSON.stringify(value, null, 2)` in pieces: arrays and objects down to `depth` levels are opened here, one
 * piece per member; deeper values are stringified whole. The pieces joined equal that text exactly.
 */
export function* prettyJsonPieces(value: unknown, depth = 2, indent = ""): Generator<string> {
  if (depth <= 0 || !opened(value)) {
    const text = JSON.stringify(value, null, 2);
    // JSON text holds newlines only between tokens (a newline inside a string is escaped), so re-indenting is safe.
    yield indent === "" ? text : text.replaceAll("\n", `\n${indent}`);
    return;
  }
  const inner = indent + INDENT;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield "[]";
      return;
    }
    for (let i = 0; i < value.length; i++) {
      yield i === 0 ? `[\n${inner}` : `,\n${inner}`;
      yield* omitted(value[i]) ? ["null"] : prettyJsonPieces(value[i], depth - 1, inner);
    }
    yield `\n${indent}]`;
    return;
  }
  let first = true;
  for (const [key, member] of Object.entries(value)) {
    if (omitted(member)) continue;
    yield `${first ? "{" : ","}\n${inner}${JSON.stringify(key)}: `;
    yield* prettyJsonPieces(member, depth - 1, inner);
    first = false;
  }
  yield first ? "{}" : `\n${indent}}`;
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
  const encoder = new TextEncoder();
  let batch = "";
  const flush = async (): Promise<boolean> => {
    const bytes = encoder.encode(batch);
    batch = "";
    return out.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length)) || (await drained(out));
  };
  for (const piece of prettyJsonPieces(value)) {
    if (batch.length + piece.length > batchChars && batch.length > 0 && !(await flush())) return;
    batch += piece;
  }
  batch += "\n";
  await flush();
}
