import { Alert, Badge, Button, Card, Code, Group, Modal, SimpleGrid, Stack, Table, Tabs, Text, Textarea, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useParams } from "react-router";
import { api, errorMessage } from "../../api/client";
import { useCan } from "../../auth/session";
import { formatDate, formatDateTime } from "../../components/format";
import { Page } from "../../components/Page";
import { govKeys, type PolicyDetail, type PolicyVersion, percent, useAcknowledgements, usePolicy } from "./api";
import { Markdown } from "./Markdown";
import { ReviewBadge, StatusBadge } from "./support";

function useAction(id: string) {
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  return {
    busy,
    run: async (what: string, f: () => Promise<unknown>) => {
      setBusy(true);
      try {
        const result = await f();
        if (result && typeof result === "object" && "versions" in result) queryClient.setQueryData(govKeys.policy(id), result);
        await queryClient.invalidateQueries({ queryKey: govKeys.all });
        notifications.show({ color: "green", message: what });
      } catch (err) {
        notifications.show({ color: "red", title: "Not done", message: errorMessage(err) });
      } finally {
        setBusy(false);
      }
    },
  };
}

function DraftEditor({ policy, version }: { policy: PolicyDetail; version: PolicyVersion }) {
  const canWrite = useCan("compliance:write");
  const [text, setText] = useState(version.content ?? "");
  const [returning, setReturning] = useState(false);
  const [reason, setReason] = useState("");
  const { busy, run } = useAction(policy.id);
  useEffect(() => setText(version.content ?? ""), [version.content]);
  const base = `/api/governance/policies/${policy.id}/versions/${version.version}`;
  const editable = canWrite && version.status === "draft";
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Title order={2} size="h4">
            Version {version.version}
          </Title>
          <StatusBadge status={version.status} />
        </Group>
        {canWrite && (
          <Group gap="xs">
            {version.status === "draft" && (
              <>
                <Button size="xs" variant="default" loading={busy} disabled={text === version.content} onClick={() => run("Draft saved", () => api.patch(base, { content: text }))}>
                  Save draft
                </Button>
                <Button
                  size="xs"
                  loading={busy}
                  onClick={() =>
                    run("Submitted for review", async () => {
                      if (text !== version.content) await api.patch(base, { content: text });
                      return api.post(`${base}/submit`);
                    })
                  }
                >
                  Submit for review
                </Button>
              </>
            )}
            {version.status === "in_review" && (
              <>
                <Button size="xs" variant="default" onClick={() => setReturning(true)}>
                  Return to draft
                </Button>
                <Button
                    size="xs"
                    color="green"
                    loading={busy}
                    disabled={policy.approvalRefusal !== null}
                    aria-describedby={policy.approvalRefusal ? "approval-refusal" : undefined}
                    onClick={() => run(`Version ${version.version} approved`, () => api.post(`${base}/approve`))}
                  >
                  Approve
                </Button>
              </>
            )}
          </Group>
        )}
      </Group>
      {policy.approvalRefusal && version.status === "in_review" && (
        <Text id="approval-refusal" size="sm" c="dimmed" mb="xs">
          {policy.approvalRefusal}.
        </Text>
      )}
      {version.returnedReason && version.status === "draft" && (
        <Alert color="yellow" variant="light" mb="xs" title="Returned by the reviewer">
          {version.returnedReason}
        </Alert>
      )}
      <Tabs defaultValue={editable ? "edit" : "preview"}>
        <Tabs.List>
          {editable && <Tabs.Tab value="edit">Markdown</Tabs.Tab>}
          <Tabs.Tab value="preview">Preview</Tabs.Tab>
        </Tabs.List>
        {editable && (
          <Tabs.Panel value="edit" pt="xs">
            <Textarea aria-label="Policy text" autosize minRows={12} maxRows={30} value={text} onChange={(e) => setText(e.currentTarget.value)} ff="monospace" />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="preview" pt="xs">
          <Markdown text={text} />
        </Tabs.Panel>
      </Tabs>
      <Modal opened={returning} onClose={() => setReturning(false)} title="Return to draft">
        <Stack>
          <TextInput label="Reason" required value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
          <Button
            disabled={!reason.trim()}
            onClick={async () => {
              await run("Returned to draft", () => api.post(`${base}/return`, { reason }));
              setReturning(false);
            }}
          >
            Return
          </Button>
        </Stack>
      </Modal>
    </Card>
  );
}

function Acknowledgements({ id }: { id: string }) {
  const acks = useAcknowledgements(id);
  if (!acks.data || acks.data.version === null) return null;
  const d = acks.data;
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        Acknowledgements of version {d.version}: {percent(d.rate.rate, d.rate.expected)} ({d.rate.acknowledged} of {d.rate.expected})
      </Title>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Table fz="sm" aria-label="Acknowledgements">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Who</Table.Th>
              <Table.Th>Version</Table.Th>
              <Table.Th>When</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {d.acknowledgements.map((a) => (
              <Table.Tr key={`${a.userId}:${a.version}`}>
                <Table.Td>{a.name}</Table.Td>
                <Table.Td>v{a.version}</Table.Td>
                <Table.Td>{formatDateTime(a.acknowledgedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Stack gap={4}>
          <Text size="sm" fw={600}>
            Not yet acknowledged
          </Text>
          <Text size="sm">{d.missing.map((m) => m.name).join(", ") || "Everyone has acknowledged."}</Text>
        </Stack>
      </SimpleGrid>
    </Card>
  );
}

export function PolicyPage() {
  const { id = "" } = useParams();
  const policy = usePolicy(id);
  const canAck = useCan("assigned:write");
  const canWrite = useCan("compliance:write");
  const { busy, run } = useAction(id);
  const p = policy.data;
  if (!p) return <Page title="Policy">{policy.error ? <Alert color="red">{errorMessage(policy.error)}</Alert> : null}</Page>;
  const current = p.versions.find((v) => v.status === "approved");
  const open = p.versions.find((v) => v.status === "draft" || v.status === "in_review");
  return (
    <Page
      title={p.title}
      description={p.summary}
      actions={
        <Group gap="xs">
          {canAck && current && !p.acknowledgedByMe && (
            <Button loading={busy} onClick={() => run("Thank you: acknowledgement recorded", () => api.post(`/api/governance/policies/${p.id}/acknowledge`))}>
              Acknowledge version {current.version}
            </Button>
          )}
          {p.acknowledgedByMe && current && (
            <Badge color="green" size="lg" variant="light">
              You acknowledged version {current.version}
            </Badge>
          )}
          {canWrite && current && !open && (
            <Button variant="default" loading={busy} onClick={() => run("New draft started", () => api.post(`/api/governance/policies/${p.id}/versions`, { content: current.content ?? "" }))}>
              New version
            </Button>
          )}
        </Group>
      }
    >
      <Group gap="lg">
        <Group gap={6}>
          <Text size="sm" c="dimmed">
            Status
          </Text>
          <StatusBadge status={p.status} />
        </Group>
        <Group gap={6}>
          <Text size="sm" c="dimmed">
            Next review
          </Text>
          <Text size="sm">{formatDate(p.nextReviewAt)}</Text>
          <ReviewBadge state={p.reviewState} />
        </Group>
        <Text size="sm" c="dimmed">
          Serves {p.requirementIds.join(", ") || "—"}
        </Text>
      </Group>
      {open && <DraftEditor policy={p} version={open} />}
      {current && (
        <Card withBorder>
          <Group justify="space-between" mb="xs">
            <Group gap="xs">
              <Title order={2} size="h4">
                Approved version {current.version}
              </Title>
              <StatusBadge status="approved" />
            </Group>
            <Text size="xs" c="dimmed">
              Approved by {current.approvedBy} on {formatDateTime(current.approvedAt)} · SHA-256 <Code>{current.sha256?.slice(0, 16)}…</Code>
            </Text>
          </Group>
          <Markdown text={current.content ?? ""} />
        </Card>
      )}
      <Acknowledgements id={p.id} />
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          Versions
        </Title>
        <Table fz="sm" aria-label="Versions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Version</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>Approved</Table.Th>
              <Table.Th>SHA-256</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {p.versions
              .slice()
              .reverse()
              .map((v) => (
                <Table.Tr key={v.id}>
                  <Table.Td>v{v.version}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={v.status} />
                  </Table.Td>
                  <Table.Td>
                    {formatDateTime(v.createdAt)} · {v.createdBy}
                  </Table.Td>
                  <Table.Td>{v.approvedAt ? `${formatDateTime(v.approvedAt)} · ${v.approvedBy}` : "—"}</Table.Td>
                  <Table.Td>{v.sha256 ? <Code>{v.sha256}</Code> : "—"}</Table.Td>
                </Table.Tr>
              ))}
          </Table.Tbody>
        </Table>
      </Card>
    </Page>
  );
}
