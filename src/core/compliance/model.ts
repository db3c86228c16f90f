import { ancestorsOf, type Catalog } from "../catalog";
import { type CoverageCounts, coverageOf, type Derivation } from "./derive";
import type { ControlLibrary } from "./library";

export interface RequirementRef {
  id: string;
  framework: string;
  title: string;
  /** Article, clause or point as cited, e.g. "Art. 21(2)(d)". */
  ref: string;
  /** Article or clause the requirement belongs to, for coverage per article/clause. */
  group: string;
  groupTitle: string;
  /** The group's citation from the catalog, e.g. "Art. 20". */
  groupRef: string;
}

export interface FrameworkModel {
  id: string;
  name: string;
  optional: boolean;
  custom: boolean;
  requirements: RequirementRef[];
}

/** A requirement of an imported framework, already resolved to full ids. */
export interface CustomRequirementInput {
  id: string;
  title: string;
  parent?: string;
}

export interface CustomFrameworkInput {
  id: string;
  name: string;
  requirements: CustomRequirementInput[];
}

type Link = { id: string; title: string; ref: string };
type Node = { id: string; title: string; ref: string; chain: Link[] };

/** Groups by top-most ancestor, or by the level below it when that would put everything in one group. */
function grouped(framework: string, nodes: Node[]): RequirementRef[] {
  const top = new Set(nodes.map((n) => n.chain[0]?.id ?? n.id));
  const level = top.size <= 1 && nodes.length > 1 ? 1 : 0;
  return nodes.map((n) => {
    const g = n.chain[level] ?? n.chain[n.chain.length - 1] ?? { id: n.id, title: n.title, ref: n.ref };
    return { id: n.id, framework, title: n.title, ref: n.ref, group: g.id, groupTitle: g.title, groupRef: g.ref };
  });
}

/** The frameworks of the gap assessment: the library's scopes over the catalog, then imported frameworks. */
export function buildFrameworkModels(catalog: Catalog, library: ControlLibrary, custom: readonly CustomFrameworkInput[] = []): FrameworkModel[] {
  const out: FrameworkModel[] = library.scopes.map((scope) => {
    const nodes: Node[] = scope.requirements.map((id) => {
      const item = catalog.items.get(id);
      const chain = [...ancestorsOf(catalog, id)].reverse().map((a) => ({ id: a.id, title: a.title, ref: a.source.ref }));
      const ref = item?.source.ref ?? id;
      return { id, title: item?.title ?? id, ref, chain: [...chain, { id, title: item?.title ?? id, ref }] };
    });
    return { id: scope.id, name: catalog.frameworks.get(scope.id)?.name ?? scope.id, optional: scope.optional, custom: false, requirements: grouped(scope.id, nodes) };
  });
  for (const fw of custom) {
    const byId = new Map(fw.requirements.map((r) => [r.id, r]));
    const parents = new Set(fw.requirements.map((r) => r.parent).filter(Boolean));
    const nodes: Node[] = fw.requirements
      .filter((r) => !parents.has(r.id))
      .map((r) => {
        const chain: Link[] = [];
        const seen = new Set<string>();
        let cur: CustomRequirementInput | undefined = r;
        while (cur && !seen.has(cur.id)) {
          seen.add(cur.id);
          chain.unshift({ id: cur.id, title: cur.title, ref: cur.id.slice(fw.id.length + 1) });
          cur = cur.parent ? byId.get(cur.parent) : undefined;
        }
        return { id: r.id, title: r.title, ref: r.id.slice(fw.id.length + 1), chain };
      });
    out.push({ id: fw.id, name: fw.name, optional: false, custom: true, requirements: grouped(fw.id, nodes) });
  }
  return out;
}

export interface GroupCoverage extends CoverageCounts {
  id: string;
  title: string;
  /** Citation and title from the catalog, e.g. "Art. 20 Governance": what a chart shows instead of the id. */
  label: string;
}

/** "Art. 20 Governance"; the title alone when the citation is only the id's tail or already in the title. */
export function groupLabel(ref: string, title: string): string {
  return !ref || title.startsWith(ref) ? title : `${ref} ${title}`;
}

export interface FrameworkCoverage extends CoverageCounts {
  id: string;
  name: string;
  optional: boolean;
  custom: boolean;
  groups: GroupCoverage[];
}

/** Coverage per framework and per article/clause from derived requirement statuses. */
export function frameworkCoverage(model: FrameworkModel, derivations: ReadonlyMap<string, Derivation>): FrameworkCoverage {
  const of = (refs: RequirementRef[]) => coverageOf(refs.map((r) => derivations.get(r.id)).filter((d): d is Derivation => !!d));
  const groups = new Map<string, { title: string; label: string; refs: RequirementRef[] }>();
  for (const r of model.requirements) {
    const g = groups.get(r.group) ?? { title: r.groupTitle, label: groupLabel(r.groupRef, r.groupTitle), refs: [] };
    g.refs.push(r);
    groups.set(r.group, g);
  }
  return {
    id: model.id,
    name: model.name,
    optional: model.optional,
    custom: model.custom,
    ...of(model.requirements),
    groups: [...groups].map(([id, g]) => ({ id, title: g.title, label: g.label, ...of(g.refs) })),
  };
}
