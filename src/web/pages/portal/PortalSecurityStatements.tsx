import { Alert, Anchor, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { api, errorMessage } from "../../api/client";
import { formatDate } from "../../components/format";
import { type PortalStatement, statementKeys } from "../devices/security-statement-types";

const exportUrl = (versionId: string, format: "pdf" | "json") => `/api/portal/versions/${encodeURIComponent(versionId)}/security-statement/export?format=${format}`;

/** Download links for the published security statement (MDS2 structure) of each installed software version. */
export function PortalSecurityStatements({ deviceModel }: { deviceModel?: string }) {
  const list = useQuery({ queryKey: statementKeys.portal, queryFn: () => api.get<PortalStatement[]>("/api/portal/security-statements") });
  const shown = deviceModel ? list.data?.filter((s) => s.deviceModel === deviceModel) : list.data;
  return (
    <Stack gap="xs" component="section" aria-label="Security statements">
      <Title order={2} size="h4">
        Security statements
      </Title>
      <Text size="sm" c="dimmed">
        The manufacturer&apos;s disclosure statement for each installed software version (MDS2 structure), with the shared-responsibility matrix:
        what the manufacturer does and what your organisation must do.
      </Text>
      {list.isError && <Alert color="red">The security statements could not be loaded: {errorMessage(list.error)}</Alert>}
      {shown && shown.length === 0 && (
        <Text size="sm" c="dimmed">
          No security statement has been published for your installed versions yet.
        </Text>
      )}
      {shown && shown.length > 0 && (
        <Table fz="sm" aria-label="Published security statements">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Device model</Table.Th>
              <Table.Th>Version</Table.Th>
              <Table.Th>Revision</Table.Th>
              <Table.Th>Published</Table.Th>
              <Table.Th>Download</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((s) => (
              <Table.Tr key={s.versionId}>
                <Table.Td>{s.deviceModel}</Table.Td>
                <Table.Td>{s.version}</Table.Td>
                <Table.Td>{s.revision}</Table.Td>
                <Table.Td>{formatDate(s.publishedAt.slice(0, 10))}</Table.Td>
                <Table.Td>
                  <Group gap={10}>
                    {(["pdf", "json"] as const).map((f) => (
                      <Anchor key={f} size="sm" href={exportUrl(s.versionId, f)} aria-label={`Security statement of ${s.deviceModel} ${s.version} as ${f.toUpperCase()}`}>
                        {f.toUpperCase()}
                      </Anchor>
                    ))}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
