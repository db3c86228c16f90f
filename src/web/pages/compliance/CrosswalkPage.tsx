import { Badge, Group, MultiSelect, Select, Table, Text, Tooltip } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/client";
import { Page } from "../../components/Page";
import { label, statusColor } from "./workspace-api";

type Crosswalk = {
  frameworks: { id: string; name: string }[];
  rows: { id: string; code: string; title: string; domain: string; effectiveStatus: string; cells: Record<string, { full: string[]; partial: string[]; suggested: string[] }> }[];
};

/** Control × framework: how many requirements each control covers fully, partly, or only as a suggestion. */
export function CrosswalkPage() {
  const q = useQuery({ queryKey: ["compliance", "crosswalk"], queryFn: () => api.get<Crosswalk>("/api/compliance/crosswalk") });
  const [shown, setShown] = useState<string[]>([]);
  const [domain, setDomain] = useState<string | null>(null);
  const frameworks = (q.data?.frameworks ?? []).filter((f) => shown.length === 0 || shown.includes(f.id));
  const rows = (q.data?.rows ?? []).filter((r) => !domain || r.domain === domain);
  return (
    <Page title="Crosswalk" description="Each cell: requirements covered fully (equal/superset) · partly (subset) · suggested (intersect, to confirm).">
      <Group>
        <MultiSelect aria-label="Frameworks" placeholder="All frameworks" data={(q.data?.frameworks ?? []).map((f) => ({ value: f.id, label: f.name }))} value={shown} onChange={setShown} w={360} clearable />
        <Select aria-label="Domain" placeholder="All domains" clearable data={[...new Set((q.data?.rows ?? []).map((r) => r.domain))].sort()} value={domain} onChange={setDomain} w={180} />
      </Group>
      <Table.ScrollContainer minWidth={800}>
        <Table fz="xs" striped stickyHeader aria-label="Crosswalk matrix">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Control</Table.Th>
              <Table.Th>Status</Table.Th>
              {frameworks.map((f) => (
                <Table.Th key={f.id}>{f.name}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  <Link to={`/compliance/controls/${r.id}`}>{r.code}</Link> {r.title}
                </Table.Td>
                <Table.Td>
                  <Badge size="xs" color={statusColor[r.effectiveStatus]} variant="light">{label(r.effectiveStatus)}</Badge>
                </Table.Td>
                {frameworks.map((f) => {
                  const c = r.cells[f.id];
                  return (
                    <Table.Td key={f.id}>
                      {c ? (
                        <Tooltip label={[...c.full, ...c.partial, ...c.suggested].join(", ")} multiline w={300}>
                          <Text size="xs">{c.full.length} · {c.partial.length} · {c.suggested.length}</Text>
                        </Tooltip>
                      ) : null}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Page>
  );
}
