import { SegmentedControl } from "@mantine/core";
import type { ReactNode } from "react";
import type { Installation } from "../../api/types";
import { type Column, DataTable, type RemotePaging } from "../../components/DataTable";
import { formatDate, formatNumber } from "../../components/format";
import { ListFilterInput, ListTotal } from "../../components/ListControls";
import { isPastEndOfSupport, SupportBadge } from "./support";

export type SupportFilter = "all" | "past";

/** The installed base paged, filtered and sorted by the server: the table shows the page it is given. */
export type ServerInstallations = {
  remote: RemotePaging;
  pageSize: number;
  sort: { columnAccessor: string; direction: "asc" | "desc" };
  search: string;
  onSearchChange: (search: string) => void;
  /** As the server counted it; undefined until the first answer. */
  total: number | undefined;
  /** Further filters the server applies, shown beside the text filter. */
  filters?: ReactNode;
};

/** The installed base, for the workspace (with the customer column) and for a customer's portal. */
export function InstallationsTable({
  records,
  fetching,
  today,
  withCustomer,
  filter,
  onFilterChange,
  label = "Installations",
  versionBadges,
  server,
}: {
  records: Installation[] | undefined;
  fetching: boolean;
  today: string;
  withCustomer: boolean;
  filter: SupportFilter;
  onFilterChange: (f: SupportFilter) => void;
  label?: string;
  /** Shown beside the version, e.g. the customer's open advisories about that installation. */
  versionBadges?: (i: Installation) => ReactNode;
  server?: ServerInstallations;
}) {
  const shown = filter === "past" && !server ? records?.filter((i) => isPastEndOfSupport(i, today)) : records;
  const columns: Column<Installation>[] = [
    ...(withCustomer ? [{ accessor: "customer", title: "Customer", sortable: true } as Column<Installation>] : []),
    { accessor: "site", title: "Site", sortable: true, render: (i) => i.site ?? "—" },
    { accessor: "deviceModel", title: "Device model", sortable: true },
    {
      accessor: "version",
      title: "Version",
      sortable: true,
      render: (i) => (
        <>
          {i.version} {versionBadges?.(i)}
        </>
      ),
    },
    { accessor: "supportStatus", title: "Support", sortable: true, noWrap: true, render: (i) => <SupportBadge version={i} today={today} /> },
    { accessor: "endOfSupport", title: "End of support", sortable: true, render: (i) => formatDate(i.endOfSupport) },
    { accessor: "units", title: "Units", sortable: true, textAlign: "right", render: (i) => formatNumber(i.units) },
    { accessor: "since", title: "Installed since", sortable: true, render: (i) => formatDate(i.since) },
  ];
  const filterPlaceholder = withCustomer ? "Filter by customer, site, model or version" : "Filter by site, model or version";
  const supportControl = (
    <SegmentedControl
      aria-label="Support status shown"
      value={filter}
      onChange={(v) => onFilterChange(v as SupportFilter)}
      data={[
        { value: "all", label: "All versions" },
        { value: "past", label: "Past end of support" },
      ]}
    />
  );
  const emptyText = filter === "past" ? "No installed unit runs a version past end of support." : "No installations recorded.";
  return (
    <DataTable
      label={label}
      records={shown}
      fetching={fetching}
      columns={columns}
      rowBackground={(i) => (isPastEndOfSupport(i, today) ? "var(--mantine-color-red-0)" : undefined)}
      {...(server
        ? {
            remote: server.remote,
            pageSize: server.pageSize,
            initialSort: server.sort,
            toolbar: (
              <>
                <ListFilterInput label={`Filter ${label.toLowerCase()}`} placeholder={filterPlaceholder} value={server.search} onChange={server.onSearchChange} />
                {server.filters}
                {supportControl}
                <ListTotal total={server.total} noun="installation" />
              </>
            ),
            emptyText: server.search.trim() ? "Nothing matches the filter" : emptyText,
          }
        : {
            searchText: (i: Installation) => [i.customer, i.site, i.deviceModel, i.version].join(" "),
            filterPlaceholder,
            toolbar: supportControl,
            initialSort: withCustomer ? { columnAccessor: "customer", direction: "asc" } : { columnAccessor: "deviceModel", direction: "asc" },
            emptyText,
          })}
    />
  );
}
