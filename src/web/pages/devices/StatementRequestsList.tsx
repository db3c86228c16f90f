import { Alert, Badge, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { api, errorMessage } from "../../api/client";
import { formatDateTime } from "../../components/format";
import { statementKeys } from "./security-statement-types";

type StatementRequest = { id: string; customer: string; requestedBy: string; message: string | null; requestedAt: string; status: "open" | "answered"; answeredAt: string | null };

/** Hospitals' requests for this version's statement: open until a statement of the version is published. */
export function StatementRequestsList({ versionId }: { versionId: string }) {
  const list = useQuery({
    queryKey: statementKeys.requests(versionId),
    queryFn: () => api.get<StatementRequest[]>(`/api/security-statement-requests?versionId=${encodeURIComponent(versionId)}`),
  });
  if (list.isError) return <Alert color="red">The customers' requests could not be loaded: {errorMessage(list.error)}</Alert>;
  if (!list.data || list.data.length === 0) return null;
  return (
    <Stack gap="xs" component="section" aria-label="Requests from customers">
      <Title order={3} size="h5">
        Requests from customers
      </Title>
      <Table fz="sm" aria-label="Requests from customers">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Customer</Table.Th>
            <Table.Th>Requested</Table.Th>
            <Table.Th>Message</Table.Th>
            <Table.Th>Status</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>{r.customer}</Table.Td>
              <Table.Td>
                {formatDateTime(r.requestedAt)}
                <Text size="xs" c="dimmed">{r.requestedBy}</Text>
              </Table.Td>
              <Table.Td>{r.message ?? "—"}</Table.Td>
              <Table.Td>
                {r.status === "answered" ? <Badge color="green">Answered {formatDateTime(r.answeredAt)}</Badge> : <Badge color="yellow">Open</Badge>}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
