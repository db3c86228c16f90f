import { writeSync } from "node:fs";

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
// than a fresh mapping; the bytes go through one reused buffer.
const BATCH_CHARS = 60_000;

/**
 * Writes all of `bytes` to `fd`, waiting while a non-blocking pipe is full. False when the reader has gone (EPIPE, as
 * with `| head`): nothing more can be written, and that is not an error of the command.
 */
function writeAllSync(fd: number, bytes: Uint8Array): boolean {
  let offset = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EPIPE") return false;
      if (code !== "EAGAIN") throw err;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
  return true;
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Writes `value` to the file descriptor as JSON.stringify(value, null, 2) and a newline, synchronously and in batches.
 * Nothing else may be writing to `fd` through a stream meanwhile (its queued writes would come after these).
 */
export function writePrettyJson(fd: number, value: unknown, batchChars = BATCH_CHARS): void {
  const encoder = new TextEncoder();
  const buffer = new Uint8Array(batchChars * 3 + 16);
  let batch = "";
  const flush = () => {
    const { written } = encoder.encodeInto(batch, buffer);
    batch = "";
    return writeAllSync(fd, buffer.subarray(0, written));
  };
  for (const piece of prettyJsonPieces(value)) {
    if (batch.length + piece.length > batchChars && batch.length > 0 && !flush()) return;
    if (piece.length > batchChars) {
      // One member longer than a batch (a huge string): written through a buffer of its own.
      if (!writeAllSync(fd, encoder.encode(piece))) return;
      continue;
    }
    batch += piece;
  }
  batch += "\n";
  flush();
}
