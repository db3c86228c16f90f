import { Alert, Button, Checkbox, FileInput, Group, List, Modal, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { ApiError, api, errorMessage } from "../../api/client";
import { useComplianceMutation } from "./workspace-api";

type Imported = { id: string; key: string; requirements: number };
/** A problem of a rejected framework file as the import answers it (400 details). */
type ImportProblem = { line: number | null; column: number | null; path: string; reason: string };

/** The 400 details of the import carry line and column; their message reads "line L, column C (path): reason". */
function importProblems(err: unknown): ImportProblem[] {
  if (!(err instanceof ApiError) || err.status !== 400) return [];
  return err.details.map((d) => {
    const { line = null, column = null } = d as { line?: number | null; column?: number | null };
    const m = /^(?:line \d+, column \d+|file)(?: \(([^)]*)\))?: ([\s\S]*)$/.exec(d.message);
    return { line, column, path: m?.[1] ?? "", reason: m ? m[2] : d.message };
  });
}

/** Uploads a custom framework file (YAML or JSON); a rejected file lists every problem with its line and column. */
export function ImportFrameworkModal({ onClose }: { onClose: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [replace, setReplace] = useState(false);
  const upload = useComplianceMutation(async (f: File) =>
    api.post<Imported>("/api/compliance/frameworks/import", { fileName: f.name, content: await f.text(), ...(replace ? { replace: true } : {}) }),
  );
  const problems = importProblems(upload.error);
  const submit = () => {
    if (!file) return;
    upload.mutate(file, {
      onSuccess: (r) => {
        notifications.show({ color: "green", message: `Framework ${r.key} imported with ${r.requirements} requirements` });
        onClose();
      },
    });
  };
  return (
    <Modal opened onClose={onClose} title="Import framework" size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          A YAML or JSON file with <code>framework</code> (id, name) and <code>requirements</code>, each optionally mapped to your controls or to catalog
          requirements. The file format is described in docs/custom-framework.md.
        </Text>
        <FileInput
          label="Framework file"
          placeholder="Choose a .yaml, .yml or .json file"
          accept=".yaml,.yml,.json,application/json,application/yaml,text/yaml"
          value={file}
          onChange={(f) => {
            setFile(f);
            upload.reset();
          }}
          clearable
        />
        <Checkbox label="Replace an imported framework with the same id" checked={replace} onChange={(e) => setReplace(e.currentTarget.checked)} />
        {upload.error && (
          <Alert color="red" title={problems.length > 0 ? `The file was not imported: ${problems.length} problem(s)` : "The file was not imported"}>
            {problems.length > 0 ? (
              <List size="sm" spacing={4} aria-label="Problems in the framework file">
                {problems.map((p, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: problems have no identity of their own and never reorder
                  <List.Item key={i}>
                    <Text span size="sm" fw={600}>
                      {p.line !== null ? `Line ${p.line}, column ${p.column ?? "?"}` : "File"}
                    </Text>
                    {": "}
                    {p.reason}
                    {p.path && (
                      <Text span size="xs" c="dimmed">
                        {" "}
                        (at {p.path})
                      </Text>
                    )}
                  </List.Item>
                ))}
              </List>
            ) : (
              <Text size="sm">{errorMessage(upload.error)}</Text>
            )}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={submit} disabled={!file} loading={upload.isPending}>
            Import
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
