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

/** One element during the walk; its path is only spelled out when something is reported. */
interface Visit {
  node: unknown;
  name: string;
  parent: Visit | null;
  index: number;
  siblings: number;
}

function pathOf(v: Visit): string {
  let path = "";
  for (let x: Visit | null = v; x !== null; x = x.parent) {
    path = `/${x.name}${x.siblings > 1 ? `[${x.index + 1}]` : ""}${path}`;
  }
  return path;
}

class StructureCheck {
  constructor(
    private readonly doc: XmlDocument,
    private readonly spec: Spec,
    private readonly minor: number,
    private readonly issues: IssueCollector,
  ) {}

  /** Reports at the element, or at its child element / attribute `sub` (e.g. "scope", "@encoding"). */
  private fail(v: Visit, message: string, sub?: string): void {
    let line = this.doc.line(v.node);
    if (line === undefined && v.parent) line = this.doc.childLine(v.parent.node, v.name, v.index);
    if (sub !== undefined && !sub.startsWith("@")) line = this.doc.childLine(v.node, sub.split("/")[0]) ?? line;
    this.issues.error("schema", message, { pointer: sub === undefined ? pathOf(v) : `${pathOf(v)}/${sub}`, line });
  }

  bom(bom: unknown): void {
    const root: Visit = { node: bom, name: "bom", parent: null, index: 0, siblings: 1 };
    const serial = attr(bom, "serialNumber");
    if (serial !== undefined && !SERIAL.test(serial)) this.fail(root, `serialNumber "${serial}" is not a urn:uuid RFC 4122 URN`, "@serialNumber");
    const version = attr(bom, "version");
    if (version !== undefined && !/^[1-9]\d*$/.test(version)) this.fail(root, `version "${version}" must be a positive integer`, "@version");
    this.walk(root);
  }

  /** Visits every element once and applies the rules of its element name. */
  private walk(v: Visit): void {
    this.element(v);
    if (!isXmlObject(v.node)) return;
    for (const name of childNames(v.node)) {
      const list = children(v.node, name);
      for (let i = 0; i < list.length; i++) {
        this.walk({ node: list[i], name, parent: v, index: i, siblings: list.length });
      }
    }
  }

  private element(v: Visit): void {
    const node = v.node;
    const bomRef = attr(node, "bom-ref");
    if (bomRef !== undefined && bomRef.trim() === "") this.fail(v, "bom-ref must not be empty");
    switch (v.name) {
      case "metadata":
        this.metadata(v);
        break;
      case "component":
        this.component(v);
        break;
      case "hash": {
        const alg = attr(node, "alg");
        const value = elementText(node);
        if (alg === undefined) this.fail(v, "hash has no alg attribute");
        else if (!this.spec.supportsHashAlgorithm(alg)) this.fail(v, `hash algorithm "${alg}" is not defined in CycloneDX ${this.spec.version}`);
        if (value === null || !this.spec.supportsHashValue(value)) this.fail(v, `hash value "${value ?? ""}" is not a hex digest of a supported length`);
        break;
      }
      case "licenses":
        this.licenseChoice(v);
        break;
      case "license":
        this.license(v);
        break;
      case "swid":
        if (!attr(node, "tagId")) this.fail(v, "swid requires a tagId attribute");
        if (!attr(node, "name")) this.fail(v, "swid requires a name attribute");
        break;
      case "patch":
        if (!PATCH_TYPES.has(attr(node, "type") ?? "")) {
          this.fail(v, `patch type "${attr(node, "type") ?? ""}" must be one of ${[...PATCH_TYPES].join(", ")}`);
        }
        break;
      case "issue":
        if (!ISSUE_TYPES.has(attr(node, "type") ?? "")) {
          this.fail(v, `issue type "${attr(node, "type") ?? ""}" must be one of ${[...ISSUE_TYPES].join(", ")}`);
        }
        break;
      case "classification": {
        const flow = attr(node, "flow");
        if (flow !== undefined && !DATA_FLOWS.has(flow)) this.fail(v, `data flow "${flow}" must be one of ${[...DATA_FLOWS].join(", ")}`);
        break;
      }
      case "property":
        if (!attr(node, "name")) this.fail(v, "property requires a name attribute");
        break;
      case "dependency":
        if (!attr(node, "ref")) this.fail(v, "dependency requires a non-empty ref attribute");
        break;
      case "tlp":
        if (!TLP.has(elementText(node) ?? "")) this.fail(v, `TLP classification must be one of ${[...TLP].join(", ")}`);
        break;
      case "citation":
        if (children(node, "attributedTo").length > 1) this.fail(v, "citation may have at most one attributedTo");
        if (children(node, "process").length > 1) this.fail(v, "citation may have at most one process");
        if (isXmlObject(node) && "pointers" in node && "expressions" in node) this.fail(v, "citation must not have both pointers and expressions");
        break;
    }
  }

