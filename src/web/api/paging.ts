import { useSearchParams } from "react-router";

/** The answer of a list endpoint asked for a page (`limit` with `page` or `cursor`). */
export type PagedList<T> = { items: T[]; total: number; nextCursor: string | null };

/**
 * A paged list's state in the URL (filters, `page`, `sort`, `order`), so that a view can be shared. Changing anything
 * but the page starts again at the first page.
 */
export function useListParams(defaultSort: { sort: string; order: "asc" | "desc" }) {
  const [params, setParams] = useSearchParams();
  const order = params.get("order");
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    if (!("page" in changes)) next.delete("page");
    setParams(next, { replace: true });
  };
  return {
    params,
    set,
    page: Number(params.get("page") ?? "1") || 1,
    sort: params.get("sort") ?? defaultSort.sort,
    order: order === "desc" || order === "asc" ? order : defaultSort.order,
    /** The table's paging and sorting, wired to the URL. */
    remote: (totalRecords: number) => ({
      page: Number(params.get("page") ?? "1") || 1,
      onPageChange: (p: number) => set({ page: String(p) }),
      totalRecords,
      onSortChange: (s: { columnAccessor: string; direction: "asc" | "desc" }) => set({ sort: s.columnAccessor, order: s.direction }),
    }),
  };
}
