/** Decoding and position helpers shared by the parsers. */

const utf8 = new TextDecoder("utf-8", { fatal: false });

/** UTF-8 unless a UTF-16 byte order mark says otherwise (some Windows tools write UTF-16 XML). */
export function decodeContent(content: string | Uint8Array): string {
  let text: string;
  if (typeof content === "string") text = content;
  else if (content[0] === 0xff && content[1] === 0xfe) text = new TextDecoder("utf-16le").decode(content);
  else if (content[0] === 0xfe && content[1] === 0xff) text = new TextDecoder("utf-16be").decode(content);
  else text = utf8.decode(content);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Maps character offsets to 1-based line/column, built once per document. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.starts[lo] + 1 };
  }
}

/** Blank strings and SPDX's NOASSERTION / NONE mean "no value". */
export function meaningful(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const v = value.trim();
  if (v === "" || v === "NOASSERTION" || v === "NONE") return null;
  return v;
}
