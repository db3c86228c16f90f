import { ActionIcon, Button, Group, Indicator, Popover, ScrollArea, Stack, Text, UnstyledButton } from "@mantine/core";
import { IconBell } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { api } from "../../api/client";
import { formatDateTime } from "../../components/format";
import { incidentKeys, type Notification, useNotifications } from "./api";

/** The signed-in user's notifications (clock reminders at 50, 80 and 100 %), in the header. */
export function NotificationBell() {
  const notifications = useNotifications();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  const unread = notifications.data?.unread ?? 0;
  const refresh = () => queryClient.invalidateQueries({ queryKey: incidentKeys.notifications });
  const open = async (n: Notification) => {
    if (!n.readAt) await api.post(`/api/notifications/${n.id}/read`).catch(() => undefined);
    await refresh();
    setOpened(false);
    if (n.link) navigate(n.link);
  };
  const readAll = async () => {
    await api.post("/api/notifications/read-all");
    await refresh();
  };
  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={360} withinPortal shadow="md">
      <Popover.Target>
        <ActionIcon variant="subtle" size="lg" aria-label={`Notifications${unread ? `, ${unread} unread` : ""}`} onClick={() => setOpened((o) => !o)}>
          <Indicator label={unread > 99 ? "99+" : unread} size={16} disabled={unread === 0} color="red" offset={-2} aria-hidden>
            <IconBell size={20} aria-hidden />
          </Indicator>
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown p="xs" aria-label="Notifications">
        <Group justify="space-between" mb="xs">
          <Text fw={600} size="sm">
            Notifications
          </Text>
          <Button size="compact-xs" variant="subtle" disabled={unread === 0} onClick={() => void readAll()}>
            Mark all read
          </Button>
        </Group>
        <ScrollArea.Autosize mah={360}>
          <Stack gap={4}>
            {(notifications.data?.items ?? []).length === 0 && (
              <Text size="sm" c="dimmed">
                Nothing yet.
              </Text>
            )}
            {(notifications.data?.items ?? []).map((n) => (
              <UnstyledButton key={n.id} onClick={() => void open(n)} p={6} style={{ borderRadius: 4, background: n.readAt ? undefined : "var(--mantine-color-indigo-0)" }}>
                <Text size="sm" fw={n.readAt ? 400 : 600}>
                  {n.title}
                </Text>
                {n.body && (
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {n.body}
                  </Text>
                )}
                <Text size="xs" c="dimmed">
                  {formatDateTime(n.createdAt)}
                </Text>
              </UnstyledButton>
            ))}
          </Stack>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}
