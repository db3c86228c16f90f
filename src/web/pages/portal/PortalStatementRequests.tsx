import { Alert, Button, Modal, Stack, Table, Text, Textarea, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage } from "../../api/client";
import { useCan } from "../../auth/session";
import { formatDate } from "../../components/format";
import { statementKeys } from "../devices/security-statement-types";

type Missing = { versionId: string; deviceModel: string; modelNumber: string; version: string; request: { requestedAt: string; requestedBy: string } | null };

/** Installed versions without a published security statement: the hospital may ask the manufacturer for one. */
export function PortalStatementRequests({ deviceModel }: { deviceModel?: string }) {
  const queryClient = useQueryClient();
  const canRequest = useCan("portal:acknowledge");
  const key = [...statementKeys.portal, "missing"];
  const list = useQuery({ queryKey: key, queryFn: () => api.get<Missing[]>("/api/portal/security-statement-requests") });
  const [asking, setAsking] = useState<Missing | null>(null);
  const [message, setMessage] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const shown = deviceModel ? list.data?.filter((m) => m.deviceModel === deviceModel) : list.data;
  if (list.isError) return <Alert color="red">The versions without a security statement could not be loaded: {errorMessage(list.error)}</Alert>;
  if (!shown || shown.length === 0) return null;

  const send = async () => {
    if (!asking) return;
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/portal/versions/${encodeURIComponent(asking.versionId)}/security-statement-request`, { message: message.trim() || null });
      notifications.show({ color: "teal", message: `The manufacturer was asked for the security statement of ${asking.deviceModel} ${asking.version}.` });
      setAsking(null);
      setMessage("");
      await queryClient.invalidateQueries({ queryKey: key });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="xs" component="section" aria-label="Versions without a security statement">
      <Title order={2} size="h4">
        Versions without a security statement
      </Title>
      <Table fz="sm" aria-label="Versions without a security statement">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Device model</Table.Th>
            <Table.Th>Version</Table.Th>
            <Table.Th>Security statement</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shown.map((m) => (
            <Table.Tr key={m.versionId}>
              <Table.Td>{m.deviceModel}</Table.Td>
              <Table.Td>{m.version}</Table.Td>
              <Table.Td>
                {m.request ? (
                  <Text size="sm">Requested on {formatDate(m.request.requestedAt.slice(0, 10))}</Text>
                ) : canRequest ? (
                  <Button size="compact-sm" variant="light" aria-label={`Request security statement of ${m.deviceModel} ${m.version}`} onClick={() => setAsking(m)}>
                    Request security statement
                  </Button>
                ) : (
                  <Text size="sm" c="dimmed">Not published</Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {asking && (
        <Modal opened onClose={() => setAsking(null)} title={`Request the security statement of ${asking.deviceModel} ${asking.version}`}>
          <Stack gap="sm">
            {error && <Alert color="red">{error}</Alert>}
            <Textarea label="Message to the manufacturer" description="Optional, e.g. why and by when you need it" autosize minRows={2} maxLength={2000} value={message} onChange={(e) => setMessage(e.currentTarget.value)} />
            <Button loading={busy} onClick={() => void send()}>
              Send request
            </Button>
          </Stack>
        </Modal>
      )}
    </Stack>
  );
}
