import { Alert, Anchor, Badge, Button, FileInput, Group, Loader, Paper, PasswordInput, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { IconAlertTriangle, IconCircleCheck } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError, apiRequest, errorMessage } from "../../api/client";
import { formatDateTime } from "../../components/format";
import { OneTimeSecret } from "../../components/OneTimeSecret";
import { PublicFrame } from "./PublicFrame";

type Policy = { organisation: string; contactEmail: string; sections: Array<{ title: string; text: string }> };
type FormInfo = { formToken: string; minimumSeconds: number; maxAttachments: number; maxAttachmentBytes: number };
type Tracked = {
  reference: string;
  status: string;
  title: string;
  product: string;
  receivedAt: string;
  acknowledgeDueAt: string;
  acknowledgedAt: string | null;
  agreedDisclosureDate: string | null;
  cveId: string | null;
  messages: Array<{ author: string; body: string; at: string }>;
  attachments: Array<{ fileName: string; sizeBytes: number }>;
};

const noRedirect = { redirectOn401: false };
const statusLabel: Record<string, string> = {
  received: "Received",
  acknowledged: "Acknowledged",
  validated: "Validated",
  fix_in_progress: "Fix in progress",
  advisory_published: "Advisory published",
  closed: "Closed",
};

/** Every text a reporter wrote is shown as text (React escapes it); nothing is ever rendered as markup. */
export function DisclosurePolicyPage() {
  const policy = useQuery({ queryKey: ["public", "policy"], queryFn: () => apiRequest<Policy>("GET", "/api/public/disclosure/policy", undefined, noRedirect) });
  return (
    <PublicFrame title="Vulnerability disclosure policy" lead={policy.data ? `How ${policy.data.organisation} handles reports of security vulnerabilities.` : undefined}>
      {policy.isPending && <Loader size="sm" />}
      {policy.data?.sections.map((s) => (
        <Stack key={s.title} gap={4}>
          <Title order={2} size="h4">
            {s.title}
          </Title>
          <Text style={{ whiteSpace: "pre-wrap" }}>{s.text}</Text>
        </Stack>
      ))}
      <Stack gap={4}>
        <Title order={2} size="h4">
          Published advisories
        </Title>
        <Text>
          {/* A page the server renders, not a route of this app. */}
          <Anchor href="/security-advisories">Published security advisories</Anchor> (also as CSAF 2.0 at{" "}
          <Anchor href="/.well-known/csaf/provider-metadata.json">/.well-known/csaf/provider-metadata.json</Anchor>)
        </Text>
      </Stack>
    </PublicFrame>
  );
}

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function ReportVulnerabilityPage() {
  const form = useQuery({ queryKey: ["public", "form"], queryFn: () => apiRequest<FormInfo>("GET", "/api/public/disclosure/form", undefined, noRedirect), staleTime: Infinity });
  const [values, setValues] = useState({ name: "", email: "", organisation: "", product: "", productVersion: "", title: "", description: "", website: "" });
  const [files, setFiles] = useState<File[]>([]);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{ reference: string; trackingToken: string; acknowledgeDueAt: string } | null>(null);
  const set = (k: keyof typeof values) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setValues({ ...values, [k]: e.currentTarget.value });

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    const info = form.data!;
    const tooBig = files.find((f) => f.size > info.maxAttachmentBytes);
    if (tooBig) return setError(`${tooBig.name} is larger than ${info.maxAttachmentBytes / 1024 / 1024} MiB`);
    setSending(true);
    try {
      const attachments = await Promise.all(files.map(async (f) => ({ fileName: f.name, contentBase64: await toBase64(f) })));
      const body = {
        formToken: info.formToken,
        website: values.website,
        email: values.email,
        product: values.product,
        title: values.title,
        description: values.description,
        ...(values.name ? { name: values.name } : {}),
        ...(values.organisation ? { organisation: values.organisation } : {}),
        ...(values.productVersion ? { productVersion: values.productVersion } : {}),
        attachments,
      };
      setDone(await apiRequest("POST", "/api/public/disclosure/reports", body, noRedirect));
    } catch (err) {
      setError(err instanceof ApiError && err.details.length > 0 ? err.details.map((d) => `${d.path.replace(/^body\//, "")}: ${d.message}`).join("; ") : errorMessage(err));
    } finally {
      setSending(false);
    }
  };

  if (done) {
    return (
      <PublicFrame title="Thank you for your report">
        <Alert color="green" icon={<IconCircleCheck size={18} aria-hidden />} title={`Report ${done.reference} received`}>
          We will acknowledge it by {formatDateTime(done.acknowledgeDueAt)}.
        </Alert>
        <OneTimeSecret label="Tracking token" value={done.trackingToken} note="Keep this token: it is the only way to follow your report and write to us. It is not shown again." />
      </PublicFrame>
    );
  }
  return (
    <PublicFrame title="Report a vulnerability" lead="No account needed. Tell us what you found; you receive a tracking token to follow the report.">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Your name" value={values.name} onChange={set("name")} />
            <TextInput label="E-mail" type="email" required value={values.email} onChange={set("email")} />
            <TextInput label="Organisation" value={values.organisation} onChange={set("organisation")} />
            <TextInput label="Affected product" required value={values.product} onChange={set("product")} />
            <TextInput label="Product version" value={values.productVersion} onChange={set("productVersion")} />
          </SimpleGrid>
          {/* Hidden from people (and screen readers); automated submitters fill it in. */}
          <div aria-hidden="true" style={{ position: "absolute", left: "-10000px", width: 1, height: 1, overflow: "hidden" }}>
            <label>
              Website
              <input type="text" name="website" tabIndex={-1} autoComplete="off" value={values.website} onChange={set("website")} />
            </label>
          </div>
          <TextInput label="Title" required value={values.title} onChange={set("title")} />
          <Textarea label="Description" description="Steps to reproduce, impact, and anything that helps us confirm it." required autosize minRows={6} value={values.description} onChange={set("description")} />
          <FileInput
            label="Attachments"
            description={form.data ? `Up to ${form.data.maxAttachments} files of at most ${form.data.maxAttachmentBytes / 1024 / 1024} MiB each` : undefined}
            multiple
            clearable
            value={files}
            onChange={(f) => setFiles(f.slice(0, form.data?.maxAttachments ?? 3))}
          />
          {error && (
            <Alert color="red" role="alert" icon={<IconAlertTriangle size={18} aria-hidden />} title="Not sent">
              {error}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={sending} disabled={!form.data}>
              Send report
            </Button>
          </Group>
        </Stack>
      </form>
    </PublicFrame>
  );
}

export function TrackReportPage() {
  const [token, setToken] = useState("");
  const [report, setReport] = useState<Tracked | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState("");
  const headers = { "X-Tracking-Token": token.trim() };
  const load = async () => {
    setError(null);
    try {
      const res = await fetch("/api/public/disclosure/track", { headers: { Accept: "application/json", ...headers } });
      if (!res.ok) throw new Error(res.status === 404 ? "No report has this tracking token." : `The report could not be loaded (${res.status}).`);
      setReport(await res.json());
    } catch (err) {
      setReport(null);
      setError(errorMessage(err));
    }
  };
  const send = async () => {
    const res = await fetch("/api/public/disclosure/track/messages", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", ...headers },
      body: JSON.stringify({ body: message }),
    });
    if (res.ok) {
      setReport(await res.json());
      setMessage("");
    } else setError("The message could not be sent.");
  };
  return (
    <PublicFrame title="Follow your report" lead="Enter the tracking token you received when you sent the report.">
      <Group align="flex-end">
        <PasswordInput label="Tracking token" value={token} onChange={(e) => setToken(e.currentTarget.value)} w={420} />
        <Button onClick={load} disabled={!token.trim()}>
          Show report
        </Button>
      </Group>
      {error && <Alert color="red">{error}</Alert>}
      {report && (
        <Stack gap="sm">
          <Group>
            <Title order={2} size="h4">
              {report.reference}: {report.title}
            </Title>
            <Badge>{statusLabel[report.status] ?? report.status}</Badge>
          </Group>
          <Text size="sm">
            Received {formatDateTime(report.receivedAt)} · acknowledgement due {formatDateTime(report.acknowledgeDueAt)}
            {report.acknowledgedAt ? ` · acknowledged ${formatDateTime(report.acknowledgedAt)}` : ""}
            {report.cveId ? ` · ${report.cveId}` : ""}
            {report.agreedDisclosureDate ? ` · disclosure agreed for ${report.agreedDisclosureDate}` : ""}
          </Text>
          {report.messages.map((m) => (
            <Paper key={m.at} withBorder p="sm" bg={m.author === "team" ? "var(--mantine-color-indigo-0)" : undefined}>
              <Text size="xs" c="dimmed">
                {m.author === "team" ? "Security team" : "You"} · {formatDateTime(m.at)}
              </Text>
              <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                {m.body}
              </Text>
            </Paper>
          ))}
          {report.status !== "closed" && (
            <Group align="flex-end">
              <Textarea label="Message to the security team" autosize minRows={2} w={480} value={message} onChange={(e) => setMessage(e.currentTarget.value)} />
              <Button onClick={send} disabled={!message.trim()}>
                Send
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </PublicFrame>
  );
}
