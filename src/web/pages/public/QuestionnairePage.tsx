import { Alert, Anchor, Badge, Box, Button, Card, Center, Container, FileButton, Group, Radio, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { IconPaperclip, IconShieldCheck } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useParams } from "react-router";
import { ApiError, api, errorMessage } from "../../api/client";
import { formatDateTime } from "../../components/format";

type PublicQuestion = { id: string; text: string; help?: string; kind: "yes_no" | "choice" | "text"; options?: { value: string; label: string }[]; evidence?: string };
type PublicQuestionnaire = {
  requestedBy: string;
  addressedTo: string;
  title: string;
  description: string;
  version: string;
  expiresAt: string;
  draftSavedAt: string | null;
  sections: { id: string; title: string; questions: PublicQuestion[] }[];
  answers: Record<string, { value?: string | null; comment?: string | null }>;
  attachments: { id: string; fileName: string; questionId: string | null; size: number; sha256: string }[];
  maxAttachmentBytes: number;
};
type Answers = PublicQuestionnaire["answers"];

const YES_NO = [
  { value: "yes", label: "Yes" },
  { value: "partly", label: "Partly" },
  { value: "no", label: "No" },
  { value: "not_applicable", label: "Not applicable" },
];

const quiet = { redirectOn401: false };

function toBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(",")[1] ?? "");
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** The page a supplier opens from its link: no sign-in, no navigation, only this questionnaire. */
export function QuestionnairePage() {
  const { token = "" } = useParams();
  const base = `/api/public/questionnaires/${encodeURIComponent(token)}`;
  useDocumentTitle("Supplier security questionnaire");
  const q = useQuery({ queryKey: ["public-questionnaire", token], queryFn: () => api.get<PublicQuestionnaire>(base, quiet), retry: false });
  const [answers, setAnswers] = useState<Answers>({});
  const [attachments, setAttachments] = useState<PublicQuestionnaire["attachments"]>([]);
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [message, setMessage] = useState<{ color: string; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [submitted, setSubmitted] = useState<string | null>(null);

  useEffect(() => {
    if (q.data) {
      setAnswers(q.data.answers);
      setAttachments(q.data.attachments);
      setSavedAt(q.data.draftSavedAt);
    }
  }, [q.data]);

  const set = (id: string, patch: { value?: string | null; comment?: string | null }) => setAnswers((a) => ({ ...a, [id]: { ...a[id], ...patch } }));
  const clean = () => Object.fromEntries(Object.entries(answers).filter(([, a]) => (a.value ?? "") !== "" || (a.comment ?? "") !== ""));

  const save = async () => {
    setBusy(true);
    setMessage(null);
    try {
      const r = await api.put<PublicQuestionnaire>(base, { answers: clean() }, quiet);
      setSavedAt(r.draftSavedAt);
      setMessage({ color: "teal", text: "Draft saved. You can come back to this link until it expires." });
    } catch (err) {
      setMessage({ color: "red", text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };
  const submit = async () => {
    if (!window.confirm("Submit your answers? You cannot change them afterwards.")) return;
    setBusy(true);
    setMessage(null);
    try {
      const r = await api.post<{ submittedAt: string }>(`${base}/submit`, { answers: clean() }, quiet);
      setSubmitted(r.submittedAt);
    } catch (err) {
      setMessage({ color: "red", text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };
  const attach = async (file: File | null, questionId: string | null) => {
    if (!file || !q.data) return;
    if (file.size > q.data.maxAttachmentBytes) {
      setMessage({ color: "red", text: `${file.name} is larger than ${q.data.maxAttachmentBytes / 1024 / 1024} MiB` });
      return;
    }
    setBusy(true);
    try {
      const r = await api.post<PublicQuestionnaire["attachments"][number]>(
        `${base}/attachments`,
        { fileName: file.name, mediaType: file.type || "application/octet-stream", questionId, contentBase64: await toBase64(file) },
        quiet,
      );
      setAttachments((list) => [...list, r]);
    } catch (err) {
      setMessage({ color: "red", text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };
  const detach = async (id: string) => {
    await api.delete(`${base}/attachments/${id}`, quiet);
    setAttachments((list) => list.filter((a) => a.id !== id));
  };

  const frame = (children: React.ReactNode) => (
    <Box bg="var(--mantine-color-gray-0)" mih="100vh" py="xl">
      <Container size="md" component="main" id="main">
        <Group gap="xs" mb="lg" aria-hidden>
          <IconShieldCheck size={28} color="var(--mantine-color-indigo-7)" />
          <Text fw={700} c="indigo.8">
            Supplier security questionnaire
          </Text>
        </Group>
        {children}
      </Container>
    </Box>
  );

  if (q.isPending) return frame(<Text>Loading…</Text>);
  if (q.isError) {
    const gone = q.error instanceof ApiError && (q.error.status === 410 || q.error.status === 404);
    return frame(
      <Center>
        <Alert color={gone ? "orange" : "red"} title={gone ? "This link cannot be used" : "The questionnaire could not be loaded"} role="alert" maw={560}>
          {errorMessage(q.error)}
        </Alert>
      </Center>,
    );
  }
  if (submitted) {
    return frame(
      <Alert color="teal" title="Thank you — your answers were submitted" role="status">
        Submitted {formatDateTime(submitted)}. {q.data.requestedBy} will review them and may contact you with questions. This link no longer opens the questionnaire.
      </Alert>,
    );
  }
  const d = q.data;
  const filesFor = (qid: string | null) => attachments.filter((a) => a.questionId === qid);
  const fileList = (qid: string | null) =>
    filesFor(qid).map((f) => (
      <Group key={f.id} gap={6}>
        <IconPaperclip size={14} aria-hidden />
        <Text size="sm">
          {f.fileName} ({Math.ceil(f.size / 1024)} KiB)
        </Text>
        <Anchor component="button" type="button" size="xs" c="red" onClick={() => detach(f.id)}>
          remove
        </Anchor>
      </Group>
    ));

  return frame(
    <Stack gap="lg">
      <Stack gap={4}>
        <Title order={1} size="h2">
          {d.title}
        </Title>
        <Text size="sm">
          From <b>{d.requestedBy}</b> to <b>{d.addressedTo}</b> · version {d.version} · open until {formatDateTime(d.expiresAt)}
        </Text>
        <Text size="sm" c="dimmed">
          {d.description}
        </Text>
      </Stack>
      {d.sections.map((s) => (
        <Card key={s.id} withBorder component="section" aria-label={s.title}>
          <Title order={2} size="h4" mb="sm">
            {s.title}
          </Title>
          <Stack gap="lg">
            {s.questions.map((qu) => (
              <Stack key={qu.id} gap={6} data-question={qu.id}>
                {qu.kind === "text" ? (
                  <Textarea label={qu.text} description={qu.help} autosize minRows={2} value={answers[qu.id]?.value ?? ""} onChange={(e) => set(qu.id, { value: e.currentTarget.value })} />
                ) : (
                  <Radio.Group label={qu.text} description={qu.help} value={answers[qu.id]?.value ?? ""} onChange={(v) => set(qu.id, { value: v })}>
                    <Group gap="md" mt={6}>
                      {(qu.kind === "yes_no" ? YES_NO : (qu.options ?? [])).map((o) => (
                        <Radio key={o.value} value={o.value} label={o.label} />
                      ))}
                    </Group>
                  </Radio.Group>
                )}
                {qu.kind !== "text" && (
                  <TextInput size="xs" placeholder="Comment (optional)" aria-label={`Comment on: ${qu.text}`} value={answers[qu.id]?.comment ?? ""} onChange={(e) => set(qu.id, { comment: e.currentTarget.value })} />
                )}
                {qu.evidence && (
                  <Group gap="xs">
                    <Text size="xs" c="dimmed">
                      {qu.evidence}
                    </Text>
                    <FileButton onChange={(f) => attach(f, qu.id)}>
                      {(props) => (
                        <Button {...props} size="compact-xs" variant="light" leftSection={<IconPaperclip size={12} aria-hidden />} aria-label={`Attach a file to: ${qu.text}`}>
                          Attach file
                        </Button>
                      )}
                    </FileButton>
                  </Group>
                )}
                {fileList(qu.id)}
              </Stack>
            ))}
          </Stack>
        </Card>
      ))}
      <Card withBorder>
        <Group justify="space-between">
          <Text size="sm">Other evidence (policies, reports)</Text>
          <FileButton onChange={(f) => attach(f, null)}>
            {(props) => (
              <Button {...props} size="xs" variant="light" leftSection={<IconPaperclip size={14} aria-hidden />}>
                Attach file
              </Button>
            )}
          </FileButton>
        </Group>
        {fileList(null)}
      </Card>
      {message && (
        <Alert color={message.color} role={message.color === "red" ? "alert" : "status"}>
          {message.text}
        </Alert>
      )}
      <Group justify="space-between">
        <Text size="xs" c="dimmed">
          {savedAt ? `Draft saved ${formatDateTime(savedAt)}` : "Not saved yet"}
          {" · "}
          <Badge variant="light" size="xs">
            {Object.values(answers).filter((a) => (a.value ?? "") !== "").length} of {d.sections.reduce((n, s) => n + s.questions.length, 0)} answered
          </Badge>
        </Text>
        <Group>
          <Button variant="default" onClick={save} loading={busy}>
            Save draft
          </Button>
          <Button onClick={submit} loading={busy}>
            Submit answers
          </Button>
        </Group>
      </Group>
    </Stack>,
  );
}
