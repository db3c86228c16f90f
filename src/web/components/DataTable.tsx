import { Box, Group, Stack, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import {
  type DataTableColumn,
  type DataTableRowExpansionProps,
  type DataTableSortStatus,
  getValueAtPath,
  DataTable as MantineDataTable,
} from "mantine-datatable";
import { type ReactNode, useMemo, useState } from "react";

export type { DataTableColumn as Column } from "mantine-datatable";

/** Paging done by the server: the table shows `records` as page `page` of `totalRecords`. */
export type RemotePaging = {
  page: number;
  onPageChange: (page: number) => void;
  totalRecords: number;
  /** Sorting done by the server: called when a sortable column's header is clicked. */
  onSortChange?: (sort: { columnAccessor: string; direction: "asc" | "desc" }) => void;
};

export type TableProps<T> = {
  /** Names the table for screen readers and tests. */
  label: string;
  records: T[] | undefined;
  columns: DataTableColumn<T>[];
  idAccessor?: keyof T | ((record: T) => string);
  fetching?: boolean;
  /** The text the filter box searches in; without it the table has no filter box. */
  searchText?: (record: T) => string;
  filterPlaceholder?: string;
  /** Further filters shown beside the filter box. */
  toolbar?: ReactNode;
  initialSort?: DataTableSortStatus<T>;
  /** The value a sortable column sorts by, when it is not the accessor's value. */
  sortValue?: (record: T, accessor: string) => unknown;
  pageSize?: number;
  emptyText: string;
  rowExpansion?: DataTableRowExpansionProps<T>;
  rowBackground?: (record: T) => string | undefined;
  remote?: RemotePaging;
};

function compareValues(a: unknown, b: unknown): number {
  const missing = (v: unknown) => v === null || v === undefined || v === "";
  if (missing(a) || missing(b)) return missing(a) === missing(b) ? 0 : missing(a) ? 1 : -1;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: "base" });
}

/**
 * The one table of the interface: sortable columns, a filter box, paging and an empty state.
 * Sorting, filtering and paging happen in the browser unless `remote` paging is given.
 */
export function DataTable<T>(props: TableProps<T>) {
  const { records, columns, searchText, remote, pageSize = 15, initialSort, sortValue } = props;
  const [query, setQuery] = useState("");
  const [debouncedQuery] = useDebouncedValue(query, 150);
  const [sortStatus, setSortStatus] = useState<DataTableSortStatus<T> | undefined>(initialSort);
  const [page, setPage] = useState(1);

  const visible = useMemo(() => {
    if (remote || !records) return records ?? [];
    const q = debouncedQuery.trim().toLowerCase();
    let rows = q && searchText ? records.filter((r) => searchText(r).toLowerCase().includes(q)) : records;
    if (sortStatus) {
      const accessor = String(sortStatus.columnAccessor);
      const sortKey = (r: T) => (sortValue ? sortValue(r, accessor) : getValueAtPath(r, accessor));
      const dir = sortStatus.direction === "desc" ? -1 : 1;
      rows = [...rows].sort((a, b) => dir * compareValues(sortKey(a), sortKey(b)));
    }
    return rows;
  }, [records, debouncedQuery, searchText, sortStatus, sortValue, remote]);

  const total = remote ? remote.totalRecords : visible.length;
  const currentPage = remote ? remote.page : Math.min(page, Math.max(1, Math.ceil(total / pageSize)));
  const pageRecords = remote ? visible : visible.slice((currentPage - 1) * pageSize, currentPage * pageSize);
  const showPaging = total > pageSize;
  const filtered = !remote && debouncedQuery.trim() !== "" && (records?.length ?? 0) > 0;

  // The table's paging props are all-or-nothing; without paging it shows every given record.
  const pagingProps = (
    showPaging
      ? {
          page: currentPage,
          onPageChange: remote ? remote.onPageChange : setPage,
          totalRecords: total,
          recordsPerPage: pageSize,
          paginationText: ({ from, to, totalRecords }: { from: number; to: number; totalRecords: number }) => `${from}–${to} of ${totalRecords}`,
        }
      : {}
  ) as Record<string, never>;

  const onSortStatusChange = (s: DataTableSortStatus<T>) => {
    setSortStatus(s);
    setPage(1);
    remote?.onSortChange?.({ columnAccessor: String(s.columnAccessor), direction: s.direction });
  };
  const sortProps = { sortStatus: sortStatus ?? ({ columnAccessor: "", direction: "asc" } as DataTableSortStatus<T>), onSortStatusChange };

  return (
    <Stack gap="xs">
      {(searchText || props.toolbar) && (
        <Group gap="sm" align="flex-end" wrap="wrap">
          {searchText && (
            <TextInput
              aria-label={`Filter ${props.label.toLowerCase()}`}
              placeholder={props.filterPlaceholder ?? "Filter…"}
              leftSection={<IconSearch size={16} aria-hidden />}
              value={query}
              onChange={(e) => {
                setQuery(e.currentTarget.value);
                setPage(1);
              }}
              w={{ base: "100%", sm: 320 }}
            />
          )}
          {props.toolbar}
          {filtered && (
            <Text size="sm" c="dimmed" aria-live="polite">
              {visible.length} of {records?.length} shown
            </Text>
          )}
        </Group>
      )}
      <Box role="region" aria-label={props.label} data-table={props.label}>
        <MantineDataTable<T>
          withTableBorder
          borderRadius="sm"
          striped
          highlightOnHover
          verticalAlign="top"
          minHeight={pageRecords.length === 0 ? 160 : undefined}
          columns={columns}
          records={pageRecords}
          idAccessor={(props.idAccessor ?? "id") as never}
          fetching={props.fetching}
          noRecordsText={filtered ? "Nothing matches the filter" : props.emptyText}
          rowExpansion={props.rowExpansion}
          rowBackgroundColor={props.rowBackground ? (r) => props.rowBackground?.(r) : undefined}
          {...sortProps}
          {...pagingProps}
        />
      </Box>
    </Stack>
  );
}
