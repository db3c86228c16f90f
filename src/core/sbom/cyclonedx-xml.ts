import type { RawComponent, RawEdge, RawSbom, RefMention } from "./assemble";
import { normaliseHashValue } from "./cyclonedx-json";
import { checkCycloneDxXmlStructure } from "./cyclonedx-xml-checks";
import { SUPPORTED_CYCLONEDX_XML_VERSIONS, unsupportedCycloneDxMessage } from "./versions";
import type { IssueCollector } from "./issues";
import type { SbomHash, SbomProperty, SbomTool } from "./types";
import { attr, children, childText, elementText, firstChild, isXmlObject, XmlDocument, type XmlObject } from "./xml-tree";

const NAMESPACE = /^http:\/\/cyclonedx\.org\/schema\/bom\/(.+)$/;

/** Reads CycloneDX XML; the spec version comes from the default namespace of the root `bom` element. */
export function readCycloneDxXml(text: string, issues: IssueCollector): RawSbom | null {
  let doc = XmlDocument.parse(text, issues);
  if (!doc) return null;
  let rootName = rootElementName(doc);
  let ns: string | undefined;
  const prefix = rootName === undefined ? undefined : /^([^:]+):bom$/.exec(rootName)?.[1];
  if (prefix !== undefined) {
    ns = attr(doc.root[rootName!], `xmlns:${prefix}`);
    if (ns !== undefined && NAMESPACE.test(ns)) {
      // Element names lose their prefixes; foreign elements inside the BOM are not read anyway.
      doc = XmlDocument.parse(text, issues, true);
      if (!doc) return null;
      rootName = rootElementName(doc);
    }
  }
  const bom = rootName === undefined ? undefined : doc.root[rootName];
  if (rootName !== "bom" || !isXmlObject(bom)) {
    const spdx = rootName !== undefined && /(^|:)(Document|SpdxDocument|RDF)$/i.test(rootName);
    issues.error(
      spdx ? "unsupported-format" : "unknown-format",
      spdx
        ? "SPDX XML/RDF is not supported; provide SPDX JSON or tag-value"
        : `XML root element is <${rootName ?? "?"}>, expected a CycloneDX <bom> in the default namespace`,
      { pointer: `/${rootName ?? ""}`, line: doc.line(bom) ?? 1 },
    );
    return null;
  }
  const at = { pointer: "/bom", line: doc.line(bom) };
  ns ??= attr(bom, "xmlns");
  const version = ns === undefined ? undefined : NAMESPACE.exec(ns)?.[1];
  if (version === undefined) {
    issues.error(
      "unknown-format",
      `the <bom> element is not in a CycloneDX namespace (xmlns="${ns ?? ""}"); expected http://cyclonedx.org/schema/bom/<version>`,
      at,
    );
    return null;
  }
  if (!(SUPPORTED_CYCLONEDX_XML_VERSIONS as readonly string[]).includes(version)) {
    issues.error("unsupported-version", `namespace ${ns}: ${unsupportedCycloneDxMessage(version, SUPPORTED_CYCLONEDX_XML_VERSIONS)}`, at);
    return null;
  }
  checkCycloneDxXmlStructure(doc, bom, version, issues);
  if (issues.hasErrors) return null;

  const reader = new CdxXmlReader(doc, issues);
  const metadata = firstChild(bom, "metadata");
  const metaComponent = firstChild(metadata, "component");
  const primary = isXmlObject(metaComponent) ? reader.component(metaComponent, "/bom/metadata/component", null) : null;
  if (primary && isXmlObject(metaComponent)) reader.nested(metaComponent, "/bom/metadata/component", primary.ref);
  reader.componentList(firstChild(bom, "components"), "/bom/components", null);

  const otherRefs = new Set<string>();
  collectServiceRefs(firstChild(bom, "services"), otherRefs);
  const { edges, refMentions } = readDependencies(firstChild(bom, "dependencies"));
  const bomVersion = Number(attr(bom, "version"));
  return {
    format: "cyclonedx",
    encoding: "xml",
    specVersion: version,
    document: {
      name: primary?.name ?? null,
      serialNumber: attr(bom, "serialNumber") ?? null,
      namespace: null,
      version: Number.isInteger(bomVersion) ? bomVersion : null,
      created: childText(metadata, "timestamp"),
      tools: readTools(firstChild(metadata, "tools")),
      authors: children(firstChild(metadata, "authors"), "author").flatMap((a) => childText(a, "name") ?? []),
    },
    primary,
    extraRoots: [],
    components: reader.components,
    edges,
    refMentions,
    otherRefs,
    locateField: (component, field) => ({
      pointer: `${component.source.pointer}/${field}`,
      line: doc.childLine(component.source.node, field),
    }),
    // A dependency's own ref has key "@ref"; a nested one has its index among its siblings.
    locateMention: ({ base, key, node }) =>
      typeof key === "number"
        ? { pointer: `${base}/dependency[${key + 1}]/@ref`, line: doc.childLine(node, "dependency", key) }
        : { pointer: `${base}/@ref`, line: doc.line(node) },
  };
}

