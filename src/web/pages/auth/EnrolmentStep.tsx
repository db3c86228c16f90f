import { Alert, Anchor, Button, Loader, Stack } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage } from "../../api/client";
import type { Enrolment } from "../../api/sign-in";
import type { SessionInfo } from "../../api/types";
import { AuthenticatorSetup } from "../../components/AuthenticatorSetup";
import { RecoveryCodes } from "../../components/RecoveryCodes";
import { AuthFrame } from "./AuthFrame";

type Confirmed = SessionInfo & { recoveryCodes: string[] };

/** The role requires a second factor the user has not set up: enrol it now, see the recovery codes once, then continue. */
export function EnrolmentStep({ challenge, onSignedIn, onRestart }: { challenge: string; onSignedIn: (s: SessionInfo) => void; onRestart: () => void }) {
  const [confirmed, setConfirmed] = useState<Confirmed | null>(null);
  // A query, so that the secret is requested once per sign-in even when the component mounts twice.
  const enrolment = useQuery({
    queryKey: ["sign-in", "enrolment", challenge],
    queryFn: () => api.post<Enrolment>("/api/auth/second-factor/enrolment", { challenge }, { redirectOn401: false }),
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });

  if (confirmed) {
    const { recoveryCodes, ...session } = confirmed;
    return (
      <AuthFrame title="Second factor set up" lead="From now on you sign in with your password and a code from the app.">
        <RecoveryCodes codes={recoveryCodes} />
        <Button onClick={() => onSignedIn(session)}>I have saved them: continue</Button>
      </AuthFrame>
    );
  }
  return (
    <AuthFrame title="Set up a second factor" lead="Your role requires a code from an authenticator app at each sign-in. Set it up once to continue.">
      {enrolment.isPending && <Loader aria-label="Loading" />}
      {enrolment.isError && (
        <Stack gap="sm">
          <Alert color="red" variant="light" role="alert" title="Sign in again">
            {errorMessage(enrolment.error)}
          </Alert>
          <Button onClick={onRestart}>Back to sign-in</Button>
        </Stack>
      )}
      {enrolment.data && (
        <AuthenticatorSetup
          enrolment={enrolment.data}
          submitLabel="Confirm and sign in"
          onConfirm={async (code) =>
            setConfirmed(await api.post<Confirmed>("/api/auth/second-factor/enrolment/confirm", { challenge, code }, { redirectOn401: false }))
          }
        />
      )}
      {enrolment.data && (
        <Anchor component="button" type="button" size="sm" onClick={onRestart}>
          Cancel and go back to sign-in
        </Anchor>
      )}
    </AuthFrame>
  );
}
