import type { RawComponent, RawEdge, RawSbom, RefMention } from "./assemble";
import { unsupportedCycloneDxMessage, SUPPORTED_CYCLONEDX_JSON_VERSIONS } from "./versions";
import { type IssueCollector, joinPointer } from "./issues";
import { asArray, isObject, type JsonObject, stringField } from "./json-text";
import type { SbomHash, SbomProperty, SbomTool } from "./types";

/** Reads a parsed CycloneDX JSON document. Returns null (with errors reported) when it cannot be read. */
export function readCycloneDxJson(doc: JsonObject, issues: IssueCollector): RawSbom | null {
  const specVersion = doc.specVersion;
  if (typeof specVersion !== "string") {
    issues.error("unsupported-version", "specVersion is missing or not a string", { pointer: "/specVersion" });
    return null;
  }
  if (!(SUPPORTED_CYCLONEDX_JSON_VERSIONS as readonly string[]).includes(specVersion)) {
    issues.error("unsupported-version", unsupportedCycloneDxMessage(specVersion, SUPPORTED_CYCLONEDX_JSON_VERSIONS), {
      pointer: "/specVersion",
    });
    return null;
  }
  const reader = new CdxJsonReader(issues);
  const metadata = isObject(doc.metadata) ? doc.metadata : {};
  const primary = isObject(metadata.component) ? reader.component(metadata.component, "/metadata/component", null) : null;
  if (primary && isObject(metadata.component)) reader.nested(metadata.component, "/metadata/component", primary.ref);
  reader.componentList(doc.components, "/components", null);
  const otherRefs = new Set<string>();
  collectServiceRefs(doc.services, otherRefs);

  const serial = doc.serialNumber;
  if (serial !== undefined && typeof serial !== "string") {
    issues.error("invalid-value", `serialNumber must be a string (urn:uuid:…), found ${JSON.stringify(serial)}`, {
      pointer: "/serialNumber",
    });
  }
  return {
    format: "cyclonedx",
    encoding: "json",
    specVersion,
    document: {
      name: primary?.name ?? null,
      serialNumber: typeof serial === "string" ? serial : null,
      namespace: null,
      version: typeof doc.version === "number" ? doc.version : null,
      created: stringField(metadata, "timestamp"),
      tools: readTools(metadata.tools),
      authors: asArray(metadata.authors).flatMap((a) => (isObject(a) && stringField(a, "name") ? [stringField(a, "name")!] : [])),
    },
    primary,
    extraRoots: [],
    components: reader.components,
    ...readDependencies(doc.dependencies, issues),
    otherRefs,
    locateField: (component, field) => ({ pointer: joinPointer(component.source.pointer, field) }),
    locateMention: (mention) => ({ pointer: joinPointer(mention.base, mention.key) }),
  };
}

class CdxJsonReader {
  readonly components: RawComponent[] = [];
  private synthetic = 0;

  constructor(private readonly issues: IssueCollector) {}

  componentList(value: unknown, pointer: string, parent: string | null): void {
    if (value === undefined) return;
    if (!Array.isArray(value)) {
      this.issues.error("invalid-value", "components must be an array", { pointer });
      return;
    }
    value.forEach((item, i) => {
      const at = joinPointer(pointer, i);
      if (!isObject(item)) {
        this.issues.error("invalid-value", "component must be an object", { pointer: at });
        return;
      }
      const c = this.component(item, at, parent);
      if (!c) return;
      this.components.push(c);
      this.nested(item, at, c.ref);
    });
  }

  nested(item: JsonObject, pointer: string, ref: string): void {
    this.componentList(item.components, joinPointer(pointer, "components"), ref);
  }

