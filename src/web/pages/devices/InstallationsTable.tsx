import { SegmentedControl } from "@mantine/core";
import type { ReactNode } from "react";
import type { Installation } from "../../api/types";
import { type Column, DataTable } from "../../components/DataTable";
import { formatDate, formatNumber } from "../../components/format";
import { isPastEndOfSupport, SupportBadge } from "./support";

export type SupportFilter = "all" | "past";

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
}) {
  const shown = filter === "past" ? records?.filter((i) => isPastEndOfSupport(i, today)) : records;
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
  return (
    <DataTable
      label={label}
      records={shown}
      fetching={fetching}
      columns={columns}
      searchText={(i) => [i.customer, i.site, i.deviceModel, i.version].join(" ")}
      filterPlaceholder={withCustomer ? "Filter by customer, site, model or version" : "Filter by site, model or version"}
      toolbar={
        <SegmentedControl
          aria-label="Support status shown"
          value={filter}
          onChange={(v) => onFilterChange(v as SupportFilter)}
          data={[
            { value: "all", label: "All versions" },
            { value: "past", label: "Past end of support" },
          ]}
        />
      }
      initialSort={withCustomer ? { columnAccessor: "customer", direction: "asc" } : { columnAccessor: "deviceModel", direction: "asc" }}
      rowBackground={(i) => (isPastEndOfSupport(i, today) ? "var(--mantine-color-red-0)" : undefined)}
      emptyText={filter === "past" ? "No installed unit runs a version past end of support." : "No installations recorded."}
    />
  );
}
