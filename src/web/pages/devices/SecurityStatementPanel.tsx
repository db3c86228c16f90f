import { Alert, Anchor, Badge, Button, Group, Loader, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { ApiError, api, errorMessage } from "../../api/client";
import { useCan } from "../../auth/session";
import { formatDateTime } from "../../components/format";
import { ResponsibilityMatrixEditor } from "./ResponsibilityMatrixEditor";
import { type SecurityStatement, statementExportUrl, statementKeys } from "./security-statement-types";
import { type SectionDraft, StatementSectionField } from "./StatementSectionField";
import { StatementRequestsList } from "./StatementRequestsList";

type Draft = Record<string, SectionDraft>;
type FieldErrors = Record<string, { answer?: string; notes?: string }>;

const draftOf = (s: SecurityStatement): Draft => Object.fromEntries(s.sections.map((x) => [x.id, { answer: x.answer, notes: x.notes ?? "" }]));

function StatusBadge({ s }: { s: SecurityStatement }) {
  if (s.status === "published") return <Badge color="green">Published · revision {s.revision}</Badge>;
  if (s.publishedRevision) return <Badge color="yellow">Revision {s.revision} draft · revision {s.publishedRevision} published</Badge>;
  return <Badge color="gray">Draft · not published</Badge>;
}

function Downloads({ versionId, revision, label }: { versionId: string; revision?: number; label: string }) {
  return (
    <Group gap={10}>
      {(["pdf", "json"] as const).map((f) => (
        <Anchor key={f} size="sm" href={statementExportUrl(versionId, f, revision)} aria-label={`${label} as ${f.toUpperCase()}`}>
          {f.toUpperCase()}
        </Anchor>
      ))}
    </Group>
  );
}

/** The version's manufacturer disclosure statement (MDS2 sections): answer, save, publish, download; and the model's matrix. */
export function SecurityStatementPanel({ versionId }: { versionId: string }) {
  const queryClient = useQueryClient();
  const canEdit = useCan("advisories:write");
  const canPublish = useCan("advisories:publish");
  const statement = useQuery({ queryKey: statementKeys.version(versionId), queryFn: () => api.get<SecurityStatement>(`/api/versions/${encodeURIComponent(versionId)}/security-statement`) });
  const initial = useMemo(() => (statement.data ? draftOf(statement.data) : {}), [statement.data]);
  const [draft, setDraft] = useState<Draft>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<{ title: string; message: string; items: string[] } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setDraft(initial), [initial]);

  if (statement.isPending) return <Loader />;
  if (statement.isError) return <Alert color="red">The security statement could not be loaded: {errorMessage(statement.error)}</Alert>;
  const s = statement.data;
  const dirty = JSON.stringify(draft) !== JSON.stringify(initial);
  const unanswered = s.sections.filter((x) => !draft[x.id]?.answer);
  const url = `/api/versions/${encodeURIComponent(versionId)}/security-statement`;
  const refresh = (next: SecurityStatement) => queryClient.setQueryData(statementKeys.version(versionId), next);

  const save = async () => {
    const sent = s.sections.filter((x) => draft[x.id]?.answer);
    setBusy(true);
    setFailure(null);
    setErrors({});
    try {
      const next = await api.put<SecurityStatement>(url, { answers: sent.map((x) => ({ sectionId: x.id, answer: draft[x.id].answer, notes: draft[x.id].notes.trim() || null })) });
      refresh(next);
      notifications.show({ color: "teal", message: next.revision !== s.revision ? `Saved as revision ${next.revision} (draft)` : "Answers saved" });
    } catch (err) {
      const fieldErrors: FieldErrors = {};
      for (const d of err instanceof ApiError ? err.details : []) {
        const m = /^body\/answers\/(\d+)\/(answer|notes|sectionId)/.exec(d.path);
        const section = m ? sent[Number(m[1])] : undefined;
        if (section) fieldErrors[section.id] = { ...fieldErrors[section.id], [m![2] === "notes" ? "notes" : "answer"]: d.message };
      }
      setErrors(fieldErrors);
      setFailure({ title: "Not saved", message: Object.keys(fieldErrors).length ? "Please correct the marked sections." : errorMessage(err), items: [] });
    } finally {
      setBusy(false);
    }
  };

  const publish = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const next = await api.post<SecurityStatement>(`${url}/publish`);
      refresh(next);
      void queryClient.invalidateQueries({ queryKey: statementKeys.portal });
      void queryClient.invalidateQueries({ queryKey: statementKeys.requests(versionId) });
      notifications.show({ color: "teal", message: `Revision ${next.revision} published` });
    } catch (err) {
      const items = err instanceof ApiError ? err.details.map((d) => s.sections.find((x) => `sections/${x.id}` === d.path)?.title ?? d.path) : [];
      setFailure({ title: "Not published", message: errorMessage(err), items: items.length > 5 ? [] : items });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="md">
      <Stack gap="xs" component="section" aria-label="Statement status">
        <Group justify="space-between">
          <Group gap="sm">
            <Title order={2} size="h4">
              Manufacturer disclosure statement
            </Title>
            <StatusBadge s={s} />
          </Group>
          {s.revisions.length > 0 ? (
            <Group gap={6}>
              <Text size="sm">Revision {s.revisions[0].revision}:</Text>
              <Downloads versionId={versionId} label={`Download revision ${s.revisions[0].revision}`} />
            </Group>
          ) : (
            <Group gap={6}>
              <Text size="sm">Draft preview:</Text>
              <Downloads versionId={versionId} label="Download the draft preview" />
            </Group>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          Answers follow the section structure of the {s.structure.split(":")[0]}. A published revision never changes: editing it starts the next
          revision, and hospitals see the new one once it is published. Basis: {s.basis.join("; ")}.
        </Text>
      </Stack>

      <StatementRequestsList versionId={versionId} />

      {s.sections.map((section, i) => (
        <StatementSectionField
          key={section.id}
          section={section}
          index={i}
          value={draft[section.id] ?? { answer: null, notes: "" }}
          error={errors[section.id]}
          readOnly={!canEdit}
          onChange={(next) => setDraft((d) => ({ ...d, [section.id]: next }))}
        />
      ))}

      {failure && (
        <Alert color="red" variant="light" title={failure.title} role="alert" icon={<IconAlertTriangle size={18} aria-hidden />}>
          {failure.message}
          {failure.items.length > 0 && <Text size="sm">{failure.items.join(", ")}</Text>}
        </Alert>
      )}
      {(canEdit || canPublish) && (
        <Group>
          {canEdit && (
            <Button onClick={save} loading={busy} disabled={!dirty}>
              Save answers
            </Button>
          )}
          {canPublish && (
            <Button variant="light" onClick={publish} loading={busy} disabled={dirty || s.status === "published"}>
              Publish revision {s.revision}
            </Button>
          )}
          <Text size="sm" c="dimmed">
            {dirty ? "Unsaved changes. " : ""}
            {unanswered.length > 0 ? `${unanswered.length} of ${s.sections.length} sections unanswered; publishing needs all.` : "All sections answered."}
          </Text>
        </Group>
      )}

      {s.revisions.length > 0 && (
        <Table fz="sm" aria-label="Published revisions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Revision</Table.Th>
              <Table.Th>Published</Table.Th>
              <Table.Th>By</Table.Th>
              <Table.Th>SHA-256 (JSON)</Table.Th>
              <Table.Th>Downloads</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {s.revisions.map((r) => (
              <Table.Tr key={r.revision}>
                <Table.Td>{r.revision}</Table.Td>
                <Table.Td>{formatDateTime(r.publishedAt)}</Table.Td>
                <Table.Td>{r.publishedBy}</Table.Td>
                <Table.Td>
                  <code>{r.sha256.slice(0, 16)}…</code>
                </Table.Td>
                <Table.Td>
                  <Downloads versionId={versionId} revision={r.revision} label={`Download revision ${r.revision}`} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}

      <ResponsibilityMatrixEditor modelId={s.deviceModel.id} modelName={s.deviceModel.name} onSaved={() => void queryClient.invalidateQueries({ queryKey: statementKeys.version(versionId) })} />
    </Stack>
  );
}
