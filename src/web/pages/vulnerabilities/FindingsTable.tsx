import { Anchor, Group, Stack, Text } from "@mantine/core";
import { type Column, DataTable, type RemotePaging } from "../../components/DataTable";
import { ConfidenceBadge, DueDate, KevEpss, PriorityBadge, StatusBadge } from "./badges";
import type { FindingItem } from "./types";

/** Findings as rows; clicking the vulnerability opens the finding. */
export function FindingsTable({
  label,
  records,
  fetching,
  onOpen,
  remote,
  showDevice = true,
  toolbar,
  emptyText,
  initialSort,
}: {
  label: string;
  records: FindingItem[] | undefined;
  fetching?: boolean;
  onOpen: (f: FindingItem) => void;
  remote?: RemotePaging;
  showDevice?: boolean;
  toolbar?: React.ReactNode;
  emptyText: string;
  initialSort?: { columnAccessor: string; direction: "asc" | "desc" };
}) {
  // With server sorting, a sortable column's accessor is the sort name the findings API takes. Component and device
  // version stay unsorted in the table (the API sorts by them): their sort icons pushed the due date off a 1024 px screen.
  const sortable = Boolean(remote?.onSortChange);
  const columns: Column<FindingItem>[] = [
    { accessor: "priority", title: "Priority", sortable, render: (f) => <PriorityBadge priority={f.priority} /> },
    {
      accessor: "vulnerability",
      sortable,
      title: "Vulnerability",
      render: (f) => (
        <Stack gap={2}>
          <Anchor component="button" type="button" size="sm" fw={600} onClick={() => onOpen(f)} aria-label={`Open finding ${f.vulnerability.id} in ${f.component.name}`}>
            {f.vulnerability.id}
          </Anchor>
          {f.vulnerability.summary && (
            <Text size="xs" c="dimmed" lineClamp={2} maw={360}>
              {f.vulnerability.summary}
            </Text>
          )}
        </Stack>
      ),
    },
    {
      accessor: "component",
      title: "Component",
      render: (f) => (
        <Group gap={4}>
          <Text size="sm">
            {f.component.name} {f.component.version}
          </Text>
          <ConfidenceBadge confidence={f.matchConfidence} />
        </Group>
      ),
    },
    ...(showDevice
      ? [{ accessor: "deviceModel", title: "Device version", render: (f: FindingItem) => `${f.deviceModel.name} ${f.version.version}` } as Column<FindingItem>]
      : []),
    { accessor: "cvss", title: "CVSS", sortable, render: (f) => f.vulnerability.severity?.score ?? "—" },
    { accessor: "kev", title: "KEV / EPSS", render: (f) => <KevEpss vulnerability={f.vulnerability} /> },
    { accessor: "status", title: "Status", sortable, render: (f) => <StatusBadge status={f.status} /> },
    { accessor: "dueAt", title: "Due", sortable, render: (f) => <DueDate dueAt={f.dueAt} overdue={f.overdue} /> },
  ];
  return (
    <DataTable
      label={label}
      records={records}
      fetching={fetching}
      columns={columns}
      remote={remote}
      initialSort={initialSort}
      pageSize={remote ? 25 : 15}
      toolbar={toolbar}
      emptyText={emptyText}
      rowBackground={(f) => (f.overdue ? "var(--mantine-color-red-0)" : undefined)}
    />
  );
}
