import { Alert, Anchor, Badge, Select, Stack, Table, Text } from "@mantine/core";
import { Link, useSearchParams } from "react-router";
import { errorMessage } from "../../api/client";
import { formatDate, formatDateTime } from "../../components/format";
import { Page } from "../../components/Page";
import { hrefOf, OBLIGATION_LABELS, timeLeft, useObligations } from "./api";

/** Every dated obligation across the registers, overdue first: the list behind the dashboard's obligation numbers. */
export function ObligationsPage() {
  const q = useObligations();
  // The kind is in the address, so that a folded dashboard row opens the list of its kind.
  const [params, setParams] = useSearchParams();
  const kind = params.get("kind");
  const setKind = (k: string | null) => setParams(k ? { kind: k } : {}, { replace: true });
  const items = (q.data?.items ?? []).filter((o) => !kind || o.kind === kind);
  const missing = (q.data?.sources ?? []).filter((s) => !s.available);
  return (
    <Page title="Obligations" description="Incident reports, vulnerability report acknowledgements, remediation deadlines, policy reviews, training, supplier re-assessments and certificates, risk treatment actions and evidence expiry: everything overdue or due within 30 days.">
      <Stack gap="sm">
        <Select label="Kind" placeholder="All kinds" clearable data={Object.entries(OBLIGATION_LABELS).map(([value, label]) => ({ value, label }))} value={kind} onChange={setKind} maw={280} />
        {q.error && <Alert color="red">{errorMessage(q.error)}</Alert>}
        {missing.length > 0 && (
          <Alert color="gray" title="Not available">
            {missing.map((s) => `${s.source}: ${s.error}`).join("; ")}
          </Alert>
        )}
        <Table striped aria-label="Obligations">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Kind</Table.Th>
              <Table.Th>What</Table.Th>
              <Table.Th>Due</Table.Th>
              <Table.Th>Time left</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((o) => (
              <Table.Tr key={`${o.kind}:${o.title}:${o.dueAt}`}>
                <Table.Td>
                  <Badge variant="light" color={o.overdue ? "red" : "gray"}>
                    {OBLIGATION_LABELS[o.kind] ?? o.kind}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={hrefOf(o.link)}>
                    {o.title}
                  </Anchor>
                </Table.Td>
                <Table.Td>{o.dueAt.length > 10 ? formatDateTime(o.dueAt) : formatDate(o.dueAt)}</Table.Td>
                <Table.Td>
                  <Text size="sm" c={o.overdue ? "red" : undefined} fw={o.overdue ? 600 : undefined}>
                    {timeLeft(o)}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {q.data && items.length === 0 && <Text c="dimmed">Nothing overdue or due within 30 days.</Text>}
      </Stack>
    </Page>
  );
}
