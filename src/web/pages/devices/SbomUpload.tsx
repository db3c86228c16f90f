import { Alert, Button, FileInput, Group, List, Progress, Stack, Text } from "@mantine/core";
import { IconShieldCheck, IconUpload } from "@tabler/icons-react";
import { useState } from "react";
import { api, csrfHeaders } from "../../api/client";
import { formatNumber } from "../../components/format";

/** An SBOM issue ({pointer|line, message}) or, for a refused VEX document, {file, path, reason}. */
type Issue = { file?: string; message?: string; pointer?: string; line?: number; path?: string; reason?: string };
type Failure = { message: string; issues: Issue[] };
type JobStatus = { status: string; progress?: { phase?: string; done?: number; total?: number } | null; result?: { ok?: boolean; error?: { message?: string; details?: Issue[] } } | null; lastError?: string | null };

/** Sends the raw file (or a form with the SBOM and VEX files) with upload progress (XMLHttpRequest; fetch reports none). */
function send(url: string, file: File | FormData, onProgress: (fraction: number) => void): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    if (!(file instanceof FormData)) xhr.setRequestHeader("Content-Type", "application/octet-stream");
    xhr.setRequestHeader("Accept", "application/json");
    for (const [k, v] of Object.entries(csrfHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new Error("The server cannot be reached; check your connection and try again"));
    xhr.send(file);
  });
}

function failureOf(body: unknown, status: number): Failure {
  const err = (body as { error?: { message?: string; details?: Issue[] } } | null)?.error;
  return { message: err?.message ?? `The server answered ${status}`, issues: Array.isArray(err?.details) ? err.details : [] };
}

/** Upload of a new SBOM for a version: progress while sending, then the import job's progress for big files. */
export function SbomUpload({ versionId, onImported }: { versionId: string; onImported: (created: boolean) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [vex, setVex] = useState<File[]>([]);
  const [progress, setProgress] = useState<{ label: string; value: number } | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);

  const upload = async () => {
    if (!file) return;
    setFailure(null);
    setProgress({ label: "Uploading…", value: 0 });
    try {
      const url = `/api/versions/${encodeURIComponent(versionId)}/sboms?fileName=${encodeURIComponent(file.name)}`;
      const form = new FormData();
      form.append("sbom", file, file.name);
      for (const v of vex) form.append("vex", v, v.name);
      const r = await send(url, vex.length > 0 ? form : file, (f) => setProgress({ label: `Uploading… ${Math.round(f * 100)} %`, value: f * 100 }));
      if (r.status >= 400) {
        setFailure(failureOf(r.body, r.status));
        return;
      }
      const body = r.body as { created?: boolean; jobId?: string; statusUrl?: string };
      if (r.status === 202 && body.jobId) {
        const statusUrl = body.statusUrl ?? `/api/sbom-imports/${encodeURIComponent(body.jobId)}`;
        for (;;) {
          await new Promise((res) => setTimeout(res, 700));
          const job = await api.get<JobStatus>(statusUrl);
          const p = job.progress;
          const value = p?.total ? ((p.done ?? 0) / p.total) * 100 : 0;
          setProgress({ label: p?.total ? `Importing components… ${formatNumber(p.done ?? 0)} of ${formatNumber(p.total)}` : `Importing… ${p?.phase ?? ""}`, value });
          if (job.status === "failed") throw new Error(job.lastError ?? "The import failed");
          if (job.status === "done") {
            if (job.result && job.result.ok === false) {
              setFailure({ message: job.result.error?.message ?? "The SBOM was rejected", issues: job.result.error?.details ?? [] });
              return;
            }
            break;
          }
        }
        onImported(true);
      } else {
        onImported(body.created !== false);
      }
      setFile(null);
      setVex([]);
    } catch (err) {
      setFailure({ message: (err as Error).message, issues: [] });
    } finally {
      setProgress(null);
    }
  };

  return (
    <Stack gap="xs" maw={640}>
      <Group align="flex-end">
        <FileInput
          label="New SBOM"
          description="CycloneDX (JSON, XML) or SPDX (JSON, tag-value)"
          placeholder="Choose a file"
          clearable
          value={file}
          onChange={setFile}
          leftSection={<IconUpload size={16} aria-hidden />}
          w={360}
        />
        <FileInput
          label="Supplier VEX (optional)"
          description="Applied to the new SBOM's findings in the same upload"
          placeholder="Choose files"
          multiple
          clearable
          value={vex}
          onChange={setVex}
          leftSection={<IconShieldCheck size={16} aria-hidden />}
          w={280}
        />
        <Button onClick={upload} disabled={!file || progress !== null} loading={progress !== null}>
          Upload SBOM
        </Button>
      </Group>
      {progress && (
        <Stack gap={2}>
          <Progress value={progress.value} animated aria-label="SBOM import progress" />
          <Text size="xs" c="dimmed" aria-live="polite">
            {progress.label}
          </Text>
        </Stack>
      )}
      {failure && (
        <Alert color="red" role="alert" title="SBOM rejected">
          {failure.message}
          {failure.issues.length > 0 && (
            <List size="sm">
              {failure.issues.slice(0, 20).map((i) => (
                <List.Item key={`${i.file}-${i.pointer ?? i.path ?? i.line}-${i.message ?? i.reason}`}>
                  {i.pointer ?? i.path ?? (i.line ? `line ${i.line}` : "")} {i.message ?? i.reason}
                </List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
    </Stack>
  );
}
