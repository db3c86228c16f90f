import { Alert, Anchor, Button, Code, FileInput, Group, Paper, Stack, Table, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { errorMessage } from "../../api/client";
import { formatDateTime, formatNumber } from "../../components/format";
import { type Incident, incidentApi, useEvidence, useInvalidateIncident } from "./api";

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function EvidenceTab({ incident, canWrite }: { incident: Incident; canWrite: boolean }) {
  const evidence = useEvidence(incident.id);
  const invalidate = useInvalidateIncident();
  const [file, setFile] = useState<File | null>(null);
  const [description, setDescription] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      await incidentApi.addEvidence(incident.id, {
        fileName: file.name,
        mediaType: file.type || "application/octet-stream",
        contentBase64: await toBase64(file),
        description: description.trim() || undefined,
      });
      setFile(null);
      setDescription("");
      await invalidate();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="md">
      {canWrite && (
        <Paper withBorder p="md">
          <Stack gap="sm">
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Group align="flex-end" wrap="wrap">
              <FileInput label="Evidence file" description="At most 10 MiB; stored with its SHA-256" value={file} onChange={setFile} clearable w={320} />
              <TextInput label="Description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} w={320} />
              <Button onClick={() => void upload()} loading={busy} disabled={!file}>
                Upload
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
      <Table withTableBorder striped aria-label="Evidence" fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>File</Table.Th>
            <Table.Th ta="right">Size (bytes)</Table.Th>
            <Table.Th>SHA-256</Table.Th>
            <Table.Th>Uploaded</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(evidence.data ?? []).length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={4}>
                <Text size="sm" c="dimmed">
                  No evidence attached
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {(evidence.data ?? []).map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td>
                <Anchor href={`${incidentApi.base(incident.id)}/evidence/${e.id}`} download={e.fileName} size="sm">
                  {e.fileName}
                </Anchor>
                {e.description && <Text size="xs">{e.description}</Text>}
              </Table.Td>
              <Table.Td ta="right">{formatNumber(e.size)}</Table.Td>
              <Table.Td>
                <Code style={{ wordBreak: "break-all" }} data-sha256>
                  {e.sha256}
                </Code>
              </Table.Td>
              <Table.Td>
                <Text size="xs">
                  {formatDateTime(e.createdAt)} by {e.uploadedBy}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
