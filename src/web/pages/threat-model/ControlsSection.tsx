import { Button, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useState } from "react";
import { formatDate } from "../../components/format";
import type { ThreatModel } from "./types";
import { methodLabel, resultLabel, type Verification, VerificationEditor } from "./VerificationEditor";

type Editing = { controlId: string; index: number | null };

/** The controls of the model with their verifications, each editable in a form instead of only through a JSON import. */
export function ControlsSection({ model, canEdit, onSave }: { model: ThreatModel; canEdit: boolean; onSave: (next: ThreatModel, message: string) => Promise<unknown> }) {
  const [editing, setEditing] = useState<Editing | null>(null);
  const control = model.controls.find((c) => c.id === editing?.controlId);
  const save = (next: Verification) => {
    if (!editing || !control) return;
    const verifications = editing.index === null ? [...control.verifications, next] : control.verifications.map((v, i) => (i === editing.index ? next : v));
    void onSave({ ...model, controls: model.controls.map((c) => (c.id === control.id ? { ...c, verifications } : c)) }, "Verification saved").then(() => setEditing(null));
  };
  return (
    <Stack gap="xs">
      <Title order={3}>Controls and verification</Title>
      {model.controls.length === 0 ? (
        <Text size="sm" c="dimmed">
          No control yet: add one to a threat in the traceability matrix.
        </Text>
      ) : (
        <Table aria-label="Controls">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Control</Table.Th>
              <Table.Th>Verifications</Table.Th>
              {canEdit && <Table.Th>Actions</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {model.controls.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  {c.title} <Text span size="xs" c="dimmed">({c.id})</Text>
                </Table.Td>
                <Table.Td>
                  {c.verifications.length === 0 && <Text size="sm">No verification</Text>}
                  {c.verifications.map((v, i) => (
                    <Group key={`${v.testCaseId}|${v.method}|${v.result}|${v.date}|${v.evidence}`} gap="xs">
                      <Text size="sm">
                        {v.testCaseId} · {methodLabel(v.method)} · {resultLabel(v.result)}
                        {v.date ? ` · ${formatDate(v.date)}` : ""}
                        {v.evidence ? ` · ${v.evidence}` : ""}
                      </Text>
                      {canEdit && (
                        <Button size="compact-xs" variant="subtle" aria-label={`Edit verification ${v.testCaseId} of ${c.id}`} onClick={() => setEditing({ controlId: c.id, index: i })}>
                          Edit
                        </Button>
                      )}
                    </Group>
                  ))}
                </Table.Td>
                {canEdit && (
                  <Table.Td>
                    <Button size="compact-xs" variant="light" aria-label={`Add verification to ${c.id}`} onClick={() => setEditing({ controlId: c.id, index: null })}>
                      Add verification
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing && control && (
        <VerificationEditor
          control={control.title}
          verification={editing.index === null ? null : (control.verifications[editing.index] ?? null)}
          onClose={() => setEditing(null)}
          onSave={save}
        />
      )}
    </Stack>
  );
}
