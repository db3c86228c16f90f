import { z } from "zod";
import { jsonPath, parseJsonInput, type VexIssue, type VexReadResult, type VexStatement, zodIssues } from "./vex-statement";
import { fromOpenVex } from "./vex-vocabulary";

/**
 * Reads OpenVEX documents (v0.2.0, and the earlier v0.0.1 shape where `vulnerability` and
 * `products` were plain strings) into internal statements: one per statement × product.
 */

const Identifiers = z.looseObject({ purl: z.string().optional(), cpe22: z.string().optional(), cpe23: z.string().optional() });
const Component = z.union([
  z.string().min(1),
  z.looseObject({
    "@id": z.string().optional(),
    identifiers: Identifiers.optional(),
    subcomponents: z
      .array(z.union([z.string(), z.looseObject({ "@id": z.string().optional(), identifiers: Identifiers.optional() })]))
      .optional(),
  }),
]);

const Statement = z.looseObject({
  vulnerability: z.union([
    z.string().min(1),
    z.looseObject({ "@id": z.string().optional(), name: z.string().min(1), aliases: z.array(z.string()).optional() }),
  ]),
  products: z.array(Component).optional(),
  status: z.string(),
  justification: z.string().optional(),
  impact_statement: z.string().optional(),
  action_statement: z.string().optional(),
  status_notes: z.string().optional(),
  timestamp: z.string().optional(),
  last_updated: z.string().optional(),
});

const Document = z.looseObject({
  "@context": z.string().startsWith("https://openvex.dev/ns", { message: "@context is not an OpenVEX context" }),
  "@id": z.string().optional(),
  timestamp: z.string().optional(),
  statements: z.array(z.unknown()),
});

function productOf(c: z.infer<typeof Component>): VexStatement["product"] | null {
  if (typeof c === "string") return { ref: c, ...(c.startsWith("pkg:") ? { purl: c } : {}) };
  const purl = c.identifiers?.purl ?? (c["@id"]?.startsWith("pkg:") ? c["@id"] : undefined);
  const cpe = c.identifiers?.cpe23 ?? c.identifiers?.cpe22;
  const ref = c["@id"] ?? purl ?? cpe;
  if (!ref) return null;
  const subs = (c.subcomponents ?? [])
    .map((s) => (typeof s === "string" ? s : (s["@id"] ?? s.identifiers?.purl ?? s.identifiers?.cpe23)))
    .filter((s): s is string => typeof s === "string");
  return {
    ref,
    ...(purl ? { purl } : {}),
    ...(cpe ? { cpe } : {}),
    ...(subs.length > 0 ? { subcomponents: subs } : {}),
  };
}

export function readOpenVex(input: unknown): VexReadResult {
  const json = parseJsonInput(input);
  if (!json.ok) return json;
  const doc = Document.safeParse(json.value);
  if (!doc.success) return { ok: false, errors: zodIssues(doc.error) };

  const statements: VexStatement[] = [];
  const warnings: VexIssue[] = [];
  const errors: VexIssue[] = [];
  doc.data.statements.forEach((raw, i) => {
    const base = ["statements", i];
    const parsed = Statement.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ path: jsonPath([...base, ...issue.path]), message: issue.message });
      return;
    }
    const s = parsed.data;
    const mapped = fromOpenVex(s.status, s.justification);
    if (!mapped.ok) {
      const field = mapped.error.includes("justification") ? "justification" : "status";
      errors.push({ path: jsonPath([...base, field]), message: mapped.error });
      return;
    }
    if (s.status === "not_affected" && !s.justification && !s.impact_statement) {
      warnings.push({ path: jsonPath(base), message: "not_affected without justification or impact_statement" });
    }
    if (s.status === "affected" && !s.action_statement) {
      warnings.push({ path: jsonPath(base), message: "affected without action_statement" });
    }
    const vuln =
      typeof s.vulnerability === "string"
        ? { id: s.vulnerability }
        : {
            id: s.vulnerability.name,
            ...(s.vulnerability.aliases?.length ? { aliases: s.vulnerability.aliases } : {}),
          };
    const products = s.products ?? [];
    if (products.length === 0) {
      warnings.push({ path: jsonPath([...base, "products"]), message: "statement names no product, skipped" });
    }
    products.forEach((p, j) => {
      const product = productOf(p);
      if (!product) {
        errors.push({ path: jsonPath([...base, "products", j]), message: "product has neither @id nor identifiers" });
        return;
      }
      statements.push({
        ...mapped.assessment,
        vulnerability: vuln,
        product,
        ...(s.impact_statement ? { impactStatement: s.impact_statement } : {}),
        ...(s.action_statement ? { actionStatement: s.action_statement } : {}),
        ...(s.status_notes ? { statusNotes: s.status_notes } : {}),
        ...((s.last_updated ?? s.timestamp ?? doc.data.timestamp)
          ? { timestamp: s.last_updated ?? s.timestamp ?? doc.data.timestamp }
          : {}),
        source: { format: "openvex", status: s.status, ...(s.justification ? { justification: s.justification } : {}) },
      });
    });
  });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, statements, warnings };
}
