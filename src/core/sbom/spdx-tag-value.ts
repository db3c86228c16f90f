import type { RawSbom } from "./assemble";
import type { IssueCollector, IssueLocation } from "./issues";
import type { JsonObject } from "./json-text";
import { readSpdxJson } from "./spdx-json";

interface TagLine {
  tag: string;
  value: string;
  line: number;
}

/** Splits tag-value text into `Tag: value` entries; `<text>…</text>` values may span lines. */
function tokenize(text: string, issues: IssueCollector): TagLine[] | null {
  const lines = text.split(/\r?\n/);
  const out: TagLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\s*(#|$)/.test(line)) continue;
    const m = /^\s*([A-Za-z][A-Za-z0-9_-]*)\s*:\s?(.*)$/.exec(line);
    if (!m) {
      issues.error("syntax", `line is not of the form "Tag: value": ${JSON.stringify(line.slice(0, 80))}`, { line: i + 1 });
      return null;
    }
    let value = m[2];
    const start = i;
    if (value.trimStart().startsWith("<text>")) {
      const parts = [value.trimStart().slice("<text>".length)];
      while (!parts[parts.length - 1].includes("</text>")) {
        i++;
        if (i >= lines.length) {
          issues.error("syntax", `<text> value of ${m[1]} is never closed with </text>`, { line: start + 1 });
          return null;
        }
        parts.push(lines[i]);
      }
      const joined = parts.join("\n");
      value = joined.slice(0, joined.lastIndexOf("</text>"));
    }
    out.push({ tag: m[1], value: value.trim(), line: start + 1 });
  }
  return out;
}

const CHECKSUM = /^([A-Za-z0-9-]+):\s*(\S+)$/;

/**
 * Builds the SPDX JSON shape from tag-value (SPDX 2.x spec, clause on tag-value format) while
 * remembering the line each value came from, then reads it like SPDX JSON so that both encodings
 * share validation; schema errors are reported with the line of the offending tag.
 */
