import { Alert, Badge, Button, Code, Group, Paper, Stack, Switch, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage } from "../../api/client";
import { DataTable } from "../../components/DataTable";
import { FormError, useApiForm } from "../../components/forms";
import { formatDateTime } from "../../components/format";
import { OneTimeSecret } from "../../components/OneTimeSecret";
import { Page } from "../../components/Page";

type Webhook = { configured: boolean; url: string | null; enabled: boolean; hasSecret: boolean; since: string | null; secret?: string };
type Delivery = { id: string; channel: string; status: string; attempts: number; lastError: string | null; deliveredAt: string | null; title: string; recipient: string };

const statusColor: Record<string, string> = { sent: "teal", digested: "teal", failed: "red" };

function WebhookForm({ current, onSaved }: { current: Webhook; onSaved: (w: Webhook) => void }) {
  const form = useForm({ initialValues: { url: current.url ?? "", enabled: current.configured ? current.enabled : true, secret: "" } });
  const { onSubmit, failure, submitting } = useApiForm(
    form,
    (v) => api.put<Webhook>("/api/settings/webhook", { url: v.url, enabled: v.enabled, ...(v.secret ? { secret: v.secret } : {}) }),
    onSaved,
  );
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <TextInput label="Receiver URL" placeholder="https://chat.example.com/hooks/vigil" required {...form.getInputProps("url")} />
        <TextInput
          label="Signing secret"
          description={current.hasSecret ? "Leave empty to keep the current secret." : "Leave empty to have one generated; it is shown once."}
          type="password"
          autoComplete="off"
          {...form.getInputProps("secret")}
        />
        <Switch label="Send notifications to this webhook" {...form.getInputProps("enabled", { type: "checkbox" })} />
        <FormError failure={failure} />
        <Group>
          <Button type="submit" loading={submitting}>
            Save webhook
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Where notifications go besides the app: the workspace webhook, and what was delivered. */
export function NotificationsAdminPage() {
  const client = useQueryClient();
  const hook = useQuery({ queryKey: ["webhook"], queryFn: () => api.get<Webhook>("/api/settings/webhook") });
  const deliveries = useQuery({ queryKey: ["deliveries"], queryFn: () => api.get<{ items: Delivery[] }>("/api/notifications/deliveries") });
  const [secret, setSecret] = useState<string | null>(null);
  const [testing, setTesting] = useState(false);

  const test = async () => {
    setTesting(true);
    try {
      const r = await api.post<{ ok: boolean; status: number | null; error: string | null }>("/api/settings/webhook/test");
      notifications.show(
        r.ok
          ? { color: "teal", title: "Test event delivered", message: `The receiver answered HTTP ${r.status}.` }
          : { color: "red", title: "Test event not delivered", message: r.error ?? "unknown reason" },
      );
    } catch (err) {
      notifications.show({ color: "red", title: "Test failed", message: errorMessage(err) });
    } finally {
      setTesting(false);
    }
  };

  return (
    <Page title="Notifications" description="Every notification appears in the app; here they also go to a webhook. E-mail needs VIGIL_SMTP_URL.">
      <Paper withBorder p="md" radius="md">
        <Stack gap="sm">
          <Title order={2} size="h4">
            Webhook
          </Title>
          <Text size="sm" c="dimmed">
            Each notification is POSTed as JSON with the header <Code>X-Vigil-Signature: t=…,v1=…</Code>: the hex HMAC-SHA256 of{" "}
            <Code>{"<t>.<body>"}</Code> with the signing secret. Receivers should recompute it and refuse old timestamps.
          </Text>
          {secret && <OneTimeSecret label="Signing secret" value={secret} note="Copy it into the receiver now; Vigil will not show it again." />}
          {hook.isError && <Alert color="red">{errorMessage(hook.error)}</Alert>}
          {hook.data && (
            <WebhookForm
              key={`${hook.data.url}-${hook.data.enabled}`}
              current={hook.data}
              onSaved={(w) => {
                if (w.secret) setSecret(w.secret);
                client.invalidateQueries({ queryKey: ["webhook"] });
                notifications.show({ color: "teal", title: "Webhook saved", message: w.enabled ? "Notifications will be sent to it." : "It is switched off." });
              }}
            />
          )}
          {hook.data?.configured && (
            <Group>
              <Button variant="light" onClick={test} loading={testing}>
                Send a test event
              </Button>
            </Group>
          )}
        </Stack>
      </Paper>
      <Paper withBorder p="md" radius="md">
        <Stack gap="sm">
          <Title order={2} size="h4">
            Recent deliveries
          </Title>
          <DataTable<Delivery>
            label="Recent deliveries"
            records={deliveries.data?.items}
            fetching={deliveries.isFetching}
            emptyText="Nothing has been sent outside the app yet."
            searchText={(d) => `${d.title} ${d.recipient} ${d.channel} ${d.status}`}
            columns={[
              { accessor: "title", title: "Notification" },
              { accessor: "recipient", title: "Recipient" },
              { accessor: "channel", title: "Channel" },
              {
                accessor: "status",
                title: "Outcome",
                render: (d) => (
                  <Group gap={6}>
                    <Badge color={statusColor[d.status] ?? "gray"} variant="light">
                      {d.status}
                    </Badge>
                    {d.lastError && (
                      <Text size="xs" c="red">
                        {d.lastError} (attempt {d.attempts})
                      </Text>
                    )}
                  </Group>
                ),
              },
              { accessor: "deliveredAt", title: "Delivered", render: (d) => formatDateTime(d.deliveredAt) },
            ]}
          />
        </Stack>
      </Paper>
    </Page>
  );
}
