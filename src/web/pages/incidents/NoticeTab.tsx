import { Paper, Stack, Table, Text, Title } from "@mantine/core";
import { formatNumber } from "../../components/format";
import { type Incident, useRecipients } from "./api";
import { StageDrafts } from "./DraftsTab";

/** The notice to the recipients of the services (Art. 23(1)–(2)), addressed to the customers whose installed base is affected. */
export function NoticeTab({ incident, canWrite, canExport }: { incident: Incident; canWrite: boolean; canExport: boolean }) {
  const recipients = useRecipients(incident.id);
  return (
    <Stack gap="md">
      <Paper withBorder p="md">
        <Title order={3} size="h5" mb="xs">
          Recipients
        </Title>
        <Text size="xs" c="dimmed" mb="sm">
          Customers with installations of an affected version or model, or at an affected site.
        </Text>
        <Table withTableBorder fz="sm" aria-label="Recipients">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Customer</Table.Th>
              <Table.Th>Contact</Table.Th>
              <Table.Th>Installations</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(recipients.data ?? []).length === 0 && (
              <Table.Tr>
                <Table.Td colSpan={3}>
                  <Text size="sm" c="dimmed">
                    No customer is affected by the recorded devices, versions or sites.
                  </Text>
                </Table.Td>
              </Table.Tr>
            )}
            {(recipients.data ?? []).map((r) => (
              <Table.Tr key={r.customerId}>
                <Table.Td fw={600}>{r.name}</Table.Td>
                <Table.Td>{r.contactEmail ?? "—"}</Table.Td>
                <Table.Td>
                  {r.installations.map((i) => (
                    <Text size="xs" key={`${i.site}-${i.deviceModel}-${i.version}`}>
                      {i.deviceModel} {i.version}
                      {i.site ? ` at ${i.site}` : ""}: {formatNumber(i.units)} units
                    </Text>
                  ))}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Paper>
      <StageDrafts incident={incident} stage="recipient_notification" canWrite={canWrite} canExport={canExport} />
    </Stack>
  );
}
