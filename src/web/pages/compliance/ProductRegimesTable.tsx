import { Paper, Table, Text, Title } from "@mantine/core";
import { useDevices } from "../../api/queries";
import { RegimeBadge } from "../devices/ProductRegimePanel";

/** Which of the organisation's products fall under which regime (MDR/IVDR or the Cyber Resilience Act), and why. */
export function ProductRegimesTable() {
  const devices = useDevices();
  if (!devices.data || devices.data.length === 0) return null;
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h3">
        Your products: MDR/IVDR or Cyber Resilience Act
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        NIS2 binds the organisation; the product rules bind each product. Medical devices and IVDs are excluded from the CRA product by product (Art. 2(2)); other
        products with a data connection report exploited vulnerabilities and severe incidents under CRA Art. 14.
      </Text>
      <Table aria-label="Product regimes" fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Product</Table.Th>
            <Table.Th>Regime</Table.Th>
            <Table.Th>Why</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {devices.data.map((m) => (
            <Table.Tr key={m.id}>
              <Table.Td fw={600}>
                {m.name} <Text span size="xs" c="dimmed">({m.modelNumber})</Text>
              </Table.Td>
              <Table.Td>
                <RegimeBadge regime={m.regime} />
              </Table.Td>
              <Table.Td>
                {m.regime.reasons.slice(0, 2).map((r) => (
                  <Text key={r.text} size="xs">
                    {r.text} ({r.basis}, {r.confidence})
                  </Text>
                ))}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
