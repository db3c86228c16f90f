/**
 * Splits a list into consecutive slices of at most `size` items, for inserting the components
 * and edges of a large SBOM in several statements.
 */
export function* inBatches<T>(items: readonly T[], size: number): Generator<T[]> {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`batch size must be a positive integer, got ${size}`);
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
