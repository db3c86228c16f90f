import { Badge, Button, Group, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconLogout } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage } from "../../api/client";
import { type AccountSession, signInKeys, useAccountSessions } from "../../api/sign-in";
import { useSignOut } from "../../auth/session";
import { type Column, DataTable } from "../../components/DataTable";
import { formatDateTime } from "../../components/format";
import { deviceOf } from "./device-name";

/** Where the account is signed in, with sign-out per session and everywhere. */
export function SessionsPanel() {
  const sessions = useAccountSessions();
  const client = useQueryClient();
  const signOut = useSignOut();
  const [busy, setBusy] = useState<string | null>(null);

  const end = async (s: AccountSession) => {
    if (s.current) return signOut();
    setBusy(s.id);
    try {
      await api.delete(`/api/account/sessions/${encodeURIComponent(s.id)}`);
      await client.invalidateQueries({ queryKey: signInKeys.sessions });
      notifications.show({ color: "teal", title: "Signed out", message: `${deviceOf(s.userAgent)} is signed out.` });
    } catch (err) {
      notifications.show({ color: "red", title: "Not signed out", message: errorMessage(err) });
    } finally {
      setBusy(null);
    }
  };

  const everywhere = async () => {
    setBusy("everywhere");
    try {
      await api.post("/api/account/sessions/sign-out-everywhere");
      await signOut();
    } catch (err) {
      notifications.show({ color: "red", title: "Not signed out", message: errorMessage(err) });
      setBusy(null);
    }
  };

  const columns: Column<AccountSession>[] = [
    {
      accessor: "userAgent",
      title: "Device",
      render: (s) => (
        <Group gap="xs">
          <Text size="sm" title={s.userAgent ?? undefined}>
            {deviceOf(s.userAgent)}
          </Text>
          {s.current && (
            <Badge color="teal" variant="light" radius="sm">
              This session
            </Badge>
          )}
        </Group>
      ),
    },
    { accessor: "ip", title: "Address", render: (s) => s.ip ?? "—" },
    { accessor: "createdAt", title: "Signed in", sortable: true, render: (s) => formatDateTime(s.createdAt) },
    { accessor: "lastSeenAt", title: "Last seen", sortable: true, render: (s) => formatDateTime(s.lastSeenAt) },
    {
      accessor: "actions",
      title: <span className="visually-hidden">Actions</span>,
      textAlign: "right",
      render: (s) => (
        <Button size="compact-sm" variant="subtle" loading={busy === s.id} onClick={() => void end(s)} aria-label={`Sign out ${s.current ? "this session" : deviceOf(s.userAgent)}`}>
          Sign out
        </Button>
      ),
    },
  ];

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Each browser you are signed in with. Sign out any you do not recognise, and change your password.
        </Text>
        <Button color="red" variant="light" leftSection={<IconLogout size={16} aria-hidden />} loading={busy === "everywhere"} onClick={() => void everywhere()}>
          Sign out everywhere
        </Button>
      </Group>
      <DataTable
        label="Sessions"
        records={sessions.data}
        fetching={sessions.isPending}
        columns={columns}
        initialSort={{ columnAccessor: "lastSeenAt", direction: "desc" }}
        emptyText={sessions.isError ? errorMessage(sessions.error) : "No sessions."}
      />
    </Stack>
  );
}
