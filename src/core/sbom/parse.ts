import { assemble, type RawSbom } from "./assemble";
import { readCycloneDxJson } from "./cyclonedx-json";
import { readCycloneDxXml } from "./cyclonedx-xml";
import { IssueCollector } from "./issues";
import { isObject, parseJsonText } from "./json-text";
import { readSpdxJson } from "./spdx-json";
import { readSpdxTagValue } from "./spdx-tag-value";
import { decodeContent } from "./text";
import type { ParseOptions, ParseResult, SbomInput } from "./types";

/**
 * Detects the format of an SBOM (CycloneDX JSON/XML, SPDX JSON/tag-value) and normalises it.
 * Never throws for bad input: every problem is returned as an error or warning naming the file and
 * the place inside it. Full CycloneDX JSON schema validation is separate (validateCycloneDxJson).
 */
export function parseSbom(input: SbomInput, options: ParseOptions = {}): ParseResult {
  const issues = new IssueCollector(input.fileName);
  let raw: RawSbom | null = null;
  try {
    raw = readAny(decodeContent(input.content), issues);
  } catch (err) {
    // A defect of ours must still not take the caller down; report it like any other problem.
    issues.error("internal", `unexpected failure while reading the SBOM: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (raw && !issues.hasErrors) {
    const sbom = assemble(raw, issues, options);
    if (!issues.hasErrors) return { ok: true, sbom, warnings: issues.warnings };
  }
  return { ok: false, errors: issues.errors, warnings: issues.warnings };
}

function readAny(text: string, issues: IssueCollector): RawSbom | null {
  const start = text.search(/\S/);
  if (start === -1) {
    issues.error("empty-input", "the file is empty");
    return null;
  }
  const first = text[start];
  if (first === "{" || first === "[") return readJson(text, issues);
  if (first === "<") return readCycloneDxXml(text, issues);
  if (/^\s*SPDXVersion\s*:/m.test(text)) return readSpdxTagValue(text, issues);
  if (/^\s*spdxVersion\s*:/m.test(text)) {
    issues.error("unsupported-format", "SPDX YAML is not supported; provide SPDX JSON or tag-value");
    return null;
  }
  issues.error("unknown-format", "not a recognised SBOM: expected CycloneDX JSON or XML, SPDX JSON or SPDX tag-value");
  return null;
}

function readJson(text: string, issues: IssueCollector): RawSbom | null {
  const parsed = parseJsonText(text, issues);
  if (!parsed.ok) return null;
  const doc = parsed.value;
  if (!isObject(doc)) {
    issues.error("unknown-format", "a JSON SBOM must be an object", { pointer: "" });
    return null;
  }
  if (doc.bomFormat === "CycloneDX") return readCycloneDxJson(doc, issues);
  if (typeof doc.spdxVersion === "string") return readSpdxJson(doc, issues);
  if (doc.bomFormat !== undefined) {
    issues.error("unknown-format", `bomFormat must be "CycloneDX", found ${JSON.stringify(doc.bomFormat)}`, { pointer: "/bomFormat" });
  } else if (typeof doc.$schema === "string" && /cyclonedx/i.test(doc.$schema)) {
    issues.error("unknown-format", 'bomFormat is missing; a CycloneDX document must have "bomFormat": "CycloneDX"', { pointer: "/bomFormat" });
  } else if (doc.spdxVersion !== undefined) {
    issues.error("unsupported-version", "spdxVersion must be a string such as \"SPDX-2.3\"", { pointer: "/spdxVersion" });
  } else {
    issues.error("unknown-format", "JSON document is neither CycloneDX (no \"bomFormat\") nor SPDX (no \"spdxVersion\")", { pointer: "" });
  }
  return null;
}
