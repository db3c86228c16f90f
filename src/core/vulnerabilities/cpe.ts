/**
 * CPE names (NISTIR 7695 "CPE Naming" 2.3): the 2.3 formatted string binding and the 2.2 URI
 * binding, both parsed into one well-formed name (WFN) whose attribute values are ANY, NA or a
 * value (lower-cased, unescaped, with the position of unquoted `*` / `?` wildcards kept).
 */

export const CPE_ATTRIBUTES = [
  "part",
  "vendor",
  "product",
  "version",
  "update",
  "edition",
  "language",
  "swEdition",
  "targetSw",
  "targetHw",
  "other",
] as const;
export type CpeAttribute = (typeof CPE_ATTRIBUTES)[number];

/**
 * One attribute value. `text` is the literal value with wildcards shown as `*` / `?`; `pattern`
 * is set only when the value has unquoted wildcards (a regular expression source, anchored).
 */
export type CpeValue =
  | { readonly kind: "any" }
  | { readonly kind: "na" }
  | { readonly kind: "value"; readonly text: string; readonly pattern?: string };

export type Cpe = { readonly [K in CpeAttribute]: CpeValue };

export type CpeParseResult = { readonly ok: true; readonly cpe: Cpe } | { readonly ok: false; readonly error: string };

export const CPE_ANY: CpeValue = { kind: "any" };
export const CPE_NA: CpeValue = { kind: "na" };

const regexEscape = (c: string) => c.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");

/** Builds a value from tokens: literal characters and unquoted wildcards. */
function cpeValueOf(tokens: ReadonlyArray<{ char: string; wildcard: boolean }>): CpeValue {
  const text = tokens.map((t) => t.char.toLowerCase()).join("");
  if (!tokens.some((t) => t.wildcard)) return { kind: "value", text };
  const pattern = tokens.map((t) => (t.wildcard ? (t.char === "*" ? ".*" : ".") : regexEscape(t.char.toLowerCase()))).join("");
  return { kind: "value", text, pattern: `^${pattern}$` };
}

/** Splits on `:` that is not escaped by a backslash. */
function splitFormatted(text: string): string[] {
  const parts: string[] = [];
  let current = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\\" && i + 1 < text.length) {
      current += c + text[i + 1];
      i++;
    } else if (c === ":") {
      parts.push(current);
      current = "";
    } else current += c;
  }
  parts.push(current);
  return parts;
}

function unbindFormatted(component: string, attribute: CpeAttribute): CpeValue | string {
  if (component === "*" || component === "") return CPE_ANY;
  if (component === "-") return CPE_NA;
  const tokens: Array<{ char: string; wildcard: boolean }> = [];
  for (let i = 0; i < component.length; i++) {
    const c = component[i];
    if (c === "\\") {
      if (i + 1 >= component.length) return `${attribute}: a value cannot end with an unescaped "\\"`;
      tokens.push({ char: component[i + 1], wildcard: false });
      i++;
    } else if (c === "*" || c === "?") {
      tokens.push({ char: c, wildcard: true });
    } else if (/[\s]/.test(c)) {
      return `${attribute}: whitespace must not appear in a CPE name`;
    } else tokens.push({ char: c, wildcard: false });
  }
  return cpeValueOf(tokens);
}

function parseFormatted(text: string): CpeParseResult {
  const parts = splitFormatted(text);
  // parts[0] = "cpe", parts[1] = "2.3", then up to eleven attributes. Truncated names, as some
  // SBOM tools write them ("cpe:2.3:a:nginx:nginx:1.21.1"), get ANY for the missing attributes.
  const values = parts.slice(2);
  if (values.length > CPE_ATTRIBUTES.length) return { ok: false, error: `a CPE 2.3 name has 11 attributes, this one has ${values.length}` };
  if (values.length < 3) return { ok: false, error: "a CPE 2.3 name needs at least part, vendor and product" };
  const out: Partial<Record<CpeAttribute, CpeValue>> = {};
  for (let i = 0; i < CPE_ATTRIBUTES.length; i++) {
    const attribute = CPE_ATTRIBUTES[i];
    const v = i < values.length ? unbindFormatted(values[i], attribute) : CPE_ANY;
    if (typeof v === "string") return { ok: false, error: v };
    out[attribute] = v;
  }
  return checkPart(out as Cpe);
}

/** 2.2 URI: percent-encoding; %01 is `?`, %02 is `*`; the edition may pack five attributes. */
function decodeUri(component: string, attribute: CpeAttribute): CpeValue | string {
  if (component === "") return CPE_ANY;
  if (component === "-") return CPE_NA;
  const tokens: Array<{ char: string; wildcard: boolean }> = [];
  for (let i = 0; i < component.length; i++) {
    const c = component[i];
    if (c === "%") {
      const hex = component.slice(i + 1, i + 3);
      if (!/^[0-9a-f]{2}$/i.test(hex)) return `${attribute}: invalid percent-encoding "%${hex}"`;
      i += 2;
      if (hex === "01") tokens.push({ char: "?", wildcard: true });
      else if (hex === "02") tokens.push({ char: "*", wildcard: true });
      else tokens.push({ char: String.fromCharCode(Number.parseInt(hex, 16)), wildcard: false });
    } else tokens.push({ char: c, wildcard: false });
  }
  return cpeValueOf(tokens);
}

