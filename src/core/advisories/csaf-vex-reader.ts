import { z } from "zod";
import { jsonPath, parseJsonInput, type VexIssue, type VexReadResult, type VexStatement, zodIssues } from "./vex-statement";
import { CSAF_PRODUCT_STATUSES, fromCsaf } from "./vex-vocabulary";

/**
 * Reads the VEX content of a CSAF 2.0 document (any profile with product_status): one internal
 * statement per vulnerability × product in a VEX-relevant product_status group. Flags and threats
 * of category "impact" may name products directly or through product groups; remediations give
 * the action statement. `recommended` carries no VEX status and is skipped.
 */

const ProductRefs = z.object({
  product_ids: z.array(z.string()).optional(),
  group_ids: z.array(z.string()).optional(),
});

const Vulnerability = z.looseObject({
  cve: z.string().optional(),
  ids: z.array(z.looseObject({ system_name: z.string(), text: z.string() })).optional(),
  product_status: z.record(z.string(), z.array(z.string())).optional(),
  flags: z.array(ProductRefs.extend({ label: z.string() }).loose()).optional(),
  threats: z.array(ProductRefs.extend({ category: z.string(), details: z.string() }).loose()).optional(),
  remediations: z.array(ProductRefs.extend({ category: z.string(), details: z.string() }).loose()).optional(),
  release_date: z.string().optional(),
});

const Document = z.looseObject({
  document: z.looseObject({
    csaf_version: z.literal("2.0", { message: 'csaf_version must be "2.0"' }),
    tracking: z.looseObject({ current_release_date: z.string().optional() }).optional(),
  }),
  product_tree: z.unknown().optional(),
  vulnerabilities: z.array(z.unknown()).optional(),
});

interface ProductInfo {
  name?: string;
  productName?: string;
  version?: string;
  purl?: string;
  cpe?: string;
}

/**
 * Every product of the tree with its identification: purl and CPE from the helper; name and version from the
 * `product_name` / `product_version` branches above it. A relationship's product ("X as a component of Y") is
 * identified as X, the component a device SBOM lists.
 */
function collectProducts(tree: unknown): { products: Map<string, ProductInfo>; groups: Map<string, string[]> } {
  const products = new Map<string, ProductInfo>();
  const groups = new Map<string, string[]>();
  const addProduct = (p: unknown, fromBranches: ProductInfo = {}) => {
    if (typeof p !== "object" || p === null) return;
    const full = p as { product_id?: unknown; name?: unknown; product_identification_helper?: Record<string, unknown> };
    if (typeof full.product_id !== "string") return;
    const helper = full.product_identification_helper ?? {};
    products.set(full.product_id, {
      ...(typeof full.name === "string" ? { name: full.name } : {}),
      ...(fromBranches.productName ? { productName: fromBranches.productName } : {}),
      ...(fromBranches.version ? { version: fromBranches.version } : {}),
      ...(typeof helper.purl === "string" ? { purl: helper.purl } : {}),
      ...(typeof helper.cpe === "string" ? { cpe: helper.cpe } : {}),
    });
  };
  const walk = (branches: unknown, above: ProductInfo) => {
    if (!Array.isArray(branches)) return;
    for (const b of branches) {
      if (typeof b !== "object" || b === null) continue;
      const branch = b as { category?: unknown; name?: unknown; product?: unknown; branches?: unknown };
      const here = { ...above };
      if (typeof branch.name === "string" && branch.category === "product_name") here.productName = branch.name;
      if (typeof branch.name === "string" && branch.category === "product_version") here.version = branch.name;
      addProduct(branch.product, here);
      walk(branch.branches, here);
    }
  };
  if (typeof tree === "object" && tree !== null) {
    const t = tree as Record<string, unknown>;
    walk(t.branches, {});
    if (Array.isArray(t.full_product_names)) for (const p of t.full_product_names) addProduct(p);
    if (Array.isArray(t.relationships)) {
      for (const r of t.relationships as Array<{ product_reference?: unknown; full_product_name?: { product_id?: unknown; name?: unknown } }>) {
        addProduct(r?.full_product_name);
        const id = r?.full_product_name?.product_id;
        const component = typeof r?.product_reference === "string" ? products.get(r.product_reference) : undefined;
        const own = typeof id === "string" ? products.get(id) : undefined;
        if (typeof id === "string" && own && component) products.set(id, { ...component, name: own.name ?? component.name });
      }
    }
    if (Array.isArray(t.product_groups)) {
      for (const g of t.product_groups as Array<{ group_id?: unknown; product_ids?: unknown }>) {
        if (typeof g?.group_id === "string" && Array.isArray(g.product_ids)) {
          groups.set(g.group_id, g.product_ids.filter((id): id is string => typeof id === "string"));
        }
      }
    }
  }
  return { products, groups };
}

