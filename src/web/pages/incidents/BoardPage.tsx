import { Alert, Anchor, Button, Group, Stack, Text } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { Link } from "react-router";
import { useCan } from "../../auth/session";
import { type Column, DataTable } from "../../components/DataTable";
import { Page } from "../../components/Page";
import { type BoardItem, useBoard } from "./api";
import { CraProposals } from "./CraPanels";
import { ClassificationBadge, Countdown, ObligationStatusBadge, REGIME_LABELS, stageLabel, useServerNow } from "./format";

/** One deadline in UTC and in the authority's zone. */
export function DueCell({ o }: { o: { due: { utc: string; local: string; zone: string } | null; waitingFor?: string; noFixedDeadline?: boolean } }) {
  if (!o.due) return <Text size="sm" c="dimmed">{o.waitingFor ?? (o.noFixedDeadline ? "without undue delay" : "—")}</Text>;
  return (
    <Stack gap={0}>
      <Text size="sm" fw={600}>
        {o.due.utc}
      </Text>
      <Text size="xs" c="dimmed" title={o.due.zone}>
        {o.due.local} · {o.due.zone}
      </Text>
    </Stack>
  );
}

/** Every open obligation of every incident that is not closed, least time left first; overdue in red. */
export function BoardPage() {
  const board = useBoard();
  const now = useServerNow(board.data?.now);
  const canWrite = useCan("incidents:write");
  const columns: Column<BoardItem>[] = [
    { accessor: "dueAt", title: "Deadline", render: (o) => <DueCell o={o} /> },
    { accessor: "timeLeftMs", title: "Time left", render: (o) => <Countdown dueAt={o.dueAt} now={now} /> },
    {
      accessor: "incident.reference",
      title: "Incident",
      render: (o) => (
        <Stack gap={2}>
          <Anchor component={Link} to={`/incidents/${o.incident.id}`} fw={600} size="sm">
            {o.incident.reference}
          </Anchor>
          <Text size="xs">{o.incident.title}</Text>
          <ClassificationBadge classification={o.incident.classification} />
        </Stack>
      ),
    },
    {
      accessor: "stage",
      title: "Obligation",
      render: (o) => (
        <Stack gap={0}>
          <Text size="sm" fw={600}>
            {REGIME_LABELS[o.regime] ?? o.regime} · {stageLabel(o.stage)}
          </Text>
          <Text size="xs" c="dimmed">
            to {o.recipient}
          </Text>
          <Text size="xs" c="dimmed">
            {o.rule} ({o.basis})
          </Text>
        </Stack>
      ),
    },
    { accessor: "status", title: "Status", render: (o) => <ObligationStatusBadge status={o.status} /> },
  ];
  return (
    <Page
      title="Incident board"
      description="Every open reporting obligation of every incident not yet closed, the least time left first. Deadlines are shown in UTC and in the competent authority's time zone."
      actions={
        canWrite && (
          <Button component={Link} to="/incidents/new" leftSection={<IconPlus size={16} aria-hidden />}>
            Declare incident
          </Button>
        )
      }
    >
      {(board.data?.problems ?? []).length > 0 && (
        <Alert color="orange" title="Incidents whose clocks cannot be computed">
          {board.data?.problems.map((p) => (
            <Text size="sm" key={p.reference}>
              {p.reference}: {p.message}
            </Text>
          ))}
        </Alert>
      )}
      <CraProposals />
      <DataTable
        label="Open obligations"
        records={board.data?.items}
        idAccessor={(o) => `${o.incident.id}:${o.id}`}
        fetching={board.isFetching && !board.data}
        columns={columns}
        pageSize={50}
        emptyText="No open reporting obligations"
        rowBackground={(o) => (o.overdue ? "var(--mantine-color-red-1)" : undefined)}
      />
      <Group gap="xs">
        <Text size="xs" c="dimmed">
          Counting down live; the list refreshes every minute.
        </Text>
      </Group>
    </Page>
  );
}
