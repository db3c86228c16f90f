import { isSupportedSpdxId } from "@cyclonedx/cyclonedx-library/SPDX";
import { SpecVersionDict } from "@cyclonedx/cyclonedx-library/Spec";
import type { IssueCollector } from "./issues";
import { attr, childNames, children, elementText, isXmlObject, type XmlDocument } from "./xml-tree";

/*
 * Structural validation of CycloneDX XML without an XSD engine (none is available without native
 * code). It enforces the constraints of the official XSDs that matter for reading a BOM and that
 * the CycloneDX conformance suite exercises: enumerations (component type, scope, hash algorithm,
 * patch/issue type, data flow, TLP), required attributes and elements, hash value format, licence
 * choice and SPDX ids, timestamps, serial number, bom-ref and dependency refs, property names and
 * a few 1.7 rules. Enumerations come from @cyclonedx/cyclonedx-library's Spec for the version.
 */

const SCOPES = new Set(["required", "optional", "excluded"]);
const PATCH_TYPES = new Set(["unofficial", "monkey", "backport", "cherry-pick"]);
const ISSUE_TYPES = new Set(["defect", "enhancement", "security"]);
const DATA_FLOWS = new Set(["inbound", "outbound", "bi-directional", "unknown"]);
const TLP = new Set(["CLEAR", "GREEN", "AMBER", "AMBER_AND_STRICT", "RED"]);
const SERIAL = /^urn:uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const METADATA_CHILDREN = new Set([
  "timestamp", "lifecycles", "tools", "authors", "component", "manufacture", "manufacturer", "supplier",
  "licenses", "properties", "distributionConstraints",
]);

type Spec = NonNullable<(typeof SpecVersionDict)[keyof typeof SpecVersionDict]>;

export function checkCycloneDxXmlStructure(doc: XmlDocument, bom: unknown, version: string, issues: IssueCollector): void {
  // The library has no 1.1 definition; 1.2 is a superset of its enumerations.
  const spec = (SpecVersionDict as Record<string, Spec | undefined>)[version] ?? SpecVersionDict["1.2"]!;
  new StructureCheck(doc, spec, Number(version.split(".")[1]), issues).bom(bom);
}

class StructureCheck {
  constructor(
    private readonly doc: XmlDocument,
    private readonly spec: Spec,
    private readonly minor: number,
    private readonly issues: IssueCollector,
  ) {}

  private fail(message: string, path: string, node: unknown, parent?: unknown, name?: string, index?: number): void {
    const line = this.doc.line(node) ?? (parent !== undefined && name !== undefined ? this.doc.childLine(parent, name, index) : undefined);
    this.issues.error("schema", message, { pointer: path, line });
  }

  bom(bom: unknown): void {
    const serial = attr(bom, "serialNumber");
    if (serial !== undefined && !SERIAL.test(serial)) {
      this.fail(`serialNumber "${serial}" is not a urn:uuid RFC 4122 URN`, "/bom/@serialNumber", bom);
    }
    const version = attr(bom, "version");
    if (version !== undefined && !/^[1-9]\d*$/.test(version)) {
      this.fail(`version "${version}" must be a positive integer`, "/bom/@version", bom);
    }
    this.walk(bom, "bom", "/bom");
  }

  /** Visits every element once and applies the rules of its element name. */
  private walk(node: unknown, name: string, path: string, parent?: unknown, index = 0): void {
    this.element(node, name, path, parent, index);
    if (!isXmlObject(node)) return;
    for (const child of childNames(node)) {
      const list = children(node, child);
      list.forEach((c, i) => {
        this.walk(c, child, list.length > 1 ? `${path}/${child}[${i + 1}]` : `${path}/${child}`, node, i);
      });
    }
  }