export function readCsafVex(input: unknown): VexReadResult {
  const json = parseJsonInput(input);
  if (!json.ok) return json;
  const doc = Document.safeParse(json.value);
  if (!doc.success) return { ok: false, errors: zodIssues(doc.error) };
  const { products, groups } = collectProducts(doc.data.product_tree);
  const expand = (refs: z.infer<typeof ProductRefs>) => [
    ...(refs.product_ids ?? []),
    ...(refs.group_ids ?? []).flatMap((g) => groups.get(g) ?? []),
  ];

  const statements: VexStatement[] = [];
  const warnings: VexIssue[] = [];
  const errors: VexIssue[] = [];
  (doc.data.vulnerabilities ?? []).forEach((raw, i) => {
    const base = ["vulnerabilities", i];
    const parsed = Vulnerability.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ path: jsonPath([...base, ...issue.path]), message: issue.message });
      return;
    }
    const v = parsed.data;
    const id = v.cve ?? v.ids?.[0]?.text;
    if (!id) {
      warnings.push({ path: jsonPath(base), message: "vulnerability has neither cve nor ids, skipped" });
      return;
    }
    const aliases = (v.ids ?? []).map((x) => x.text).filter((t) => t !== id);
    const flagOf = new Map<string, string>();
    for (const f of v.flags ?? []) for (const p of expand(f)) flagOf.set(p, f.label);
    const impactOf = new Map<string, string>();
    for (const t of v.threats ?? []) {
      if (t.category === "impact") for (const p of expand(t)) if (!impactOf.has(p)) impactOf.set(p, t.details);
    }
    const actionOf = new Map<string, string[]>();
    for (const r of v.remediations ?? []) for (const p of expand(r)) actionOf.set(p, [...(actionOf.get(p) ?? []), r.details]);

    for (const [group, ids] of Object.entries(v.product_status ?? {})) {
      if (!(CSAF_PRODUCT_STATUSES as readonly string[]).includes(group)) continue;
      ids.forEach((productId, k) => {
        const flag = group === "known_not_affected" ? flagOf.get(productId) : undefined;
        const mapped = fromCsaf(group, flag);
        if (!mapped.ok) {
          errors.push({ path: jsonPath([...base, "product_status", group, k]), message: mapped.error });
          return;
        }
        const info = products.get(productId);
        if (!info) {
          warnings.push({
            path: jsonPath([...base, "product_status", group, k]),
            message: `product ${productId} is not defined in the product tree`,
          });
        }
        const status = mapped.assessment.status;
        const impact = status === "not_affected" ? impactOf.get(productId) : undefined;
        const action = status === "affected" ? actionOf.get(productId)?.join(" ") : undefined;
        statements.push({
          ...mapped.assessment,
          vulnerability: { id, ...(aliases.length > 0 ? { aliases } : {}) },
          product: { ref: productId, ...(info ?? {}) },
          ...(impact ? { impactStatement: impact } : {}),
          ...(action ? { actionStatement: action } : {}),
          ...(doc.data.document.tracking?.current_release_date
            ? { timestamp: doc.data.document.tracking.current_release_date }
            : {}),
          source: { format: "csaf", status: group, ...(flag ? { justification: flag } : {}) },
          ...(mapped.lossy ? { lossy: mapped.lossy } : {}),
        });
      });
    }
  });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, statements, warnings };
}
