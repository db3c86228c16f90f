import { Anchor, Button, SegmentedControl, Stack, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconPlus } from "@tabler/icons-react";
import { Link } from "react-router";
import { useListParams } from "../../api/paging";
import { useCan } from "../../auth/session";
import { type Column, DataTable } from "../../components/DataTable";
import { formatDateTime } from "../../components/format";
import { ListFilterInput, ListTotal } from "../../components/ListControls";
import { Page } from "../../components/Page";
import { type IncidentListItem, useIncidentPage } from "./api";
import { ClassificationBadge, IncidentStatusBadge, stageLabel, utc } from "./format";

const PAGE_SIZE = 25;
const SHOW = { active: "false", closed: "true", all: null } as const;

/** The incident list, paged, filtered and sorted by the server; the state lives in the URL. */
export function IncidentsListPage() {
  const { params, set, page, sort, order, remote } = useListParams({ sort: "awareAt", order: "desc" });
  const canWrite = useCan("incidents:write");
  const show = (params.get("show") ?? "active") as keyof typeof SHOW;
  const [q] = useDebouncedValue((params.get("q") ?? "").trim(), 250);
  const query = new URLSearchParams({ limit: String(PAGE_SIZE), page: String(page), sort, order });
  const closed = show in SHOW ? SHOW[show] : SHOW.active;
  if (closed) query.set("closed", closed);
  if (q) query.set("q", q);
  const incidents = useIncidentPage(query.toString());
  const columns: Column<IncidentListItem>[] = [
    {
      accessor: "reference",
      title: "Incident",
      sortable: true,
      render: (i) => (
        <Stack gap={2}>
          <Anchor component={Link} to={`/incidents/${i.id}`} fw={600} size="sm">
            {i.reference}
          </Anchor>
          <Text size="sm">{i.title}</Text>
        </Stack>
      ),
    },
    { accessor: "awareAt", title: "Aware at", sortable: true, render: (i) => formatDateTime(i.awareAt) },
    { accessor: "status", title: "Status", sortable: true, render: (i) => <IncidentStatusBadge status={i.status} /> },
    { accessor: "classification", title: "Significance", render: (i) => <ClassificationBadge classification={i.classification} /> },
    {
      accessor: "nextDeadline.dueAt",
      title: "Next deadline",
      render: (i) =>
        i.nextDeadline ? (
          <Text size="sm" c={i.nextDeadline.overdue ? "red" : undefined} fw={i.nextDeadline.overdue ? 700 : undefined}>
            {stageLabel(i.nextDeadline.stage)}: {utc(i.nextDeadline.dueAt)}
            {i.nextDeadline.overdue ? " (overdue)" : ""}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            none open
          </Text>
        ),
    },
  ];
  return (
    <Page
      title="Incidents"
      description="Every declared incident with its status, significance and next reporting deadline."
      actions={
        canWrite && (
          <Button component={Link} to="/incidents/new" leftSection={<IconPlus size={16} aria-hidden />}>
            Declare incident
          </Button>
        )
      }
    >
      <DataTable
        label="Incidents"
        records={incidents.data?.items}
        columns={columns}
        fetching={incidents.isPending || incidents.isPlaceholderData}
        pageSize={PAGE_SIZE}
        initialSort={{ columnAccessor: sort, direction: order }}
        remote={remote(incidents.data?.total ?? 0)}
        toolbar={
          <>
            <ListFilterInput label="Filter incidents" placeholder="Filter by reference, title or description" value={params.get("q") ?? ""} onChange={(v) => set({ q: v })} />
            <SegmentedControl
              aria-label="Show"
              value={show in SHOW ? show : "active"}
              onChange={(v) => set({ show: v === "active" ? null : v })}
              data={[
                { value: "active", label: "Not closed" },
                { value: "closed", label: "Closed" },
                { value: "all", label: "All" },
              ]}
            />
            <ListTotal total={incidents.data?.total} noun="incident" />
          </>
        }
        emptyText="No incidents"
      />
    </Page>
  );
}
