import { Alert, Badge, Button, FileInput, Group, NumberInput, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useParams } from "react-router";
import { api, errorMessage } from "../../api/client";
import { useUsers } from "../../api/queries";
import { useSession } from "../../auth/session";
import { Page } from "../../components/Page";
import { LinkRecordEvidence } from "./LinkRecordEvidence";
import { recordKindLabel } from "./record-kinds";
import { decisionOn, SuggestedLinkActions } from "./SuggestedLinkActions";
import { CONTROL_STATUSES, type ControlDetail, fileToBase64, label, statusColor, useComplianceMutation } from "./workspace-api";
import { DateField } from "../../components/DateField";

/** One control: tailor it, record status/owner/maturity, attach evidence, see its mappings both ways and confirm suggested links. */
export function ControlDetailPage() {
  const { id } = useParams();
  const { user } = useSession();
  const canWrite = user.permissions.includes("compliance:write");
  const q = useQuery({ queryKey: ["compliance", "control", id], queryFn: () => api.get<ControlDetail>(`/api/compliance/controls/${id}`) });
  const users = useUsers(user.permissions.includes("users:manage"));
  const [form, setForm] = useState<Partial<ControlDetail>>({});
  const [file, setFile] = useState<File | null>(null);
  const [validUntil, setValidUntil] = useState("");
  useEffect(() => {
    if (q.data) setForm(q.data);
  }, [q.data]);
  const save = useComplianceMutation((body: Record<string, unknown>) => api.patch(`/api/compliance/controls/${id}`, body));
  const upload = useComplianceMutation(async (f: File) =>
    api.post("/api/compliance/evidence", {
      title: f.name,
      ...(validUntil ? { validUntil } : {}),
      file: { fileName: f.name, mediaType: f.type || "application/octet-stream", contentBase64: await fileToBase64(f) },
      controlIds: [id],
    }),
  );
  const c = q.data;
  if (!c) return <Page title="Control">{q.error ? <Alert color="red">{errorMessage(q.error)}</Alert> : <Text>Loading…</Text>}</Page>;
  const set = (k: keyof ControlDetail) => (v: unknown) => setForm((f) => ({ ...f, [k]: v }));
  return (
    <Page title={`${c.code} ${c.title}`} description={c.libraryId ? `Adopted from the control library (${c.libraryId}).` : "Your own control."}>
      <Group>
        <Badge color={statusColor[c.effectiveStatus]} size="lg" variant="light" data-testid="effective-status">{label(c.effectiveStatus)}</Badge>
        <Text size="sm" c="dimmed">Owner {c.ownerName ?? "—"} · due {c.dueDate ?? "—"} · maturity {c.maturity}/5</Text>
      </Group>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Stack gap="xs">
          <TextInput label="Title" value={form.title ?? ""} onChange={(e) => set("title")(e.currentTarget.value)} disabled={!canWrite} />
          <Textarea label="Description (tailor it to your organisation)" autosize minRows={3} value={form.description ?? ""} onChange={(e) => set("description")(e.currentTarget.value)} disabled={!canWrite} />
          <Group grow>
            <Select label="Status" data={CONTROL_STATUSES.map((s) => ({ value: s, label: label(s) }))} value={form.status ?? null} onChange={(v) => set("status")(v)} disabled={!canWrite} />
            <Select label="Applicable" data={[{ value: "yes", label: "yes" }, { value: "no", label: "no (excluded)" }]} value={form.applicable === false ? "no" : "yes"} onChange={(v) => set("applicable")(v !== "no")} disabled={!canWrite} />
          </Group>
          {(form.applicable === false || form.status === "not_applicable") && (
            <Textarea label="Justification for exclusion" value={form.exclusionJustification ?? ""} onChange={(e) => set("exclusionJustification")(e.currentTarget.value)} disabled={!canWrite} />
          )}
          <Group grow>
            {users.data ? (
              <Select label="Owner" clearable data={users.data.map((u) => ({ value: u.id, label: u.name }))} value={form.ownerId ?? null} onChange={(v) => set("ownerId")(v)} disabled={!canWrite} />
            ) : null}
            <DateField label="Due date" value={form.dueDate ?? ""} onChange={(v) => set("dueDate")(v || null)} disabled={!canWrite} />
            <NumberInput label="Maturity (0–5)" min={0} max={5} value={form.maturity ?? 0} onChange={(v) => set("maturity")(Number(v))} disabled={!canWrite} />
          </Group>
          <Textarea label="Notes" value={form.notes ?? ""} onChange={(e) => set("notes")(e.currentTarget.value)} disabled={!canWrite} />
          {canWrite && (
            <Group>
              <Button
                loading={save.isPending}
                onClick={() =>
                  save.mutate({
                    title: form.title,
                    description: form.description,
                    status: form.status,
                    applicable: form.applicable,
                    exclusionJustification: form.exclusionJustification ?? null,
                    ...(users.data ? { ownerId: form.ownerId ?? null } : {}),
                    dueDate: form.dueDate || null,
                    maturity: form.maturity,
                    notes: form.notes ?? "",
                  })
                }
              >
                Save control
              </Button>
              {save.isSuccess && <Text size="sm" c="green">Saved</Text>}
              {save.error && <Text size="sm" c="red">{errorMessage(save.error)}</Text>}
            </Group>
          )}
        </Stack>
        <Stack gap="xs">
          <Title order={2} fz="lg">Evidence</Title>
          {c.evidenceHints.length > 0 && <Text size="xs" c="dimmed">Typical evidence: {c.evidenceHints.map(label).join(", ")}</Text>}
          <Table fz="sm" aria-label="Evidence of this control">
            <Table.Tbody>
              {c.evidence.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{e.title}</Table.Td>
                  <Table.Td>{e.file ? `v${e.currentVersion} · ${e.file.sha256.slice(0, 12)}…` : e.record ? `linked ${recordKindLabel(e.record.kind).toLowerCase()} record` : ""}</Table.Td>
                  <Table.Td>{e.expired ? <Badge color="orange">expired {e.validUntil}</Badge> : (e.validUntil ?? "no expiry")}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {canWrite && (
            <Group align="flex-end">
              <FileInput label="Attach evidence file" placeholder="Choose file" value={file} onChange={setFile} w={240} />
              <DateField label="Valid until" value={validUntil} onChange={setValidUntil} w={150} />
              <Button variant="light" disabled={!file} loading={upload.isPending} onClick={() => file && upload.mutate(file, { onSuccess: () => setFile(null) })}>
                Upload
              </Button>
              {upload.error && <Text size="sm" c="red">{errorMessage(upload.error)}</Text>}
            </Group>
          )}
          {canWrite && <LinkRecordEvidence controlId={c.id} />}
        </Stack>
      </SimpleGrid>
      <Title order={2} fz="lg">Mapped requirements</Title>
      <Table fz="sm" striped aria-label="Mapped requirements">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Requirement</Table.Th>
            <Table.Th>Relationship</Table.Th>
            <Table.Th>Source</Table.Th>
            <Table.Th>Counts as</Table.Th>
            <Table.Th>Requirement status</Table.Th>
            {canWrite && <Table.Th>Suggested link</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {c.mappings.map((m) => (
            <Table.Tr key={`${m.requirement}-${m.origin}`}>
              <Table.Td>
                <Text size="sm">{m.requirement}</Text>
                <Text size="xs" c="dimmed">{m.title}</Text>
              </Table.Td>
              <Table.Td>{m.relationship}{m.strength ? ` (${m.strength})` : ""}</Table.Td>
              <Table.Td>{m.origin === "library" ? m.source : m.origin}</Table.Td>
              <Table.Td>{label(m.effect)}</Table.Td>
              <Table.Td>{m.requirementStatus && <Badge color={statusColor[m.requirementStatus]} variant="light">{label(m.requirementStatus)}</Badge>}</Table.Td>
              {canWrite && (
                <Table.Td>{m.relationship === "intersect" && <SuggestedLinkActions controlId={c.id} suggestion={m} decision={decisionOn(m, c.mappings)} />}</Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {c.mappedFrom.length > 0 && (
        <>
          <Title order={2} fz="lg">Imported requirements mapped to this control</Title>
          {c.mappedFrom.map((m) => (
            <Text size="sm" key={m.requirement}>{m.requirement} {m.title} — {m.relationship}</Text>
          ))}
        </>
      )}
    </Page>
  );
}