export function readSpdxTagValue(text: string, issues: IssueCollector): RawSbom | null {
  const entries = tokenize(text, issues);
  if (!entries) return null;
  const lineOf = new Map<string, number>();
  const doc: JsonObject = {};
  const creationInfo: JsonObject = { creators: [] as string[] };
  const packages: JsonObject[] = [];
  const files: JsonObject[] = [];
  const snippets: JsonObject[] = [];
  const relationships: JsonObject[] = [];
  let current: { obj: JsonObject; pointer: string } = { obj: doc, pointer: "" };

  const set = (obj: JsonObject, pointer: string, key: string, value: unknown, line: number) => {
    obj[key] = value;
    lineOf.set(`${pointer}/${key}`, line);
  };
  const push = (obj: JsonObject, pointer: string, key: string, value: unknown, line: number) => {
    if (!Array.isArray(obj[key])) obj[key] = [];
    const list = obj[key] as unknown[];
    list.push(value);
    lineOf.set(`${pointer}/${key}/${list.length - 1}`, line);
    if (list.length === 1) lineOf.set(`${pointer}/${key}`, line);
  };
  const begin = (list: JsonObject[], name: string, line: number): { obj: JsonObject; pointer: string } => {
    const obj: JsonObject = {};
    list.push(obj);
    const pointer = `/${name}/${list.length - 1}`;
    lineOf.set(pointer, line);
    return { obj, pointer };
  };

  for (const { tag, value, line } of entries) {
    const { obj, pointer } = current;
    switch (tag) {
      case "SPDXVersion": set(doc, "", "spdxVersion", value, line); break;
      case "DataLicense": set(doc, "", "dataLicense", value, line); break;
      case "DocumentNamespace": set(doc, "", "documentNamespace", value, line); break;
      case "DocumentName": set(doc, "", "name", value, line); break;
      case "Creator": push(creationInfo, "/creationInfo", "creators", value, line); break;
      case "Created": set(creationInfo, "/creationInfo", "created", value, line); break;
      case "ExternalDocumentRef": {
        const [id, uri, ...checksum] = value.split(/\s+/);
        const ref = { externalDocumentId: id, spdxDocument: uri, checksum: checksum.join(" ") };
        push(doc, "", "externalDocumentRefs", ref, line);
        break;
      }
      case "PackageName":
        current = begin(packages, "packages", line);
        set(current.obj, current.pointer, "name", value, line);
        break;
      case "FileName":
        current = begin(files, "files", line);
        set(current.obj, current.pointer, "fileName", value, line);
        break;
      case "SnippetSPDXID":
        current = begin(snippets, "snippets", line);
        set(current.obj, current.pointer, "SPDXID", value, line);
        break;
      case "LicenseID":
      case "Annotator":
        current = { obj: {}, pointer: "/ignored" }; // extracted licences and annotations are not read
        break;
      case "SPDXID": set(obj, pointer, "SPDXID", value, line); break;
      case "PackageVersion": set(obj, pointer, "versionInfo", value, line); break;
      case "PackageSupplier": set(obj, pointer, "supplier", value, line); break;
      case "PackageOriginator": set(obj, pointer, "originator", value, line); break;
      case "PackageDownloadLocation": set(obj, pointer, "downloadLocation", value, line); break;
      case "FilesAnalyzed": set(obj, pointer, "filesAnalyzed", value.toLowerCase() === "true", line); break;
      case "PackageLicenseConcluded": set(obj, pointer, "licenseConcluded", value, line); break;
      case "PackageLicenseDeclared": set(obj, pointer, "licenseDeclared", value, line); break;
      case "PackageDescription": set(obj, pointer, "description", value, line); break;
      case "PackageSummary": set(obj, pointer, "summary", value, line); break;
      case "PrimaryPackagePurpose": set(obj, pointer, "primaryPackagePurpose", value, line); break;
      case "ValidUntilDate": set(obj, pointer, "validUntilDate", value, line); break;
      case "PackageChecksum":
      case "FileChecksum": {
        const m = CHECKSUM.exec(value);
        push(obj, pointer, "checksums", m ? { algorithm: m[1], checksumValue: m[2] } : { algorithm: value, checksumValue: "" }, line);
        break;
      }
      case "ExternalRef": {
        const [referenceCategory = "", referenceType = "", ...rest] = value.split(/\s+/);
        const ref = { referenceCategory, referenceType, referenceLocator: rest.join(" ") };
        push(obj, pointer, "externalRefs", ref, line);
        const index = (obj.externalRefs as unknown[]).length - 1;
        for (const key of ["referenceCategory", "referenceType", "referenceLocator"]) {
          lineOf.set(`${pointer}/externalRefs/${index}/${key}`, line);
        }
        break;
      }
      case "Relationship": {
        const [spdxElementId = "", relationshipType = "", relatedSpdxElement = ""] = value.split(/\s+/);
        const rel = { spdxElementId, relationshipType, relatedSpdxElement };
        relationships.push(rel);
        const base = `/relationships/${relationships.length - 1}`;
        for (const key of ["", "/spdxElementId", "/relationshipType", "/relatedSpdxElement"]) lineOf.set(base + key, line);
        break;
      }
    }
  }
  doc.creationInfo = creationInfo;
  if (packages.length > 0) doc.packages = packages;
  if (files.length > 0) doc.files = files;
  if (snippets.length > 0) doc.snippets = snippets;
  if (relationships.length > 0) doc.relationships = relationships;

  const locate = (pointer: string): IssueLocation => {
    // Missing values have no line of their own: use the nearest enclosing entry that has one.
    for (let p = pointer; ; p = p.slice(0, p.lastIndexOf("/"))) {
      const line = lineOf.get(p);
      if (line !== undefined) return { pointer, line };
      if (p === "") return { pointer, line: 1 };
    }
  };
  return readSpdxJson(doc, issues, "tag-value", locate);
}
