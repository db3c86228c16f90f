import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode } from "yaml";
import { z } from "zod";
import { RELATIONSHIPS, STRENGTHS } from "../catalog";
import type { Relationship, Strength } from "../catalog";

const LOCAL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const nonEmpty = z.string().trim().min(1);

export const customFrameworkSchema = z.strictObject({
  framework: z.strictObject({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, "must be lower-case letters, digits and hyphens, e.g. custom-kritis"),
    name: nonEmpty,
    version: z.union([nonEmpty, z.number()]).optional(),
    description: nonEmpty.optional(),
    source: nonEmpty.optional(),
  }),
  requirements: z
    .array(
      z.strictObject({
        id: z.string().regex(LOCAL_ID, "must be letters, digits, '.', '_' or '-', e.g. R-1.2"),
        title: nonEmpty,
        description: nonEmpty.optional(),
        parent: z.string().regex(LOCAL_ID).optional(),
        mappings: z
          .array(
            z
              .strictObject({
                control: z.string().optional(),
                requirement: z.string().optional(),
                relationship: z.enum(RELATIONSHIPS),
                strength: z.enum(STRENGTHS).optional(),
                note: nonEmpty.optional(),
              })
              .refine((m) => (m.control === undefined) !== (m.requirement === undefined), "give exactly one of control or requirement"),
          )
          .optional(),
      }),
    )
    .min(1, "must list at least one requirement"),
});

export interface ImportProblem {
  line: number | null;
  column: number | null;
  path: string;
  reason: string;
}

export interface ImportedRequirement {
  /** `<framework id>:<local id>` */
  id: string;
  localId: string;
  title: string;
  description?: string;
  parent?: string;
  position: number;
  /** Mappings where this requirement is the target: "control/requirement <relationship> this". */
  mappings: { control?: string; requirement?: string; relationship: Relationship; strength?: Strength; note?: string }[];
}

export interface ImportedFramework {
  id: string;
  name: string;
  version?: string;
  description?: string;
  source?: string;
  requirements: ImportedRequirement[];
}

export interface ImportContext {
  /** Frameworks that already exist (catalog and imported) — an import may not reuse their ids, except `replacing`. */
  takenFrameworkIds: ReadonlySet<string>;
  replacing?: string;
  controlExists(id: string): boolean;
  requirementExists(id: string): boolean;
}

/**
 * Parses and checks a custom framework file (YAML or JSON). Every problem names its line and column (1-based) and
 * the path inside the document; nothing is returned to store unless the whole file is sound.
 */
export function parseCustomFramework(text: string, ctx: ImportContext): { framework?: ImportedFramework; problems: ImportProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined) => {
    if (offset === undefined) return { line: null, column: null };
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map((e) => ({
        ...at(e.pos[0]),
        path: "",
        reason: `invalid YAML/JSON: ${e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}`,
      })),
    };
  }
  const nodeAt = (path: (string | number)[]): YamlNode | null => {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      if (node && typeof node === "object" && "range" in (node as object)) return node as YamlNode;
    }
    return null;
  };
  const problem = (path: (string | number)[], reason: string): ImportProblem => {
    // For an unknown or missing key, point at the map; for a value, at the value.
    const node = nodeAt(path);
    return { ...at(node?.range?.[0]), path: path.join("."), reason };
  };
  const data = doc.toJS();
  if (!isMap(doc.contents) && !isSeq(doc.contents)) {
    return { problems: [{ line: 1, column: 1, path: "", reason: "the file must be a mapping with `framework` and `requirements`" }] };
  }
  const parsed = customFrameworkSchema.safeParse(data);
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((i) => {
        const path = i.path.filter((p): p is string | number => typeof p !== "symbol");
        if (i.code === "unrecognized_keys") return problem(path, `unknown key(s): ${i.keys.join(", ")}`);
        return problem(path, i.message);
      }),
    };
  }
  const f = parsed.data;
  const problems: ImportProblem[] = [];
  if (ctx.takenFrameworkIds.has(f.framework.id) && f.framework.id !== ctx.replacing) {
    problems.push(problem(["framework", "id"], `a framework with id ${f.framework.id} already exists`));
  }
  const local = new Map<string, number>();
  f.requirements.forEach((r, i) => {
    if (local.has(r.id)) problems.push(problem(["requirements", i, "id"], `duplicate requirement id ${r.id} (first at requirements.${local.get(r.id)})`));
    else local.set(r.id, i);
  });
  const fullId = (localId: string) => `${f.framework.id}:${localId}`;
  f.requirements.forEach((r, i) => {
    if (r.parent !== undefined && !local.has(r.parent)) problems.push(problem(["requirements", i, "parent"], `parent ${r.parent} is not a requirement of this file`));
    if (r.parent === r.id) problems.push(problem(["requirements", i, "parent"], "a requirement cannot be its own parent"));
    (r.mappings ?? []).forEach((m, j) => {
      if (m.control !== undefined && !ctx.controlExists(m.control)) {
        problems.push(problem(["requirements", i, "mappings", j, "control"], `no control ${m.control} in this workspace`));
      }
      if (m.requirement !== undefined) {
        const own = m.requirement.startsWith(`${f.framework.id}:`);
        const known = own ? local.has(m.requirement.slice(f.framework.id.length + 1)) : ctx.requirementExists(m.requirement);
        if (!known) problems.push(problem(["requirements", i, "mappings", j, "requirement"], `no requirement ${m.requirement} in the catalog or this file`));
        if (m.requirement === fullId(r.id)) problems.push(problem(["requirements", i, "mappings", j, "requirement"], "a requirement cannot map to itself"));
      }
    });
  });
  // Parent cycles.
  f.requirements.forEach((r, i) => {
    const seen = new Set<string>([r.id]);
    let p = r.parent;
    while (p !== undefined) {
      if (seen.has(p)) {
        problems.push(problem(["requirements", i, "parent"], `parent chain of ${r.id} forms a cycle`));
        break;
      }
      seen.add(p);
      p = f.requirements[local.get(p) ?? -1]?.parent;
    }
  });
  if (problems.length > 0) return { problems };
  return {
    problems,
    framework: {
      id: f.framework.id,
      name: f.framework.name,
      ...(f.framework.version !== undefined ? { version: String(f.framework.version) } : {}),
      ...(f.framework.description ? { description: f.framework.description } : {}),
      ...(f.framework.source ? { source: f.framework.source } : {}),
      requirements: f.requirements.map((r, position) => ({
        id: fullId(r.id),
        localId: r.id,
        title: r.title,
        ...(r.description ? { description: r.description } : {}),
        ...(r.parent ? { parent: fullId(r.parent) } : {}),
        position,
        mappings: (r.mappings ?? []).map((m) => ({
          ...(m.control ? { control: m.control } : {}),
          ...(m.requirement ? { requirement: m.requirement } : {}),
          relationship: m.relationship,
          ...(m.strength ? { strength: m.strength } : {}),
          ...(m.note ? { note: m.note } : {}),
        })),
      })),
    },
  };
}

export function formatImportProblem(p: ImportProblem): string {
  return `${p.line !== null ? `line ${p.line}, column ${p.column}` : "file"}${p.path ? ` (${p.path})` : ""}: ${p.reason}`;
}
