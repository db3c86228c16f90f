import { Alert, Badge, Button, Group, Loader, Select, Stack, Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage } from "../../api/client";
import { formatDateTime, formatNumber } from "../../components/format";
import type { DiffComponent, SbomDiff, SbomSummary } from "./sbom-types";
import { SbomQuality } from "./SbomQuality";

const label = (c: DiffComponent) => `${c.group ? `${c.group}/` : ""}${c.name}`;

function DiffView({ from, to }: { from: string; to: string }) {
  const diff = useQuery({
    queryKey: ["versions", "sbom-diff", from, to],
    queryFn: () => api.get<SbomDiff>(`/api/sboms/${encodeURIComponent(to)}/diff?against=${encodeURIComponent(from)}`),
  });
  if (diff.isPending) return <Loader size="sm" />;
  if (diff.isError) return <Alert color="red">{errorMessage(diff.error)}</Alert>;
  const d = diff.data;
  const rows = [
    ...d.added.map((c) => ({ kind: "added", name: label(c), before: "—", after: c.version ?? "—", what: c.purl ?? "" })),
    ...d.removed.map((c) => ({ kind: "removed", name: label(c), before: c.version ?? "—", after: "—", what: c.purl ?? "" })),
    ...d.changed.map((c) => ({ kind: "changed", name: label(c.after), before: c.before.version ?? "—", after: c.after.version ?? "—", what: c.changed.join(", ") })),
  ];
  return (
    <Stack gap="xs">
      <Text size="sm" data-testid="diff-summary">
        #{d.from.sequence} → #{d.to.sequence}: {d.summary.added} added, {d.summary.removed} removed, {d.summary.changed} changed, {d.summary.unchanged} unchanged
      </Text>
      {rows.length > 0 && (
        <Table fz="sm" withTableBorder aria-label="SBOM differences">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Change</Table.Th>
              <Table.Th>Component</Table.Th>
              <Table.Th>Before</Table.Th>
              <Table.Th>After</Table.Th>
              <Table.Th>Detail</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.slice(0, 500).map((r) => (
              <Table.Tr key={`${r.kind}-${r.name}-${r.before}-${r.after}`}>
                <Table.Td>
                  <Badge radius="sm" variant="light" color={r.kind === "added" ? "teal" : r.kind === "removed" ? "red" : "yellow"}>
                    {r.kind}
                  </Badge>
                </Table.Td>
                <Table.Td>{r.name}</Table.Td>
                <Table.Td>{r.before}</Table.Td>
                <Table.Td>{r.after}</Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed">
                    {r.what}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

/** Every upload of the version, newest first, and the difference between any two. */
export function SbomHistory({ versionId }: { versionId: string }) {
  const history = useQuery({ queryKey: ["versions", versionId, "sboms"], queryFn: () => api.get<SbomSummary[]>(`/api/versions/${encodeURIComponent(versionId)}/sboms`) });
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const [shown, setShown] = useState<{ from: string; to: string } | null>(null);
  if (history.isPending) return <Loader size="sm" />;
  if (history.isError) return <Alert color="red">{errorMessage(history.error)}</Alert>;
  const list = history.data;
  if (list.length === 0) return <Text size="sm" c="dimmed">No SBOM uploaded yet.</Text>;
  const options = list.map((s) => ({ value: s.id, label: `#${s.sequence} ${s.fileName} (${formatDateTime(s.uploadedAt)})` }));
  const fromId = from ?? list[1]?.id ?? null;
  const toId = to ?? list[0].id;
  return (
    <Stack gap="sm">
      <Table fz="sm" withTableBorder aria-label="SBOM history">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>#</Table.Th>
            <Table.Th>File</Table.Th>
            <Table.Th>Format</Table.Th>
            <Table.Th>Uploaded</Table.Th>
            <Table.Th ta="right">Components</Table.Th>
            <Table.Th>Against previous</Table.Th>
            <Table.Th>Quality</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>
                {s.sequence} {s.isCurrent && <Badge size="xs" radius="sm">current</Badge>}
              </Table.Td>
              <Table.Td>
                <a href={`/api/sboms/${encodeURIComponent(s.id)}/download`}>{s.fileName}</a>
              </Table.Td>
              <Table.Td>
                {s.format} {s.specVersion}
              </Table.Td>
              <Table.Td>
                {formatDateTime(s.uploadedAt)} · {s.uploadedByLabel}
              </Table.Td>
              <Table.Td ta="right">{formatNumber(s.componentCount)}</Table.Td>
              <Table.Td>{s.diffSummary ? `+${s.diffSummary.added} −${s.diffSummary.removed} ~${s.diffSummary.changed}` : "—"}</Table.Td>
              <Table.Td>
                <SbomQuality sbomId={s.id} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {list.length > 1 && (
        <Group align="flex-end">
          <Select label="Compare" data={options} value={fromId} onChange={setFrom} w={320} allowDeselect={false} />
          <Select label="with" data={options} value={toId} onChange={setTo} w={320} allowDeselect={false} />
          <Button variant="light" disabled={!fromId || !toId || fromId === toId} onClick={() => fromId && setShown({ from: fromId, to: toId })}>
            Show differences
          </Button>
        </Group>
      )}
      {shown && <DiffView from={shown.from} to={shown.to} />}
    </Stack>
  );
}
