import { Button, Group, Select, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { api, errorMessage } from "../../api/client";
import { RECORD_KINDS, recordKindLabel, useRecordOptions } from "./record-kinds";
import { useComplianceMutation } from "./workspace-api";
import { DateField } from "../../components/DateField";

/** Links an existing Vigil record (policy, risk, incident, training campaign, …) to a control as evidence. */
export function LinkRecordEvidence({ controlId }: { controlId: string }) {
  const [kind, setKind] = useState<string | null>(null);
  const [recordId, setRecordId] = useState<string | null>(null);
  const [validUntil, setValidUntil] = useState("");
  const options = useRecordOptions(kind);
  const chosen = options.data?.find((o) => o.value === recordId);
  const link = useComplianceMutation(() =>
    api.post("/api/compliance/evidence", {
      title: `${recordKindLabel(kind!)}: ${chosen?.label ?? recordId}`.slice(0, 300),
      record: { kind, id: recordId },
      ...(validUntil ? { validUntil } : {}),
      controlIds: [controlId],
    }),
  );
  return (
    <Stack gap={6}>
      <Text size="sm" fw={500}>
        Link a Vigil record as evidence
      </Text>
      <Group align="flex-end" grow>
        <Select
          label="Record kind"
          placeholder="Choose a kind"
          data={RECORD_KINDS.map((k) => ({ value: k.kind, label: k.label }))}
          value={kind}
          onChange={(v) => {
            setKind(v);
            setRecordId(null);
            link.reset();
          }}
        />
        <Select
          label="Record"
          placeholder={kind ? (options.isLoading ? "Loading…" : "Search by name or reference") : "Choose a kind first"}
          searchable
          nothingFoundMessage={options.isLoading ? "Loading…" : "No record of this kind"}
          disabled={!kind}
          data={options.data ?? []}
          value={recordId}
          onChange={setRecordId}
        />
      </Group>
      <Group align="flex-end">
        <DateField label="Record valid until" value={validUntil} onChange={setValidUntil} w={160} />
        <Button variant="light" disabled={!kind || !recordId} loading={link.isPending} onClick={() => link.mutate(undefined, { onSuccess: () => setRecordId(null) })}>
          Link record
        </Button>
      </Group>
      {options.error && <Text size="sm" c="red">{errorMessage(options.error)}</Text>}
      {link.error && <Text size="sm" c="red">{errorMessage(link.error)}</Text>}
    </Stack>
  );
}
