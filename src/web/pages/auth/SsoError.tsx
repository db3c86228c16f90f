import { Alert, Anchor, Button, Stack, Text } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { Link } from "react-router";
import type { SignInMethods } from "../../api/sign-in";
import { AuthFrame } from "./AuthFrame";

/** What each failure code of /api/auth/oidc/start and /callback means for the person signing in. */
const explanations: Record<string, { title: string; text: string }> = {
  unavailable: {
    title: "The identity provider cannot be reached",
    text: "Vigil could not contact your organisation's identity provider: it may be down, or its address or client settings in Vigil are wrong. Try again in a few minutes; if it keeps failing, tell your IT department.",
  },
  expired: {
    title: "The sign-in took too long",
    text: "The single sign-on was not finished within ten minutes, or it was started in another browser or tab. Start it again.",
  },
  rejected: {
    title: "The identity provider refused the sign-in",
    text: "The sign-in was cancelled or refused at the identity provider. If you did not cancel it, ask your IT department whether your account may use Vigil.",
  },
  invalid_response: {
    title: "The identity provider's answer could not be verified",
    text: "Vigil checks the signature, issuer and audience of every answer, and this one did not pass. Your IT department finds the reason in Vigil's audit log.",
  },
  no_account: {
    title: "No Vigil account for you",
    text: "The identity provider knows you, but this Vigil has no account for your e-mail address and does not create accounts at sign-in. Ask a Vigil administrator to create one.",
  },
  no_role: {
    title: "None of your groups has access to Vigil",
    text: "None of the groups the identity provider names for you is mapped to a Vigil role. Ask your IT department to add you to a group that has access.",
  },
  account_disabled: { title: "Your Vigil account is disabled", text: "Ask a Vigil administrator to enable it again." },
  not_configured: { title: "Single sign-on is not set up", text: "This Vigil has no identity provider configured. Sign in with your password." },
};

const unknownFailure = { title: "Single sign-on did not work", text: "The sign-in through the identity provider failed. Try again, or tell your IT department." };

/** The page a failed single sign-on returns to: what went wrong, how to retry, and the break-glass way in. */
export function SsoError({ code, methods }: { code: string; methods: SignInMethods | undefined }) {
  const { title, text } = explanations[code] ?? unknownFailure;
  const sso = methods?.singleSignOn;
  return (
    <AuthFrame title="Single sign-on did not work">
      <Alert color="red" variant="light" title={title} icon={<IconAlertTriangle size={18} aria-hidden />} role="alert">
        {text}
      </Alert>
      <Stack gap="sm">
        {sso && (
          <Button component="a" href={sso.startUrl}>
            Try again: {sso.label}
          </Button>
        )}
        {methods?.passwordSignIn === "break_glass" ? (
          <Text size="sm">
            Break-glass administrator?{" "}
            <Anchor component={Link} to="/sign-in?break_glass=1">
              Sign in with your password
            </Anchor>
            . Everyone else waits until single sign-on works again.
          </Text>
        ) : (
          <Anchor component={Link} to="/sign-in" size="sm">
            Sign in with your password instead
          </Anchor>
        )}
      </Stack>
    </AuthFrame>
  );
}