  private metadata(v: Visit): void {
    const ts = children(v.node, "timestamp");
    const text = elementText(ts[0]);
    if (ts.length > 0 && (text === null || !DATE_TIME.test(text))) {
      this.fail(v, `timestamp "${text ?? ""}" is not an xs:dateTime (e.g. 2024-01-31T12:00:00Z)`, "timestamp");
    }
    if (this.minor >= 7) {
      for (const child of childNames(v.node)) {
        if (!child.includes(":") && !METADATA_CHILDREN.has(child)) {
          this.fail(v, `<${child}> is not a CycloneDX ${this.spec.version} metadata element`, child);
        }
      }
    }
  }

  private component(v: Visit): void {
    const node = v.node;
    const type = attr(node, "type");
    if (type === undefined) this.fail(v, "component requires a type attribute");
    else if (!this.spec.supportsComponentType(type)) this.fail(v, `component type "${type}" is not defined in CycloneDX ${this.spec.version}`);
    if (children(node, "name").length !== 1) this.fail(v, "component requires exactly one <name>");
    const scope = children(node, "scope");
    if (scope.length > 0 && !SCOPES.has(elementText(scope[0]) ?? "")) {
      this.fail(v, `scope "${elementText(scope[0]) ?? ""}" must be one of required, optional, excluded`, "scope");
    }
    if (this.minor >= 7) {
      const ranged = children(node, "versionRange").length > 0;
      if (ranged && children(node, "version").length > 0) this.fail(v, "component may have version or versionRange, not both");
      if (ranged && attr(node, "isExternal") !== "true") this.fail(v, 'versionRange is only allowed on components with isExternal="true"');
    }
  }

  private licenseChoice(v: Visit): void {
    const expressions = children(v.node, "expression").length;
    const licenses = children(v.node, "license").length;
    // 1.7 allows declared and concluded licences and expressions side by side.
    if (this.minor < 7 && expressions > 0 && (licenses > 0 || expressions > 1)) {
      this.fail(v, "licenses must contain either license elements or a single expression, not both");
    }
  }

  private license(v: Visit): void {
    const ids = children(v.node, "id");
    const names = children(v.node, "name");
    if (ids.length > 1) this.fail(v, "license must not have more than one <id>");
    if (names.length > 1) this.fail(v, "license must not have more than one <name>");
    if (ids.length > 0 && names.length > 0) this.fail(v, "license must have either <id> or <name>, not both");
    if (ids.length === 0 && names.length === 0) this.fail(v, "license requires an <id> or a <name>");
    const id = elementText(ids[0]);
    if (ids.length > 0 && (id === null || !isSupportedSpdxId(id))) {
      this.fail(v, `"${id ?? ""}" is not an SPDX license id; use <name> or an <expression> for other licences`, "id");
    }
    const encoding = attr(children(v.node, "text")[0], "encoding");
    if (encoding !== undefined && encoding !== "base64") this.fail(v, `license text encoding "${encoding}" must be base64`, "text/@encoding");
  }
}
