import { Alert, Anchor, Button, Stack, TextInput } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useState } from "react";
import { ApiError, api, errorMessage } from "../../api/client";
import type { SessionInfo } from "../../api/types";
import { AuthFrame } from "./AuthFrame";

/** After the password: a code from the authenticator app, or one of the recovery codes. */
export function SecondFactorStep({ challenge, onSignedIn, onRestart }: { challenge: string; onSignedIn: (s: SessionInfo) => void; onRestart: () => void }) {
  const [useRecovery, setUseRecovery] = useState(false);
  const [value, setValue] = useState("");
  const [failure, setFailure] = useState<{ message: string; expired: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!value.trim()) return setFailure({ message: useRecovery ? "Enter a recovery code" : "Enter the code your app shows", expired: false });
    setFailure(null);
    setBusy(true);
    try {
      const body = useRecovery ? { challenge, recoveryCode: value.trim() } : { challenge, code: value.trim() };
      onSignedIn(await api.post<SessionInfo>("/api/auth/second-factor", body, { redirectOn401: false }));
    } catch (err) {
      setFailure({ message: errorMessage(err), expired: err instanceof ApiError && err.code === "sign_in_expired" });
      setValue("");
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame
      title="Second factor"
      lead={useRecovery ? "Enter one of your recovery codes. Each works only once." : "Enter the 6-digit code your authenticator app shows for Vigil."}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {failure && (
            <Alert color="red" variant="light" title={failure.expired ? "Sign in again" : "Not signed in"} icon={<IconAlertTriangle size={18} aria-hidden />} role="alert">
              {failure.message}
            </Alert>
          )}
          {failure?.expired ? (
            <Button onClick={onRestart}>Back to sign-in</Button>
          ) : (
            <>
              <TextInput
                key={useRecovery ? "recovery" : "totp"}
                label={useRecovery ? "Recovery code" : "Code from your authenticator app"}
                inputMode={useRecovery ? "text" : "numeric"}
                autoComplete="one-time-code"
                required
                data-autofocus
                autoFocus
                value={value}
                onChange={(e) => setValue(e.currentTarget.value)}
              />
              <Button type="submit" loading={busy} fullWidth>
                Verify
              </Button>
              <Anchor
                component="button"
                type="button"
                size="sm"
                onClick={() => {
                  setUseRecovery(!useRecovery);
                  setValue("");
                  setFailure(null);
                }}
              >
                {useRecovery ? "Use a code from the app instead" : "Lost your device? Use a recovery code"}
              </Anchor>
            </>
          )}
        </Stack>
      </form>
    </AuthFrame>
  );
}
