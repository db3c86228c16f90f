import type { RawComponent, RawEdge, RawSbom, RefMention } from "./assemble";
import { SUPPORTED_SPDX_VERSIONS } from "./versions";
import { normaliseHashValue } from "./cyclonedx-json";
import { type IssueCollector, type IssueLocation, joinPointer } from "./issues";
import type { JsonObject } from "./json-text";
import { type SpdxDocument, type SpdxPackage, spdxDocumentSchema } from "./spdx-schema";
import { meaningful } from "./text";
import type { SbomEncoding, SbomHash, SbomTool } from "./types";

/** Maps a JSON pointer into the document to a reportable location (tag-value adds line numbers). */
export type Locate = (pointer: string) => IssueLocation;

const pointerOnly: Locate = (pointer) => ({ pointer });

/** "A rel B" where A needs B; linking is a dependency too (the binary cannot run without it). */
const DEPENDS_ON = new Set(["DEPENDS_ON", "STATIC_LINK", "DYNAMIC_LINK"]);

/** "A rel B" where B needs A. */
const DEPENDENCY_OF = new Set([
  "DEPENDENCY_OF", "DEV_DEPENDENCY_OF", "BUILD_DEPENDENCY_OF", "OPTIONAL_DEPENDENCY_OF", "PROVIDED_DEPENDENCY_OF",
  "RUNTIME_DEPENDENCY_OF", "TEST_DEPENDENCY_OF",
]);

const HASH_NAMES: Record<string, string> = {
  SHA1: "SHA-1", SHA224: "SHA-224", SHA256: "SHA-256", SHA384: "SHA-384", SHA512: "SHA-512",
};

export function readSpdxJson(doc: JsonObject, issues: IssueCollector, encoding: SbomEncoding = "json", locate: Locate = pointerOnly): RawSbom | null {
  const version = doc.spdxVersion;
  if (!(SUPPORTED_SPDX_VERSIONS as readonly unknown[]).includes(version)) {
    issues.error(
      "unsupported-version",
      `spdxVersion ${JSON.stringify(version)} is not supported; supported versions are ${SUPPORTED_SPDX_VERSIONS.join(", ")}`,
      locate("/spdxVersion"),
    );
    return null;
  }
  const parsed = spdxDocumentSchema.safeParse(doc);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
      const pointer = joinPointer("", ...path);
      const field = String(path[path.length - 1] ?? "document");
      const value = valueAt(doc, path);
      const message =
        issue.code === "invalid_value"
          ? `${field} ${JSON.stringify(value)} is not one of the values SPDX 2.3 defines`
          : value === undefined
            ? `${field} is required`
            : `${field}: ${issue.message}`;
      issues.error("schema", message, locate(pointer));
    }
    return null;
  }
  const missing = (parsed.data.packages ?? []).flatMap((p, i) => (p.downloadLocation === undefined ? [i] : []));
  if (missing.length > 0) {
    const first = joinPointer("/packages", missing[0], "downloadLocation");
    issues.warn(
      "invalid-value",
      `${missing.length} package(s) lack downloadLocation, which SPDX requires (NOASSERTION is allowed), first at ${first}`,
      locate(first),
    );
  }
  return toRaw(parsed.data, encoding, locate);
}

function valueAt(doc: unknown, path: Array<string | number>): unknown {
  let v: unknown = doc;
  for (const key of path) v = v !== null && typeof v === "object" ? (v as Record<string | number, unknown>)[key] : undefined;
  return v;
}

function stripActor(value: string | undefined): string | null {
  const v = meaningful(value);
  return v === null ? null : v.replace(/^(Organization|Person|Tool):\s*/, "");
}

function readTools(creators: string[]): SbomTool[] {
  return creators.flatMap((c) => {
    const m = /^Tool:\s*(.+)$/.exec(c);
    if (!m) return [];
    const tool = m[1].trim();
    const split = /^(.*?)[-\s]v?(\d[\w.+-]*)$/.exec(tool);
    return [{ vendor: null, name: split ? split[1] : tool, version: split ? split[2] : null }];
  });
}

