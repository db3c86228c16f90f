import { Button, Text } from "@mantine/core";
import { useQueryClient } from "@tanstack/react-query";
import { keys } from "../../api/queries";
import type { SessionInfo } from "../../api/types";
import { useSession, useSignOut } from "../../auth/session";
import { usePageTitle } from "../../components/Page";
import { AuthFrame } from "./AuthFrame";
import { ChangePasswordForm } from "./ChangePasswordForm";

/** Shown instead of every page while the account still has a one-time password. */
export function ForcedPasswordChange() {
  usePageTitle("Choose a new password");
  const session = useSession();
  const queryClient = useQueryClient();
  const signOut = useSignOut();
  return (
    <AuthFrame
      title="Choose a new password"
      lead={`Welcome, ${session.user.name}. Your account has a one-time password; choose your own before you continue.`}
    >
      <ChangePasswordForm
        submitLabel="Set password and continue"
        onChanged={() => queryClient.setQueryData<SessionInfo | null>(keys.session, (s) => (s ? { ...s, mustChangePassword: false } : s))}
      />
      <Text size="sm" c="dimmed">
        Not you?{" "}
        <Button variant="subtle" size="compact-sm" onClick={signOut}>
          Sign out
        </Button>
      </Text>
    </AuthFrame>
  );
}
