/**
 * How a component relates to the product, from the SBOM's dependency graph. "unknown" when the graph does not
 * reach it, above all when the SBOM states no dependencies at all: nobody said it is transitive.
 */
export const DEPENDENCY_RELATIONSHIPS = ["product", "direct", "transitive", "unknown"] as const;
export type DependencyRelationship = (typeof DEPENDENCY_RELATIONSHIPS)[number];

export function dependencyRelationship(c: { direct: boolean; depth: number | null }): DependencyRelationship {
  if (c.depth === null) return "unknown";
  if (c.direct) return "direct";
  return c.depth === 0 ? "product" : "transitive";
}