function toRaw(doc: SpdxDocument, encoding: SbomEncoding, locate: Locate): RawSbom {
  const otherRefs = new Set<string>([doc.SPDXID]);
  for (const f of doc.files ?? []) otherRefs.add(f.SPDXID);
  for (const s of doc.snippets ?? []) otherRefs.add(s.SPDXID);
  const externalDocs = new Set((doc.externalDocumentRefs ?? []).map((d) => d.externalDocumentId));

  const packageIds = new Set((doc.packages ?? []).map((p) => p.SPDXID));
  const roots: string[] = [...(doc.documentDescribes ?? [])];
  const edges: RawEdge[] = [];
  const refMentions: RefMention[] = [];
  (doc.documentDescribes ?? []).forEach((ref, i) => {
    refMentions.push({ ref, base: "/documentDescribes", key: i, lenient: true });
  });

  (doc.relationships ?? []).forEach((rel, i) => {
    const base = joinPointer("/relationships", i);
    const a = rel.spdxElementId;
    const b = rel.relatedSpdxElement;
    const type = rel.relationshipType;
    const graphEdge = DEPENDS_ON.has(type) || DEPENDENCY_OF.has(type) || type === "CONTAINS" || type === "CONTAINED_BY";
    for (const [ref, key] of [[a, "spdxElementId"], [b, "relatedSpdxElement"]] as const) {
      const external = ref.startsWith("DocumentRef-") && externalDocs.has(ref.split(":")[0]);
      if (meaningful(ref) !== null && !external) refMentions.push({ ref, base, key, lenient: !graphEdge });
    }
    if (type === "DESCRIBES" && a === doc.SPDXID) roots.push(b);
    else if (type === "DESCRIBED_BY" && b === doc.SPDXID) roots.push(a);
    else if (DEPENDS_ON.has(type)) edges.push({ from: a, to: b, kind: "depends-on" });
    else if (DEPENDENCY_OF.has(type)) edges.push({ from: b, to: a, kind: "depends-on" });
    else if (type === "CONTAINS") edges.push({ from: a, to: b, kind: "contains" });
    else if (type === "CONTAINED_BY") edges.push({ from: b, to: a, kind: "contains" });
  });

  const rootPackages = [...new Set(roots)].filter((r) => packageIds.has(r));
  const primaryRef = rootPackages[0] ?? null;
  let primary: RawComponent | null = null;
  const components: RawComponent[] = [];
  (doc.packages ?? []).forEach((p, i) => {
    const c = readPackage(p, joinPointer("/packages", i), locate);
    if (p.SPDXID === primaryRef && primary === null) primary = c;
    else components.push(c);
  });

  const creators = doc.creationInfo.creators;
  return {
    format: "spdx",
    encoding,
    specVersion: doc.spdxVersion,
    document: {
      name: doc.name,
      serialNumber: null,
      namespace: doc.documentNamespace,
      version: null,
      created: doc.creationInfo.created,
      tools: readTools(creators),
      authors: creators.flatMap((c) => (/^(Person|Organization):/.test(c) ? [stripActor(c)!] : [])),
    },
    primary,
    extraRoots: rootPackages.slice(1),
    components,
    edges,
    refMentions,
    otherRefs,
    locateField: ({ source }, field) =>
      locate(joinPointer(source.pointer, "externalRefs", (field === "purl" ? source.purlIndex : source.cpeIndex) ?? -1, "referenceLocator")),
    locateMention: ({ base, key }) => locate(joinPointer(base, key)),
  };
}

function readPackage(p: SpdxPackage, pointer: string, locate: Locate): RawComponent {
  const refs = p.externalRefs ?? [];
  const purlIndex = refs.findIndex((r) => r.referenceCategory.replace("_", "-") === "PACKAGE-MANAGER" && r.referenceType === "purl");
  const cpeIndex = refs.findIndex((r) => r.referenceCategory === "SECURITY" && /^cpe2[23]Type$/.test(r.referenceType));
  const hashes: SbomHash[] = (p.checksums ?? []).map((c) => ({
    alg: HASH_NAMES[c.algorithm] ?? c.algorithm,
    value: normaliseHashValue(c.checksumValue),
  }));
  const license = meaningful(p.licenseConcluded) ?? meaningful(p.licenseDeclared);
  const purpose = p.primaryPackagePurpose;
  return {
    ref: p.SPDXID,
    refGiven: true,
    name: p.name,
    group: null,
    version: meaningful(p.versionInfo),
    rawPurl: purlIndex === -1 ? null : refs[purlIndex].referenceLocator,
    cpe: cpeIndex === -1 ? null : refs[cpeIndex].referenceLocator,
    type: purpose ? purpose.toLowerCase().replace("_", "-") : null,
    supplier: stripActor(p.supplier),
    author: stripActor(p.originator),
    hashes,
    licenses: license === null ? [] : [license],
    licenseNames: [],
    description: meaningful(p.description) ?? meaningful(p.summary),
    scope: null,
    properties: [],
    parent: null,
    at: locate(pointer),
    source: { pointer, purlIndex, cpeIndex },
    declaredEndOfSupport: meaningful(p.validUntilDate) ? { value: p.validUntilDate!.trim(), source: "validUntilDate" } : null,
  };
}
