import { Alert, Button, Group, MultiSelect, Paper, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useMemo, useState } from "react";
import { errorMessage } from "../../api/client";
import { useDevices } from "../../api/queries";
import { formatDateTime } from "../../components/format";
import { type Fsca, type Incident, incidentApi, useInvalidateIncident, useVigilance } from "./api";
import { isoToLocalInput, localInputToIso } from "./format";

const MIR_TYPES = [
  { value: "initial", label: "Initial" },
  { value: "follow_up", label: "Follow-up" },
  { value: "final", label: "Final" },
];
const FSCA_STATUS: Record<Fsca["status"], string> = { planned: "Planned", in_progress: "In progress", completed: "Completed", cancelled: "Cancelled" };

function useAction() {
  const invalidate = useInvalidateIncident();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      await invalidate();
      return true;
    } catch (err) {
      setError(errorMessage(err));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

function MirForm({ incident }: { incident: Incident }) {
  const { busy, error, run } = useAction();
  const [v, setV] = useState({ reference: "", type: "initial", submittedAt: "", competentAuthority: "" });
  const set = (k: keyof typeof v) => (e: React.ChangeEvent<HTMLInputElement>) => {
    const value = e.currentTarget.value;
    setV((x) => ({ ...x, [k]: value }));
  };
  const save = async () => {
    if (await run(() => incidentApi.addMir(incident.id, { ...v, submittedAt: localInputToIso(v.submittedAt) }))) setV({ ...v, reference: v.reference, type: "follow_up", submittedAt: "" });
  };
  return (
    <Stack gap="xs">
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Group align="flex-end" wrap="wrap">
        <TextInput label="MIR reference" value={v.reference} onChange={set("reference")} />
        <Select label="Type" data={MIR_TYPES} value={v.type} onChange={(t) => setV((x) => ({ ...x, type: t ?? "initial" }))} allowDeselect={false} w={140} />
        <TextInput type="datetime-local" label="Submitted at" value={v.submittedAt} onChange={set("submittedAt")} />
        <TextInput label="Competent authority" placeholder="e.g. BfArM" value={v.competentAuthority} onChange={set("competentAuthority")} />
        <Button onClick={() => void save()} loading={busy} disabled={!v.reference || !v.submittedAt || !v.competentAuthority}>
          Record MIR
        </Button>
      </Group>
    </Stack>
  );
}

function FscaForm({ incident }: { incident: Incident }) {
  const devices = useDevices();
  const { busy, error, run } = useAction();
  const [v, setV] = useState({ reference: "", description: "", startedAt: "", affectedDevices: "" });
  const [versions, setVersions] = useState<string[]>([]);
  const versionOptions = useMemo(
    () => (devices.data ?? []).map((m) => ({ group: m.name, items: m.versions.map((x) => ({ value: x.id, label: `${m.modelNumber} ${x.version}` })) })),
    [devices.data],
  );
  const set = (k: keyof typeof v) => (e: React.ChangeEvent<HTMLInputElement>) => {
    const value = e.currentTarget.value;
    setV((x) => ({ ...x, [k]: value }));
  };
  const save = async () => {
    const ok = await run(() =>
      incidentApi.addFsca(incident.id, {
        reference: v.reference,
        description: v.description,
        startedAt: localInputToIso(v.startedAt),
        affectedVersionIds: versions,
        affectedDevices: v.affectedDevices || null,
      }),
    );
    if (ok) {
      setV({ reference: "", description: "", startedAt: "", affectedDevices: "" });
      setVersions([]);
    }
  };
  return (
    <Stack gap="xs">
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Group align="flex-end" wrap="wrap">
        <TextInput label="FSCA reference" value={v.reference} onChange={set("reference")} />
        <TextInput type="datetime-local" label="Started at" value={v.startedAt} onChange={set("startedAt")} />
        <TextInput label="Description" value={v.description} onChange={set("description")} w={320} />
      </Group>
      <Group align="flex-end" wrap="wrap">
        <MultiSelect label="Affected versions" data={versionOptions} value={versions} onChange={setVersions} searchable w={320} />
        <TextInput label="Devices concerned (serials, lots, sites)" value={v.affectedDevices} onChange={set("affectedDevices")} w={320} />
        <Button onClick={() => void save()} loading={busy} disabled={!v.reference || !v.startedAt}>
          Record FSCA
        </Button>
      </Group>
    </Stack>
  );
}

function FscaRow({ incident, fsca, canWrite, versionName }: { incident: Incident; fsca: Fsca; canWrite: boolean; versionName: (id: string) => string }) {
  const { busy, error, run } = useAction();
  const [sentAt, setSentAt] = useState(isoToLocalInput(fsca.fieldSafetyNoticeSentAt));
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={600}>
          {fsca.reference}
        </Text>
        <Text size="xs">{fsca.description}</Text>
        <Text size="xs" c="dimmed">
          {[...fsca.affectedVersionIds.map(versionName), fsca.affectedDevices].filter(Boolean).join("; ")}
        </Text>
      </Table.Td>
      <Table.Td>{formatDateTime(fsca.startedAt)}</Table.Td>
      <Table.Td>
        {fsca.fieldSafetyNoticeSentAt || !canWrite ? (
          formatDateTime(fsca.fieldSafetyNoticeSentAt)
        ) : (
          <Group gap={4} wrap="nowrap">
            <TextInput type="datetime-local" size="xs" aria-label={`Field safety notice of ${fsca.reference} sent at`} value={sentAt} onChange={(e) => setSentAt(e.currentTarget.value)} />
            <Button size="xs" variant="light" loading={busy} disabled={!sentAt} onClick={() => void run(() => incidentApi.updateFsca(incident.id, fsca.id, { fieldSafetyNoticeSentAt: localInputToIso(sentAt) }))}>
              Save
            </Button>
          </Group>
        )}
        {error && (
          <Text size="xs" c="red" role="alert">
            {error}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        {canWrite ? (
          <Select
            size="xs"
            aria-label={`Status of ${fsca.reference}`}
            data={Object.entries(FSCA_STATUS).map(([value, label]) => ({ value, label }))}
            value={fsca.status}
            allowDeselect={false}
            onChange={(s) => s && s !== fsca.status && void run(() => incidentApi.updateFsca(incident.id, fsca.id, { status: s }))}
          />
        ) : (
          FSCA_STATUS[fsca.status]
        )}
        {fsca.completedAt && <Text size="xs">completed {formatDateTime(fsca.completedAt)}</Text>}
      </Table.Td>
    </Table.Tr>
  );
}

/** MDR/IVDR vigilance alongside NIS2: the manufacturer incident reports and field safety corrective actions. */
export function VigilanceTab({ incident, canWrite }: { incident: Incident; canWrite: boolean }) {
  const vigilance = useVigilance(incident.id);
  const devices = useDevices();
  const versionName = (id: string) => {
    for (const m of devices.data ?? []) for (const v of m.versions) if (v.id === id) return `${m.modelNumber} ${v.version}`;
    return id;
  };
  return (
    <Stack gap="md">
      {incident.deviceVigilance === "unknown" && (
        <Alert color="yellow">
          Not yet known whether this is a (potential) MDR/IVDR serious incident: a provisional clock runs from awareness until you decide on the overview.
        </Alert>
      )}
      {!incident.deviceVigilance && (
        <Alert color="gray">
          This incident is not flagged as a (potential) MDR/IVDR serious incident. Set the vigilance category on the overview to track manufacturer incident
          reports; corrective actions can be recorded either way.
        </Alert>
      )}
      <Paper withBorder p="md">
        <Title order={3} size="h5" mb="sm">
          Manufacturer incident reports (MIR)
        </Title>
        <Table withTableBorder fz="sm" aria-label="Manufacturer incident reports" mb="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Reference</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th>Submitted</Table.Th>
              <Table.Th>Competent authority</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(vigilance.data?.mirs ?? []).map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td fw={600}>{m.reference}</Table.Td>
                <Table.Td>{MIR_TYPES.find((t) => t.value === m.type)?.label}</Table.Td>
                <Table.Td>{formatDateTime(m.submittedAt)}</Table.Td>
                <Table.Td>{m.competentAuthority}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {canWrite && incident.deviceVigilance && incident.deviceVigilance !== "unknown" && <MirForm incident={incident} />}
      </Paper>
      <Paper withBorder p="md">
        <Title order={3} size="h5" mb="sm">
          Field safety corrective actions (FSCA)
        </Title>
        <Table withTableBorder fz="sm" aria-label="Field safety corrective actions" mb="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Action</Table.Th>
              <Table.Th>Started</Table.Th>
              <Table.Th>Field safety notice sent</Table.Th>
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(vigilance.data?.fscas ?? []).map((f) => (
              <FscaRow key={`${f.id}:${f.updatedAt ?? ""}`} incident={incident} fsca={f} canWrite={canWrite} versionName={versionName} />
            ))}
          </Table.Tbody>
        </Table>
        {canWrite && <FscaForm incident={incident} />}
      </Paper>
    </Stack>
  );
}