function rootElementName(doc: XmlDocument): string | undefined {
  return Object.keys(doc.root).find((k) => !k.startsWith("?") && !k.startsWith("#") && !k.startsWith("@_"));
}

class CdxXmlReader {
  readonly components: RawComponent[] = [];
  private synthetic = 0;

  constructor(
    private readonly doc: XmlDocument,
    private readonly issues: IssueCollector,
  ) {}

  componentList(list: unknown, path: string, parent: string | null): void {
    children(list, "component").forEach((item, i) => {
      const here = `${path}/component[${i + 1}]`;
      if (!isXmlObject(item)) return;
      const c = this.component(item, here, parent);
      if (!c) return;
      this.components.push(c);
      this.nested(item, here, c.ref);
    });
  }

  nested(item: XmlObject, path: string, ref: string): void {
    this.componentList(firstChild(item, "components"), `${path}/components`, ref);
  }

  component(node: XmlObject, path: string, parent: string | null): RawComponent | null {
    if (children(node, "name").length === 0) return null; // reported by the structure check
    const name = childText(node, "name") ?? "";
    if (name === "") this.issues.warn("invalid-value", "component name is empty", { pointer: `${path}/name`, line: this.doc.childLine(node, "name") });
    const givenRef = attr(node, "bom-ref");
    const refGiven = givenRef !== undefined && givenRef !== "";
    const ref = refGiven ? givenRef : `vigil:component/${++this.synthetic}`;
    const supplier = firstChild(node, "supplier");
    const authors = children(firstChild(node, "authors"), "author").flatMap((a) => childText(a, "name") ?? []);
    const licenses = firstChild(node, "licenses");
    const line = this.doc.line(node);
    return {
      ref,
      refGiven,
      name,
      group: childText(node, "group"),
      version: childText(node, "version"),
      rawPurl: childText(node, "purl"),
      cpe: childText(node, "cpe"),
      type: attr(node, "type") || null,
      supplier: childText(supplier, "name") ?? childText(node, "publisher"),
      author: childText(node, "author") ?? (authors.length > 0 ? authors.join(", ") : null),
      hashes: readHashes(firstChild(node, "hashes")),
      licenses: [
        ...children(licenses, "expression").flatMap((e) => elementText(e) ?? []),
        ...children(licenses, "license").flatMap((l) => childText(l, "id") ?? []),
      ],
      licenseNames: children(licenses, "license").flatMap((l) => (childText(l, "id") ? [] : (childText(l, "name") ?? []))),
      description: childText(node, "description"),
      scope: childText(node, "scope"),
      properties: readProperties(firstChild(node, "properties")),
      releaseNoteProperties: readProperties(firstChild(firstChild(node, "releaseNotes"), "properties")),
      parent,
      at: { pointer: path, line },
      source: { pointer: path, node },
    };
  }
}

function readHashes(node: unknown): SbomHash[] {
  return children(node, "hash").flatMap((h) => {
    const alg = attr(h, "alg");
    const value = elementText(h);
    return alg && value ? [{ alg, value: normaliseHashValue(value) }] : [];
  });
}

function readProperties(node: unknown): SbomProperty[] {
  return children(node, "property").flatMap((p) => {
    const name = attr(p, "name");
    return name ? [{ name, value: elementText(p) ?? "" }] : [];
  });
}

function readTools(node: unknown): SbomTool[] {
  const legacy = children(node, "tool");
  const modern = [...children(firstChild(node, "components"), "component"), ...children(firstChild(node, "services"), "service")];
  return [...legacy, ...modern].flatMap((t) => {
    const name = childText(t, "name");
    if (!name) return [];
    const vendor = childText(t, "vendor") ?? childText(firstChild(t, "supplier"), "name") ?? childText(t, "group");
    return [{ vendor, name, version: childText(t, "version") }];
  });
}

function collectServiceRefs(node: unknown, into: Set<string>): void {
  for (const s of children(node, "service")) {
    const ref = attr(s, "bom-ref");
    if (ref) into.add(ref);
    collectServiceRefs(firstChild(s, "services"), into);
  }
}

/** XML nests dependencies: <dependency ref="a"><dependency ref="b"/></dependency> means a depends on b. */
function readDependencies(node: unknown): { edges: RawEdge[]; refMentions: RefMention[] } {
  const edges: RawEdge[] = [];
  const refMentions: RefMention[] = [];
  children(node, "dependency").forEach((dep, i) => {
    const path = `/bom/dependencies/dependency[${i + 1}]`;
    const from = attr(dep, "ref");
    if (!from) return; // reported by the structure check
    refMentions.push({ ref: from, base: path, key: "@ref", node: dep });
    children(dep, "dependency").forEach((child, j) => {
      const to = attr(child, "ref");
      if (!to) return;
      refMentions.push({ ref: to, base: path, key: j, node: dep });
      edges.push({ from, to, kind: "depends-on" });
    });
  });
  return { edges, refMentions };
}
