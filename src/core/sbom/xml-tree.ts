import { XMLParser, XMLValidator } from "fast-xml-parser";
import type { IssueCollector } from "./issues";
import { LineIndex } from "./text";

/** An element as produced by fast-xml-parser: text-only elements are strings, others objects. */
export type XmlObject = Record<string, unknown>;

const metaSymbol = XMLParser.getMetaDataSymbol() as unknown as symbol;

const options = {
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  captureMetaData: true,
  processEntities: true,
};
const parser = new XMLParser(options);
/** For documents that bind the CycloneDX namespace to a prefix (<cdx:bom xmlns:cdx="…">). */
const prefixStrippingParser = new XMLParser({ ...options, removeNSPrefix: true });

export function isXmlObject(value: unknown): value is XmlObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** All child elements with that name (fast-xml-parser collapses a single one into a value). */
export function children(node: unknown, name: string): unknown[] {
  if (!isXmlObject(node)) return [];
  const v = node[name];
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

export function firstChild(node: unknown, name: string): unknown {
  return children(node, name)[0];
}

export function elementText(value: unknown): string | null {
  const raw = isXmlObject(value) ? value["#text"] : value;
  if (typeof raw !== "string" && typeof raw !== "number") return null;
  const s = String(raw).trim();
  return s === "" ? null : s;
}

export function childText(node: unknown, name: string): string | null {
  return elementText(firstChild(node, name));
}

export function attr(node: unknown, name: string): string | undefined {
  if (!isXmlObject(node)) return undefined;
  const v = node[`@_${name}`];
  return v === undefined ? undefined : String(v);
}

/** Names of the child elements (not attributes or text) of an element. */
export function childNames(node: unknown): string[] {
  if (!isXmlObject(node)) return [];
  return Object.keys(node).filter((k) => !k.startsWith("@_") && k !== "#text");
}

/** A well-formed XML document with the means to find line numbers of its elements. */
export class XmlDocument {
  private readonly lines: LineIndex;

  private constructor(
    readonly text: string,
    readonly root: XmlObject,
  ) {
    this.lines = new LineIndex(text);
  }

  /** Checks well-formedness first (fast-xml-parser's parser alone is lenient). */
  static parse(text: string, issues: IssueCollector, stripPrefixes = false): XmlDocument | null {
    if (!stripPrefixes) {
      const check = XMLValidator.validate(text);
      if (check !== true) {
        issues.error("syntax", `invalid XML: ${check.err.msg}`, { line: check.err.line, column: check.err.col });
        return null;
      }
    }
    try {
      return new XmlDocument(text, (stripPrefixes ? prefixStrippingParser : parser).parse(text) as XmlObject);
    } catch (err) {
      issues.error("syntax", `invalid XML: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
  }

  private range(node: unknown): { start: number; end: number } | null {
    if (!isXmlObject(node)) return null;
    const meta = (node as Record<symbol, { startIndex?: number; endIndex?: number } | undefined>)[metaSymbol];
    if (meta?.startIndex === undefined) return null;
    return { start: meta.startIndex, end: meta.endIndex ?? this.text.length };
  }

  line(node: unknown): number | undefined {
    const r = this.range(node);
    return r ? this.lines.position(r.start).line : undefined;
  }

  /**
   * Line of the index-th child element `name` of `parent`. Text-only children carry no position of
   * their own, so the element's start tag is searched inside the parent, skipping nested elements.
   */
  childLine(parent: unknown, name: string, index = 0): number | undefined {
    const child = children(parent, name)[index];
    const own = this.line(child);
    if (own !== undefined) return own;
    const r = this.range(parent);
    if (!r) return undefined;
    const skip: Array<{ start: number; end: number }> = [];
    for (const key of childNames(parent)) {
      for (const c of children(parent, key)) {
        const cr = this.range(c);
        if (cr) skip.push(cr);
      }
    }
    const pattern = new RegExp(`<${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[\\s/>]`, "g");
    const offset = r.start + 1;
    const segment = this.text.slice(offset, r.end);
    let seen = 0;
    for (let m = pattern.exec(segment); m !== null; m = pattern.exec(segment)) {
      const at = offset + m.index;
      if (skip.some((s) => at >= s.start && at < s.end)) continue;
      if (seen++ === index) return this.lines.position(at).line;
    }
    return this.line(parent);
  }
}
