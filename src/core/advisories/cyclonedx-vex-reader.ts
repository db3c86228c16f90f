import { z } from "zod";
import { jsonPath, parseJsonInput, type VexIssue, type VexReadResult, type VexStatement, zodIssues } from "./vex-statement";
import { fromCycloneDx, type VexAssessment } from "./vex-vocabulary";

/**
 * Reads the VEX content of a CycloneDX BOM (JSON, spec 1.4+): one internal statement per
 * vulnerability × affected reference × listed version or range.
 *
 * The statement status comes from `analysis.state`. A version marked `unaffected` under an
 * exploitable or in-triage analysis is not_affected for that version (reported as a warning).
 * A version marked `affected` under a not_affected analysis stays not_affected: the version
 * status says the component version carries the flaw, the analysis says it cannot be exploited
 * in this product (Trivy reads it the same way).
 */

const VersionEntry = z.looseObject({
  version: z.string().optional(),
  range: z.string().optional(),
  status: z.enum(["affected", "unaffected", "unknown"]).optional(),
});

const Vulnerability = z.looseObject({
  id: z.string().min(1, "vulnerability id is empty"),
  references: z.array(z.looseObject({ id: z.string() })).optional(),
  analysis: z
    .looseObject({
      state: z.string().optional(),
      justification: z.string().optional(),
      response: z.array(z.string()).optional(),
      detail: z.string().optional(),
      lastUpdated: z.string().optional(),
      firstIssued: z.string().optional(),
    })
    .optional(),
  recommendation: z.string().optional(),
  workaround: z.string().optional(),
  affects: z.array(z.looseObject({ ref: z.string().min(1), versions: z.array(VersionEntry).optional() })).optional(),
});

const Bom = z.looseObject({
  bomFormat: z.literal("CycloneDX", { message: 'bomFormat must be "CycloneDX"' }),
  specVersion: z.string(),
  metadata: z.looseObject({ timestamp: z.string().optional(), component: z.unknown().optional() }).optional(),
  components: z.array(z.unknown()).optional(),
  vulnerabilities: z.array(z.unknown()).optional(),
});

interface ComponentInfo {
  name?: string;
  version?: string;
  purl?: string;
  cpe?: string;
}

function collectComponents(node: unknown, into: Map<string, ComponentInfo>): void {
  if (typeof node !== "object" || node === null) return;
  const c = node as Record<string, unknown>;
  const str = (k: string) => (typeof c[k] === "string" ? (c[k] as string) : undefined);
  const ref = str("bom-ref");
  if (ref) into.set(ref, { name: str("name"), version: str("version"), purl: str("purl"), cpe: str("cpe") });
  if (Array.isArray(c.components)) for (const child of c.components) collectComponents(child, into);
}

/** `urn:cdx:<serial>/<version>#<bom-ref>` points into another BOM; its fragment is the bom-ref there (taken literally: producers such as Trivy do not percent-encode it). */
function localRef(ref: string): string {
  const hash = ref.indexOf("#");
  return ref.startsWith("urn:cdx:") && hash >= 0 ? ref.slice(hash + 1) : ref;
}

function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function readCycloneDxVex(input: unknown): VexReadResult {
  const json = parseJsonInput(input);
  if (!json.ok) return json;
  const bom = Bom.safeParse(json.value);
  if (!bom.success) return { ok: false, errors: zodIssues(bom.error) };

  const components = new Map<string, ComponentInfo>();
  collectComponents(bom.data.metadata?.component, components);
  for (const c of bom.data.components ?? []) collectComponents(c, components);

  const statements: VexStatement[] = [];
  const warnings: VexIssue[] = [];
  const errors: VexIssue[] = [];

  (bom.data.vulnerabilities ?? []).forEach((raw, i) => {
    const base = ["vulnerabilities", i];
    const parsed = Vulnerability.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        errors.push({ path: jsonPath([...base, ...issue.path]), message: issue.message });
      }
      return;
    }
    const v = parsed.data;
    const state = v.analysis?.state;
    if (state === undefined) {
      warnings.push({ path: jsonPath(base), message: `${v.id} has no analysis.state: not a VEX statement, skipped` });
      return;
    }
    const mapped = fromCycloneDx(state, v.analysis?.justification);
    if (!mapped.ok) {
      const field = mapped.error.includes("justification") ? "justification" : "state";
      errors.push({ path: jsonPath([...base, "analysis", field]), message: mapped.error });
      return;
    }
    const aliases = (v.references ?? []).map((r) => r.id).filter((id) => id !== v.id);
    const common = compact({
      vulnerability: compact({ id: v.id, aliases: aliases.length > 0 ? aliases : undefined }),
      impactStatement: mapped.assessment.status === "not_affected" ? v.analysis?.detail : undefined,
      actionStatement:
        mapped.assessment.status === "affected"
          ? (v.recommendation ?? v.workaround ?? v.analysis?.detail)
          : undefined,
      statusNotes: mapped.assessment.status === "not_affected" ? undefined : v.analysis?.detail,
      timestamp: v.analysis?.lastUpdated ?? v.analysis?.firstIssued ?? bom.data.metadata?.timestamp,
      source: compact({ format: "cyclonedx" as const, status: state, justification: v.analysis?.justification }),
      lossy: mapped.lossy,
    });

    const affects = v.affects ?? [];
    if (affects.length === 0) {
      warnings.push({
        path: jsonPath(base),
        message: `${v.id} has no affects: the statement applies to every product of the document's author`,
      });
      statements.push({ ...mapped.assessment, ...common, product: { ref: "*" } });
      return;
    }
    affects.forEach((affect, j) => {
      const local = localRef(affect.ref);
      const info = components.get(local) ?? (local.startsWith("pkg:") ? { purl: local } : {});
      const product = compact({ ref: affect.ref, ...info });
      const versions = affect.versions ?? [];
      if (versions.length === 0) {
        statements.push({ ...mapped.assessment, ...common, product });
        return;
      }
      versions.forEach((entry, k) => {
        const assessment = versionAssessment(mapped.assessment, entry.status);
        if (assessment !== mapped.assessment) {
          warnings.push({
            path: jsonPath([...base, "affects", j, "versions", k, "status"]),
            message: `version status "${entry.status}" contradicts analysis.state "${state}"; the version status is used`,
          });
        }
        statements.push({
          ...assessment,
          ...common,
          product: compact({ ...product, version: entry.version ?? (entry.range ? undefined : product.version),
            versionRange: entry.range }),
        });
      });
    });
  });

  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, statements, warnings };
}

function versionAssessment(fromState: VexAssessment, versionStatus: string | undefined): VexAssessment {
  if (versionStatus === "unaffected" && (fromState.status === "affected" || fromState.status === "under_investigation")) {
    return { status: "not_affected" };
  }
  return fromState;
}
