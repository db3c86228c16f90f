import { Alert, Anchor, Badge, Button, Checkbox, Drawer, Group, Progress, Stack, Table, Text, Textarea, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage } from "../../api/client";
import { formatDateTime } from "../../components/format";
import { supplierKeys, useAssessment } from "./api";

const YES_NO: Record<string, string> = { yes: "Yes", partly: "Partly", no: "No", not_applicable: "Not applicable" };

/** An assessment as the reviewer sees it: answers, per-section scores, attachments, comments and follow-ups. */
export function AssessmentDrawer({ supplierId, assessmentId, canWrite, onClose }: { supplierId: string; assessmentId: string | null; canWrite: boolean; onClose: () => void }) {
  const q = useAssessment(supplierId, assessmentId);
  const queryClient = useQueryClient();
  const [comment, setComment] = useState("");
  const [complete, setComplete] = useState(false);
  const [followUp, setFollowUp] = useState("");
  const [busy, setBusy] = useState(false);
  const a = q.data;
  const refresh = () => void queryClient.invalidateQueries({ queryKey: supplierKeys.all });

  const review = async () => {
    setBusy(true);
    try {
      await api.post(`/api/suppliers/${supplierId}/assessments/${assessmentId}/review`, { comments: comment.trim() ? [{ questionId: null, text: comment.trim() }] : [], complete });
      if (followUp.trim()) await api.post(`/api/suppliers/${supplierId}/assessments/${assessmentId}/follow-ups`, { title: followUp.trim() });
      setComment("");
      setFollowUp("");
      setComplete(false);
      notifications.show({ color: "teal", message: complete ? "Assessment completed" : "Review saved" });
      refresh();
    } catch (err) {
      notifications.show({ color: "red", message: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer opened={assessmentId !== null} onClose={onClose} position="right" size="xl" title={a ? `${a.template.title} (v${a.template.version})` : "Assessment"}>
      {q.isError && <Alert color="red">{errorMessage(q.error)}</Alert>}
      {a && (
        <Stack gap="md">
          <Group gap="xs">
            <Badge>{a.status.replace("_", " ")}</Badge>
            <Text size="sm" c="dimmed">
              Sent {formatDateTime(a.sentAt)} by {a.sentBy}
              {a.submittedAt ? ` · submitted ${formatDateTime(a.submittedAt)}` : ""}
            </Text>
          </Group>
          {a.score && (
            <Stack gap={6} aria-label="Score">
              <Title order={3} size="h4">
                Score: {a.score.overall ?? "—"} %
              </Title>
              {a.score.sections.map((s) => (
                <Group key={s.id} gap="sm" wrap="nowrap">
                  <Text size="sm" w={260}>
                    {s.title}
                  </Text>
                  <Progress value={s.score ?? 0} w={160} color={(s.score ?? 0) >= 75 ? "teal" : (s.score ?? 0) >= 50 ? "yellow" : "red"} />
                  <Text size="sm">{s.score ?? "—"} %</Text>
                </Group>
              ))}
            </Stack>
          )}
          {a.template.sections.map((s) => (
            <Stack key={s.id} gap={4}>
              <Title order={4} size="h5">
                {s.title}
              </Title>
              <Table fz="sm" withTableBorder>
                <Table.Tbody>
                  {s.questions.map((qu) => {
                    const ans = a.answers[qu.id];
                    const shown = ans?.value ? (qu.kind === "yes_no" ? YES_NO[ans.value] : qu.kind === "choice" ? qu.options?.find((o) => o.value === ans.value)?.label : ans.value) : null;
                    const files = a.attachments.filter((f) => f.questionId === qu.id);
                    return (
                      <Table.Tr key={qu.id}>
                        <Table.Td w="55%">{qu.text}</Table.Td>
                        <Table.Td>
                          <Text size="sm" fw={600} c={shown ? undefined : "dimmed"} data-answer={qu.id}>
                            {shown ?? "not answered"}
                          </Text>
                          {ans?.comment && (
                            <Text size="xs" c="dimmed">
                              {ans.comment}
                            </Text>
                          )}
                          {files.map((f) => (
                            <Anchor key={f.id} size="xs" href={`/api/suppliers/${supplierId}/assessments/${a.id}/attachments/${f.id}`} display="block">
                              {f.fileName}
                            </Anchor>
                          ))}
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Stack>
          ))}
          {a.attachments.some((f) => !f.questionId) && (
            <Stack gap={2}>
              <Title order={4} size="h5">
                Other attachments
              </Title>
              {a.attachments
                .filter((f) => !f.questionId)
                .map((f) => (
                  <Anchor key={f.id} size="sm" href={`/api/suppliers/${supplierId}/assessments/${a.id}/attachments/${f.id}`}>
                    {f.fileName} ({f.sha256.slice(0, 12)}…)
                  </Anchor>
                ))}
            </Stack>
          )}
          <Stack gap={4}>
            <Title order={4} size="h5">
              Reviewer comments
            </Title>
            {a.reviewComments.length === 0 && (
              <Text size="sm" c="dimmed">
                None yet.
              </Text>
            )}
            {a.reviewComments.map((c) => (
              <Text key={`${c.at}${c.text}`} size="sm">
                {c.questionId ? <code>{c.questionId}</code> : null} {c.text} <Text span c="dimmed" size="xs">— {c.by}, {formatDateTime(c.at)}</Text>
              </Text>
            ))}
          </Stack>
          <Stack gap={4}>
            <Title order={4} size="h5">
              Follow-up actions
            </Title>
            {a.followUps.length === 0 && (
              <Text size="sm" c="dimmed">
                None.
              </Text>
            )}
            {a.followUps.map((f) => (
              <Checkbox
                key={f.id}
                label={`${f.title}${f.owner ? ` (${f.owner})` : ""}`}
                checked={f.status === "done"}
                disabled={!canWrite}
                onChange={async (e) => {
                  await api.patch(`/api/suppliers/${supplierId}/assessments/${a.id}/follow-ups/${f.id}`, { status: e.currentTarget.checked ? "done" : "open" });
                  refresh();
                }}
              />
            ))}
          </Stack>
          {canWrite && a.status !== "revoked" && (
            <Stack gap="xs">
              <Textarea label="Add a reviewer comment" autosize minRows={2} value={comment} onChange={(e) => setComment(e.currentTarget.value)} />
              <TextInput label="Add a follow-up action" value={followUp} onChange={(e) => setFollowUp(e.currentTarget.value)} />
              {a.status === "submitted" && <Checkbox label="Complete the review (restarts the re-assessment schedule)" checked={complete} onChange={(e) => setComplete(e.currentTarget.checked)} />}
              <Group justify="flex-end">
                <Button onClick={review} loading={busy}>
                  Save review
                </Button>
              </Group>
            </Stack>
          )}
        </Stack>
      )}
    </Drawer>
  );
}
