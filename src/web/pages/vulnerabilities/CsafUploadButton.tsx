import { Alert, Button, FileButton, List } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconUpload } from "@tabler/icons-react";
import { useState } from "react";
import { ApiError, api, errorMessage } from "../../api/client";

type UploadOutcome = { documents: number; added: number; unchanged: number; skipped: string[] };
export type UploadRefusal = { provider: string; message: string; details: Array<{ path: string; message: string }> };

/** Why an upload was refused: each file, JSON path and reason. Shown outside the table, where it has room. */
export function UploadRefusalAlert({ refusal }: { refusal: UploadRefusal }) {
  return (
    <Alert color="red" role="alert" title={`Upload to ${refusal.provider} refused, nothing stored`}>
      {refusal.message}
      {refusal.details.length > 1 && (
        <List size="sm">
          {refusal.details.slice(0, 20).map((d) => (
            <List.Item key={`${d.path} ${d.message}`}>
              {d.path}: {d.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

/**
 * Uploads a supplier's CSAF documents (zip archives or .json files) to an upload provider. One invalid document
 * refuses the whole upload; the refusal lists each file, JSON path and reason.
 */
export function CsafUploadButton({ providerId, providerName, onUploaded, onRefused }: { providerId: string; providerName: string; onUploaded: () => void; onRefused: (refusal: UploadRefusal | null) => void }) {
  const [busy, setBusy] = useState(false);
  const upload = async (files: File[]) => {
    if (files.length === 0) return;
    setBusy(true);
    onRefused(null);
    try {
      const form = new FormData();
      for (const f of files) form.append("files", f, f.name);
      const outcome = await api.post<UploadOutcome>(`/api/csaf-providers/${encodeURIComponent(providerId)}/documents`, form);
      notifications.show({ color: "teal", title: "Documents uploaded", message: `${outcome.documents} documents: ${outcome.added} new revision${outcome.added === 1 ? "" : "s"}, ${outcome.unchanged} unchanged.` });
      onUploaded();
    } catch (err) {
      onRefused({ provider: providerName, message: errorMessage(err), details: err instanceof ApiError ? err.details : [] });
    } finally {
      setBusy(false);
    }
  };
  return (
    <FileButton onChange={(f) => void upload(f)} accept=".zip,.json,application/zip,application/json" multiple>
      {(props) => (
        <Button {...props} size="xs" variant="light" loading={busy} leftSection={<IconUpload size={14} aria-hidden />} aria-label={`Upload documents to ${providerName}`}>
          Upload documents
        </Button>
      )}
    </FileButton>
  );
}
