import { Alert, Button, FileInput, Group, List, Progress, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconUpload } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError, api, errorMessage } from "../../api/client";
import { useCan } from "../../auth/session";
import { type Column, DataTable } from "../../components/DataTable";
import { formatDateTime, formatNumber } from "../../components/format";
import { Page } from "../../components/Page";
import { findingKeys } from "./FindingDrawer";
import type { ImportItem, Paged } from "./types";

const importKeys = ["vulnerability-imports"] as const;

function toBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const fileNames = (files: ImportItem["files"]) => files.map((f) => `${f.name} (${f.kind}, ${formatNumber(f.records)})`).join(", ");

/** Upload OSV, CVE JSON 5, KEV and EPSS files; each import is listed with what it changed. */
export function ImportsPage() {
  const canImport = useCan("vulnerabilities:write");
  const queryClient = useQueryClient();
  const imports = useQuery({ queryKey: importKeys, queryFn: () => api.get<Paged<ImportItem>>("/api/vulnerability-imports?limit=100") });
  const [files, setFiles] = useState<File[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<{ message: string; details: string[] } | null>(null);

  const upload = async () => {
    setFailure(null);
    try {
      setBusy("Reading files…");
      const payload = { files: await Promise.all(files.map(async (f) => ({ name: f.name, contentBase64: toBase64(await f.arrayBuffer()) }))) };
      setBusy("Importing…");
      const r = await api.post<Partial<ImportItem> & { jobId?: string; statusUrl?: string }>("/api/vulnerability-imports", payload);
      if (r.jobId) {
        const statusUrl = r.statusUrl ?? `/api/vulnerability-imports/jobs/${encodeURIComponent(r.jobId)}`;
        for (;;) {
          await new Promise((res) => setTimeout(res, 1000));
          const job = await api.get<{ status: string; lastError?: string | null; progress?: { done?: number; total?: number } | null }>(statusUrl);
          if (job.status === "failed") throw new Error(job.lastError ?? "The import failed");
          if (job.status === "done" || job.status === "succeeded" || job.status === "completed") break;
          const p = job.progress;
          setBusy(p?.total ? `Importing… ${formatNumber(p.done ?? 0)} of ${formatNumber(p.total)}` : "Importing…");
        }
      }
      setFiles([]);
      notifications.show({ color: "teal", title: "Vulnerability data imported", message: "Findings were updated for every affected version." });
      void queryClient.invalidateQueries({ queryKey: importKeys });
      void queryClient.invalidateQueries({ queryKey: findingKeys.all });
    } catch (err) {
      const details =
        err instanceof ApiError ? err.details.map((d) => `${d.path}: ${d.message}`) : [];
      setFailure({ message: errorMessage(err), details });
    } finally {
      setBusy(null);
    }
  };

  const columns: Column<ImportItem>[] = [
    { accessor: "startedAt", title: "Started", render: (i) => formatDateTime(i.startedAt) },
    { accessor: "source", title: "Source" },
    { accessor: "files", title: "Files", render: (i) => <Text size="sm" lineClamp={2}>{fileNames(i.files)}</Text> },
    { accessor: "importedByLabel", title: "By" },
    {
      accessor: "counts",
      title: "Records",
      render: (i) => `${formatNumber(i.counts.added)} added, ${formatNumber(i.counts.updated)} updated, ${formatNumber(i.counts.unchanged)} unchanged, ${formatNumber(i.counts.withdrawn)} withdrawn${i.counts.kev ? `, ${formatNumber(i.counts.kev)} KEV` : ""}${i.counts.epss ? `, ${formatNumber(i.counts.epss)} EPSS` : ""}`,
    },
    { accessor: "findings", title: "Findings", render: (i) => `${i.findings.created} new, ${i.findings.resolved} resolved, ${i.findings.reopened} reopened` },
    { accessor: "warningCount", title: "Warnings", render: (i) => <span title={i.warnings.slice(0, 10).map((w) => `${w.file}: ${w.path}: ${w.reason}`).join("\n")}>{formatNumber(i.warningCount)}</span> },
  ];

  return (
    <Page title="Vulnerability data" description="Import OSV records (JSON, folders as zip, or an ecosystem's all.zip), CVE JSON 5 records, the CISA KEV catalog and EPSS scores. Nothing is downloaded by Vigil itself.">
      {canImport && (
        <Stack gap="xs" maw={640}>
          <FileInput label="Files" placeholder="Choose files" multiple clearable value={files} onChange={setFiles} leftSection={<IconUpload size={16} aria-hidden />} />
          <Group>
            <Button onClick={upload} disabled={files.length === 0 || busy !== null} loading={busy !== null}>
              Import
            </Button>
            {busy && (
              <Text size="sm" c="dimmed" aria-live="polite">
                {busy}
              </Text>
            )}
          </Group>
          {busy && <Progress value={100} animated striped aria-label="Import in progress" />}
          {failure && (
            <Alert color="red" role="alert" title="Not imported">
              {failure.message}
              {failure.details.length > 0 && (
                <List size="sm">
                  {failure.details.slice(0, 20).map((d) => (
                    <List.Item key={d}>{d}</List.Item>
                  ))}
                </List>
              )}
            </Alert>
          )}
        </Stack>
      )}
      {imports.isError && (
        <Alert color="red" role="alert" title="Import history could not be loaded">
          {errorMessage(imports.error)}
        </Alert>
      )}
      <DataTable label="Import history" records={imports.data?.items} fetching={imports.isPending} columns={columns} emptyText="No vulnerability data imported yet." />
    </Page>
  );
}
