import { Alert, SegmentedControl, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, errorMessage } from "../../api/client";

type Mode = "immediate" | "daily" | "off";
type Preferences = { email: Mode; emailAvailable: boolean };

const modes: Array<{ value: Mode; label: string }> = [
  { value: "immediate", label: "Each notification" },
  { value: "daily", label: "Daily digest" },
  { value: "off", label: "No e-mail" },
];

/** How the signed-in user receives notifications by e-mail. */
export function EmailPreference() {
  const client = useQueryClient();
  const prefs = useQuery({ queryKey: ["notification-preferences"], queryFn: () => api.get<Preferences>("/api/notifications/preferences") });
  const save = useMutation({
    mutationFn: (email: Mode) => api.put<Preferences>("/api/notifications/preferences", { email }),
    onSuccess: (data) => {
      client.setQueryData(["notification-preferences"], data);
      notifications.show({ color: "teal", title: "Saved", message: "Your e-mail preference is saved." });
    },
    onError: (err) => notifications.show({ color: "red", title: "Not saved", message: errorMessage(err) }),
  });
  if (!prefs.data) return <Text size="sm" c="dimmed">{prefs.isError ? errorMessage(prefs.error) : "Loading…"}</Text>;
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        Every notification appears in the app. By e-mail you may receive each one as it happens, or one digest a day.
      </Text>
      <SegmentedControl
        aria-label="E-mail notifications"
        data={modes}
        value={prefs.data.email}
        onChange={(v) => save.mutate(v as Mode)}
        disabled={save.isPending}
      />
      {!prefs.data.emailAvailable && (
        <Alert color="gray" variant="light">
          This Vigil has no SMTP server configured yet (VIGIL_SMTP_URL), so no e-mail is sent; your choice applies once it is.
        </Alert>
      )}
    </Stack>
  );
}
