import { Alert, Badge, Button, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage } from "../../api/client";
import { useCan } from "../../auth/session";
import { formatDateTime } from "../../components/format";
import { type ResponsibilityMatrix, type ResponsibilityRow, statementKeys } from "./security-statement-types";

type EditRow = { area: string; manufacturer: string; operator: string; sources: string };

const toEdit = (r: ResponsibilityRow): EditRow => ({ ...r, sources: r.sources.join("; ") });
const fromEdit = (r: EditRow): ResponsibilityRow => ({
  area: r.area.trim(),
  manufacturer: r.manufacturer.trim(),
  operator: r.operator.trim(),
  sources: r.sources
    .split(";")
    .map((x) => x.trim())
    .filter(Boolean),
});

function MatrixTable({ rows }: { rows: ResponsibilityRow[] }) {
  return (
    <Table fz="sm" aria-label="Shared-responsibility matrix" verticalSpacing={6}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Area</Table.Th>
          <Table.Th>Manufacturer</Table.Th>
          <Table.Th>Hospital / operator</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.area}>
            <Table.Td>
              <Text size="sm" fw={600}>
                {r.area}
              </Text>
              {r.sources.length > 0 && (
                <Text size="xs" c="dimmed">
                  {r.sources.join(", ")}
                </Text>
              )}
            </Table.Td>
            <Table.Td>{r.manufacturer}</Table.Td>
            <Table.Td>{r.operator}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The device model's shared-responsibility matrix, shown with the statement and editable by product security. */
export function ResponsibilityMatrixEditor({ modelId, modelName, onSaved }: { modelId: string; modelName: string; onSaved: () => void }) {
  const queryClient = useQueryClient();
  const canEdit = useCan("advisories:write");
  const matrix = useQuery({ queryKey: statementKeys.matrix(modelId), queryFn: () => api.get<ResponsibilityMatrix>(`/api/devices/${encodeURIComponent(modelId)}/shared-responsibility`) });
  const [rows, setRows] = useState<EditRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  if (matrix.isPending) return <Loader size="sm" />;
  if (matrix.isError) return <Alert color="red">The responsibility matrix could not be loaded: {errorMessage(matrix.error)}</Alert>;
  const m = matrix.data;
  const set = (i: number, patch: Partial<EditRow>) => setRows((rs) => rs?.map((r, j) => (j === i ? { ...r, ...patch } : r)) ?? null);

  const save = async () => {
    if (!rows) return;
    setSaving(true);
    setError(null);
    try {
      const next = await api.put<ResponsibilityMatrix>(`/api/devices/${encodeURIComponent(modelId)}/shared-responsibility`, { rows: rows.map(fromEdit) });
      queryClient.setQueryData(statementKeys.matrix(modelId), next);
      setRows(null);
      onSaved();
      notifications.show({ color: "teal", message: `Responsibility matrix of ${modelName} saved` });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack gap="xs" component="section" aria-label="Shared responsibility">
      <Group justify="space-between">
        <Group gap="sm">
          <Title order={2} size="h4">
            Shared responsibility
          </Title>
          {m.isDefault ? <Badge variant="light">Defaults</Badge> : <Badge variant="light" color="grape">Edited for {modelName}</Badge>}
        </Group>
        {canEdit && !rows && (
          <Button variant="default" size="xs" onClick={() => setRows(m.rows.map(toEdit))}>
            Edit matrix
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        What the manufacturer does and what the hospital must do, for every version of {modelName}. Statements carry the matrix as it was when they
        were published. {m.updatedAt ? `Last changed ${formatDateTime(m.updatedAt)} by ${m.updatedBy}.` : "Defaults after MDCG 2019-16 §2.6, IMDRF N60 and IEC 81001-5-1."}
      </Text>
      {!rows ? (
        <MatrixTable rows={m.rows} />
      ) : (
        <Stack gap="xs">
          {rows.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity while they are being edited
            <Paper key={i} withBorder p="xs" component="fieldset" aria-label={`Row ${i + 1}`}>
              <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xs">
                <TextInput label="Area" value={r.area} maxLength={120} onChange={(e) => set(i, { area: e.currentTarget.value })} />
                <TextInput label="Sources (separated by ;)" value={r.sources} onChange={(e) => set(i, { sources: e.currentTarget.value })} />
                <Textarea label="Manufacturer" autosize minRows={2} maxLength={1000} value={r.manufacturer} onChange={(e) => set(i, { manufacturer: e.currentTarget.value })} />
                <Textarea label="Hospital / operator" autosize minRows={2} maxLength={1000} value={r.operator} onChange={(e) => set(i, { operator: e.currentTarget.value })} />
              </SimpleGrid>
              <Button mt={6} size="xs" variant="subtle" color="red" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                Remove row
              </Button>
            </Paper>
          ))}
          {error && (
            <Alert color="red" role="alert" title="Not saved">
              {error}
            </Alert>
          )}
          <Group>
            <Button onClick={save} loading={saving}>
              Save matrix
            </Button>
            <Button variant="default" onClick={() => setRows([...rows, { area: "", manufacturer: "", operator: "", sources: "" }])}>
              Add row
            </Button>
            {m.defaults && (
              <Button variant="default" onClick={() => setRows((m.defaults ?? []).map(toEdit))}>
                Reset to defaults
              </Button>
            )}
            <Button variant="subtle" onClick={() => setRows(null)}>
              Cancel
            </Button>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}
