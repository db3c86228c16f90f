import { Anchor, Button, SegmentedControl, Stack, Text } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { Link } from "react-router";
import { useCan } from "../../auth/session";
import { type Column, DataTable } from "../../components/DataTable";
import { formatDateTime } from "../../components/format";
import { Page } from "../../components/Page";
import { type Incident, useIncidents } from "./api";
import { ClassificationBadge, IncidentStatusBadge, stageLabel, utc } from "./format";

export function IncidentsListPage() {
  const incidents = useIncidents();
  const canWrite = useCan("incidents:write");
  const [filter, setFilter] = useState("active");
  const records = (incidents.data ?? []).filter((i) => filter === "all" || (filter === "active" ? i.status !== "closed" : i.status === "closed"));
  const columns: Column<Incident>[] = [
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
      sortable: true,
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
        records={records}
        columns={columns}
        fetching={incidents.isFetching && !incidents.data}
        searchText={(i) => `${i.reference} ${i.title} ${i.description}`}
        toolbar={
          <SegmentedControl
            aria-label="Show"
            value={filter}
            onChange={setFilter}
            data={[
              { value: "active", label: "Not closed" },
              { value: "closed", label: "Closed" },
              { value: "all", label: "All" },
            ]}
          />
        }
        emptyText="No incidents"
      />
    </Page>
  );
}