  component(obj: JsonObject, pointer: string, parent: string | null): RawComponent | null {
    const name = obj.name;
    if (typeof name !== "string") {
      this.issues.error("invalid-value", "component has no name", { pointer: joinPointer(pointer, "name") });
      return null;
    }
    if (name.trim() === "") this.issues.warn("invalid-value", "component name is empty", { pointer: joinPointer(pointer, "name") });
    const givenRef = obj["bom-ref"];
    if (givenRef !== undefined && (typeof givenRef !== "string" || givenRef === "")) {
      this.issues.error("invalid-value", "bom-ref must be a non-empty string", { pointer: joinPointer(pointer, "bom-ref") });
    }
    const refGiven = typeof givenRef === "string" && givenRef !== "";
    const ref = refGiven ? (givenRef as string) : `vigil:component/${++this.synthetic}`;
    const rawPurl = obj.purl;
    if (rawPurl !== undefined && typeof rawPurl !== "string") {
      this.issues.error("invalid-value", "purl must be a string", { pointer: joinPointer(pointer, "purl") });
    }
    const authors = asArray(obj.authors).flatMap((a) => (isObject(a) && stringField(a, "name") ? [stringField(a, "name")!] : []));
    const { ids, names } = readLicenses(obj.licenses);
    const properties = readProperties(obj.properties);
    return {
      ref,
      refGiven,
      name,
      group: stringField(obj, "group"),
      version: stringField(obj, "version"),
      rawPurl: typeof rawPurl === "string" && rawPurl.trim() !== "" ? rawPurl : null,
      cpe: stringField(obj, "cpe"),
      type: stringField(obj, "type"),
      supplier: (isObject(obj.supplier) ? stringField(obj.supplier, "name") : null) ?? stringField(obj, "publisher"),
      author: stringField(obj, "author") ?? (authors.length > 0 ? authors.join(", ") : null),
      hashes: readHashes(obj.hashes),
      licenses: ids,
      licenseNames: names,
      description: stringField(obj, "description"),
      scope: stringField(obj, "scope"),
      properties,
      releaseNoteProperties: isObject(obj.releaseNotes) ? readProperties(obj.releaseNotes.properties) : [],
      parent,
      at: { pointer },
      source: { pointer },
    };
  }
}

export function readHashes(value: unknown): SbomHash[] {
  return asArray(value).flatMap((h) => {
    if (!isObject(h)) return [];
    const alg = stringField(h, "alg");
    const content = stringField(h, "content");
    return alg && content ? [{ alg, value: normaliseHashValue(content) }] : [];
  });
}

export function normaliseHashValue(value: string): string {
  const v = value.trim();
  return /^[0-9a-fA-F]+$/.test(v) ? v.toLowerCase() : v;
}

function readLicenses(value: unknown): { ids: string[]; names: string[] } {
  const ids: string[] = [];
  const names: string[] = [];
  for (const entry of asArray(value)) {
    if (!isObject(entry)) continue;
    const expression = stringField(entry, "expression");
    if (expression) ids.push(expression);
    const license = isObject(entry.license) ? entry.license : null;
    if (!license) continue;
    const id = stringField(license, "id");
    const name = stringField(license, "name");
    if (id) ids.push(id);
    else if (name) names.push(name);
  }
  return { ids, names };
}

export function readProperties(value: unknown): SbomProperty[] {
  return asArray(value).flatMap((p) => {
    if (!isObject(p)) return [];
    const name = stringField(p, "name");
    return name ? [{ name, value: typeof p.value === "string" ? p.value : "" }] : [];
  });
}

/** tools is an array of {vendor,name,version} up to 1.4 and {components, services} from 1.5 on. */
function readTools(value: unknown): SbomTool[] {
  const entries = Array.isArray(value)
    ? value
    : isObject(value)
      ? [...asArray(value.components), ...asArray(value.services)]
      : [];
  return entries.flatMap((t) => {
    if (!isObject(t)) return [];
    const name = stringField(t, "name");
    if (!name) return [];
    const vendor = stringField(t, "vendor") ?? (isObject(t.supplier) ? stringField(t.supplier, "name") : null) ?? stringField(t, "group");
    return [{ vendor, name, version: stringField(t, "version") }];
  });
}

function collectServiceRefs(value: unknown, into: Set<string>): void {
  for (const s of asArray(value)) {
    if (!isObject(s)) continue;
    const ref = stringField(s, "bom-ref");
    if (ref) into.add(ref);
    collectServiceRefs(s.services, into);
  }
}

function readDependencies(value: unknown, issues: IssueCollector): { edges: RawEdge[]; refMentions: RefMention[] } {
  const edges: RawEdge[] = [];
  const refMentions: RefMention[] = [];
  asArray(value).forEach((dep, i) => {
    const pointer = joinPointer("/dependencies", i);
    if (!isObject(dep)) {
      issues.error("invalid-value", "dependency must be an object", { pointer });
      return;
    }
    const from = stringField(dep, "ref");
    if (from === null) {
      issues.error("invalid-value", "dependency has no ref", { pointer: joinPointer(pointer, "ref") });
      return;
    }
    refMentions.push({ ref: from, base: pointer, key: "ref" });
    const dependsOn = asArray(dep.dependsOn);
    const base = `${pointer}/dependsOn`;
    for (let j = 0; j < dependsOn.length; j++) {
      const to = dependsOn[j];
      if (typeof to !== "string" || to === "") {
        issues.error("invalid-value", "dependsOn entries must be non-empty strings", { pointer: joinPointer(base, j) });
        continue;
      }
      refMentions.push({ ref: to, base, key: j });
      edges.push({ from, to, kind: "depends-on" });
    }
  });
  return { edges, refMentions };
}
