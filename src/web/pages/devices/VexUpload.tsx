import { Alert, Button, FileInput, Group, List, Stack, Text } from "@mantine/core";
import { IconShieldCheck } from "@tabler/icons-react";
import { useState } from "react";
import { api, errorMessage } from "../../api/client";

type Outcome = {
  documents: Array<{ fileName: string; documentId: string; revision: string | null; publisher: string | null; suggestions: { created: number; updated: number; unchanged: number; applied: number }; unknownProducts: Array<{ vulnerability: string; product: string }> }>;
};

async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Upload of suppliers' VEX documents beside the SBOM: their statements become suggestions on the version's findings. */
export function VexUpload({ versionId, onImported }: { versionId: string; onImported: () => void }) {
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  const upload = async () => {
    setBusy(true);
    setFailure(null);
    setOutcome(null);
    try {
      const payload = { files: await Promise.all(files.map(async (f) => ({ name: f.name, contentBase64: await base64Of(f) }))) };
      setOutcome(await api.post<Outcome>(`/api/versions/${encodeURIComponent(versionId)}/vex`, payload));
      setFiles([]);
      onImported();
    } catch (err) {
      // The message names the first refused file, the path inside it and the reason.
      setFailure(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="xs" maw={640}>
      <Group align="flex-end">
        <FileInput
          label="Supplier VEX"
          description="CycloneDX VEX (1.4–1.6), OpenVEX 0.2 or CSAF 2.0 from a component's supplier"
          placeholder="Choose files"
          multiple
          clearable
          value={files}
          onChange={setFiles}
          leftSection={<IconShieldCheck size={16} aria-hidden />}
          w={360}
        />
        <Button onClick={upload} disabled={files.length === 0 || busy} loading={busy}>
          Import VEX
        </Button>
      </Group>
      {outcome && (
        <Alert color="teal" title="VEX imported" role="status">
          <List size="sm">
            {outcome.documents.map((d) => (
              <List.Item key={`${d.fileName}-${d.documentId}`}>
                {d.publisher ?? "Unknown publisher"}, {d.documentId}
                {d.revision ? ` rev ${d.revision}` : ""}: {d.suggestions.created} new and {d.suggestions.updated} updated suggestion(s)
                {d.suggestions.applied > 0 ? `, ${d.suggestions.applied} applied by trust rule` : ""}
                {d.unknownProducts.length > 0 && (
                  <Text size="xs" c="orange">
                    Not in this version's SBOM: {d.unknownProducts.map((u) => `${u.vulnerability} in ${u.product}`).join("; ")}
                  </Text>
                )}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {failure && (
        <Alert color="red" role="alert" title="VEX rejected">
          {failure} Nothing was imported.
        </Alert>
      )}
    </Stack>
  );
}