  private element(node: unknown, name: string, path: string, parent: unknown, index: number): void {
    const here = (message: string) => this.fail(message, path, node, parent, name, index);
    const bomRef = attr(node, "bom-ref");
    if (bomRef !== undefined && bomRef.trim() === "") here("bom-ref must not be empty");
    switch (name) {
      case "metadata":
        this.metadata(node, path);
        break;
      case "component":
        this.component(node, path, here);
        break;
      case "hash": {
        const alg = attr(node, "alg");
        const value = elementText(node);
        if (alg === undefined) here("hash has no alg attribute");
        else if (!this.spec.supportsHashAlgorithm(alg)) here(`hash algorithm "${alg}" is not defined in CycloneDX ${this.spec.version}`);
        if (value === null || !this.spec.supportsHashValue(value)) here(`hash value "${value ?? ""}" is not a hex digest of a supported length`);
        break;
      }
      case "licenses":
        this.licenseChoice(node, here);
        break;
      case "license":
        this.license(node, path, here);
        break;
      case "swid":
        if (!attr(node, "tagId")) here("swid requires a tagId attribute");
        if (!attr(node, "name")) here("swid requires a name attribute");
        break;
      case "patch":
        if (!PATCH_TYPES.has(attr(node, "type") ?? "")) here(`patch type "${attr(node, "type") ?? ""}" must be one of ${[...PATCH_TYPES].join(", ")}`);
        break;
      case "issue":
        if (!ISSUE_TYPES.has(attr(node, "type") ?? "")) here(`issue type "${attr(node, "type") ?? ""}" must be one of ${[...ISSUE_TYPES].join(", ")}`);
        break;
      case "classification": {
        const flow = attr(node, "flow");
        if (flow !== undefined && !DATA_FLOWS.has(flow)) here(`data flow "${flow}" must be one of ${[...DATA_FLOWS].join(", ")}`);
        break;
      }
      case "property":
        if (!attr(node, "name")) here("property requires a name attribute");
        break;
      case "dependency":
        if (!attr(node, "ref")) here("dependency requires a non-empty ref attribute");
        break;
      case "tlp":
        if (!TLP.has(elementText(node) ?? "")) here(`TLP classification must be one of ${[...TLP].join(", ")}`);
        break;
      case "citation":
        if (children(node, "attributedTo").length > 1) here("citation may have at most one attributedTo");
        if (children(node, "process").length > 1) here("citation may have at most one process");
        if (isXmlObject(node) && "pointers" in node && "expressions" in node) here("citation must not have both pointers and expressions");
        break;
    }
  }

  private metadata(node: unknown, path: string): void {
    const ts = children(node, "timestamp")[0];
    const text = elementText(ts);
    if (ts !== undefined && (text === null || !DATE_TIME.test(text))) {
      this.fail(`timestamp "${text ?? ""}" is not an xs:dateTime (e.g. 2024-01-31T12:00:00Z)`, `${path}/timestamp`, ts, node, "timestamp");
    }
    if (this.minor >= 7) {
      for (const child of childNames(node)) {
        if (!child.includes(":") && !METADATA_CHILDREN.has(child)) {
          this.fail(`<${child}> is not a CycloneDX ${this.spec.version} metadata element`, `${path}/${child}`, undefined, node, child);
        }
      }
    }
  }

  private component(node: unknown, path: string, here: (m: string) => void): void {
    const type = attr(node, "type");
    if (type === undefined) here("component requires a type attribute");
    else if (!this.spec.supportsComponentType(type)) here(`component type "${type}" is not defined in CycloneDX ${this.spec.version}`);
    if (children(node, "name").length !== 1) here("component requires exactly one <name>");
    const scope = children(node, "scope")[0];
    if (scope !== undefined && !SCOPES.has(elementText(scope) ?? "")) {
      this.fail(`scope "${elementText(scope) ?? ""}" must be one of required, optional, excluded`, `${path}/scope`, scope, node, "scope");
    }
    if (this.minor >= 7 && children(node, "version").length > 0 && children(node, "versionRange").length > 0) {
      here("component may have version or versionRange, not both");
    }
    if (this.minor >= 7 && children(node, "versionRange").length > 0 && attr(node, "isExternal") !== "true") {
      here('versionRange is only allowed on components with isExternal="true"');
    }
  }

  private licenseChoice(node: unknown, here: (m: string) => void): void {
    const expressions = children(node, "expression").length;
    const licenses = children(node, "license").length;
    // 1.7 allows declared and concluded licences and expressions side by side.
    if (this.minor < 7 && expressions > 0 && (licenses > 0 || expressions > 1)) {
      here("licenses must contain either license elements or a single expression, not both");
    }
  }

  private license(node: unknown, path: string, here: (m: string) => void): void {
    const ids = children(node, "id");
    const names = children(node, "name");
    if (ids.length > 1) here("license must not have more than one <id>");
    if (names.length > 1) here("license must not have more than one <name>");
    if (ids.length > 0 && names.length > 0) here("license must have either <id> or <name>, not both");
    if (ids.length === 0 && names.length === 0) here("license requires an <id> or a <name>");
    const id = elementText(ids[0]);
    if (ids.length > 0 && (id === null || !isSupportedSpdxId(id))) {
      this.fail(`"${id ?? ""}" is not an SPDX license id; use <name> or an <expression> for other licences`, `${path}/id`, ids[0], node, "id");
    }
    const text = children(node, "text")[0];
    const encoding = attr(text, "encoding");
    if (encoding !== undefined && encoding !== "base64") {
      this.fail(`license text encoding "${encoding}" must be base64`, `${path}/text/@encoding`, text, node, "text");
    }
  }
}