function parseUri(text: string): CpeParseResult {
  const body = text.slice("cpe:/".length);
  const parts = body.split(":");
  if (parts.length > 7) return { ok: false, error: `a CPE 2.2 URI has at most 7 components, this one has ${parts.length}` };
  const attrs: CpeAttribute[] = ["part", "vendor", "product", "version", "update", "edition", "language"];
  const out: Record<CpeAttribute, CpeValue> = Object.fromEntries(CPE_ATTRIBUTES.map((a) => [a, CPE_ANY])) as Record<CpeAttribute, CpeValue>;
  for (let i = 0; i < parts.length; i++) {
    const attribute = attrs[i];
    if (attribute === "edition" && parts[i].startsWith("~")) {
      const packed = parts[i].split("~");
      if (packed.length !== 6) return { ok: false, error: "a packed 2.2 edition has five ~-separated fields" };
      const names: CpeAttribute[] = ["edition", "swEdition", "targetSw", "targetHw", "other"];
      for (let j = 0; j < 5; j++) {
        const v = decodeUri(packed[j + 1], names[j]);
        if (typeof v === "string") return { ok: false, error: v };
        out[names[j]] = v;
      }
      continue;
    }
    const v = decodeUri(parts[i], attribute);
    if (typeof v === "string") return { ok: false, error: v };
    out[attribute] = v;
  }
  return checkPart(out);
}

function checkPart(cpe: Cpe): CpeParseResult {
  const part = cpe.part;
  if (part.kind === "value" && !["a", "o", "h"].includes(part.text) && !part.pattern) {
    return { ok: false, error: `part must be a (application), o (operating system) or h (hardware), got "${part.text}"` };
  }
  return { ok: true, cpe };
}

/** Parses a CPE 2.3 formatted string (`cpe:2.3:…`) or a CPE 2.2 URI (`cpe:/…`). */
export function parseCpe(text: string): CpeParseResult {
  const trimmed = text.trim();
  if (/^cpe:2\.3:/i.test(trimmed)) return parseFormatted(trimmed);
  if (/^cpe:\//i.test(trimmed)) return parseUri(trimmed);
  return { ok: false, error: `"${text}" is neither a CPE 2.3 formatted string (cpe:2.3:…) nor a CPE 2.2 URI (cpe:/…)` };
}

function bindValue(v: CpeValue): string {
  if (v.kind === "any") return "*";
  if (v.kind === "na") return "-";
  if (!v.pattern) return v.text.replace(/[^A-Za-z0-9_]/g, (c) => `\\${c}`);
  // Re-escape literal characters, keep wildcard positions from the pattern.
  let out = "";
  const p = v.pattern.slice(1, -1);
  for (let i = 0; i < p.length; i++) {
    if (p[i] === "." && p[i + 1] === "*") {
      out += "*";
      i++;
    } else if (p[i] === ".") out += "?";
    else if (p[i] === "\\") {
      out += /[A-Za-z0-9_]/.test(p[i + 1]) ? p[i + 1] : `\\${p[i + 1]}`;
      i++;
    } else out += /[A-Za-z0-9_]/.test(p[i]) ? p[i] : `\\${p[i]}`;
  }
  return out;
}

/** The CPE 2.3 formatted string of a name (always eleven attributes). */
export function formatCpe(cpe: Cpe): string {
  return `cpe:2.3:${CPE_ATTRIBUTES.map((a) => bindValue(cpe[a])).join(":")}`;
}

/** A value as people read it: `*`, `-` or the unescaped text. */
export function cpeValueText(v: CpeValue): string {
  return v.kind === "any" ? "*" : v.kind === "na" ? "-" : v.text;
}

/**
 * Attribute comparison from CPE Name Matching (NISTIR 7696), reduced to the question a matcher
 * asks: is `target` (a component's name) inside `source` (an advisory's criteria)?
 * ANY in the source contains everything; NA only NA; a value contains the equal value or, with
 * wildcards, every value the pattern accepts. A target ANY is not contained in a specific value:
 * a component that does not say its version cannot be placed in a version-specific advisory.
 */
export function cpeValueContains(source: CpeValue, target: CpeValue): boolean {
  if (source.kind === "any") return true;
  if (source.kind === "na") return target.kind === "na";
  if (target.kind !== "value" || target.pattern) return false;
  if (source.pattern) return new RegExp(source.pattern).test(target.text);
  return source.text === target.text;
}

/** Whether every attribute of `target` is contained in `source`, except the ones ignored. */
export function cpeContains(source: Cpe, target: Cpe, ignore: readonly CpeAttribute[] = []): boolean {
  for (const a of CPE_ATTRIBUTES) {
    if (ignore.includes(a)) continue;
    if (!cpeValueContains(source[a], target[a])) return false;
  }
  return true;
}

/** `vendor:product` of a name when both are plain values (the key advisories are indexed by). */
export function cpeProductKey(cpe: Cpe): string | null {
  const { vendor, product } = cpe;
  if (vendor.kind !== "value" || product.kind !== "value" || vendor.pattern || product.pattern) return null;
  return `${vendor.text}:${product.text}`;
}
