import { Alert, Anchor, Button, Center, Divider, Loader, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertTriangle, IconClockPause, IconLock } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { zod4Resolver } from "mantine-form-zod-resolver";
import { useState } from "react";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { z } from "zod";
import { ApiError, api, errorMessage, setCsrfToken } from "../../api/client";
import { keys } from "../../api/queries";
import { isPending, type PendingSignIn, type SignInMethods, useSignInMethods } from "../../api/sign-in";
import type { SessionInfo } from "../../api/types";
import { useSessionQuery } from "../../auth/session";
import { usePageTitle } from "../../components/Page";
import { AuthFrame } from "./AuthFrame";
import { EnrolmentStep } from "./EnrolmentStep";
import { SecondFactorStep } from "./SecondFactorStep";
import { SsoError } from "./SsoError";

const schema = z.object({
  email: z.string().trim().min(1, "Enter your e-mail address"),
  password: z.string().min(1, "Enter your password"),
});

/** Only paths inside the app are followed after sign-in. */
function safeNext(next: string | null): string {
  return next?.startsWith("/") && !next.startsWith("//") ? next : "/";
}

function failureView(err: unknown): { title: string; icon: React.ReactNode; message: string } {
  const message = errorMessage(err);
  if (err instanceof ApiError) {
    if (err.code === "account_locked") return { title: "Account locked", icon: <IconLock size={18} aria-hidden />, message };
    if (err.code === "too_many_attempts") return { title: "Too many attempts", icon: <IconClockPause size={18} aria-hidden />, message };
    if (err.code === "account_disabled") return { title: "Account disabled", icon: <IconLock size={18} aria-hidden />, message };
  }
  return { title: "Sign-in failed", icon: <IconAlertTriangle size={18} aria-hidden />, message };
}

export function SignInPage() {
  usePageTitle("Sign in");
  const session = useSessionQuery();
  const methods = useSignInMethods();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const next = safeNext(params.get("next"));
  const [pending, setPending] = useState<PendingSignIn | null>(null);

  if (session.data) return <Navigate to={next} replace />;

  const signedIn = (result: SessionInfo) => {
    setCsrfToken(result.csrfToken);
    queryClient.setQueryData(keys.session, result);
    navigate(result.user.role === "customer" && next === "/" ? "/portal" : next, { replace: true });
  };
  const restart = () => setPending(null);

  if (pending?.secondFactor === "totp") return <SecondFactorStep challenge={pending.challenge} onSignedIn={signedIn} onRestart={restart} />;
  if (pending?.secondFactor === "enrol") return <EnrolmentStep challenge={pending.challenge} onSignedIn={signedIn} onRestart={restart} />;

  const ssoError = params.get("sso_error");
  if (ssoError) return <SsoError code={ssoError} methods={methods.data} />;
  if (methods.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  // Without an answer about the methods the password form is the way in that always exists.
  const offered: SignInMethods = methods.data ?? { passwordSignIn: "everyone", singleSignOn: null };
  const breakGlass = offered.passwordSignIn === "break_glass";
  const passwordForm = !breakGlass || params.has("break_glass");
  const sso = offered.singleSignOn;

  const lead = passwordForm
    ? breakGlass
      ? "Password sign-in is only for the break-glass administrators your IT department named, for when single sign-on is unavailable."
      : sso
        ? "Sign in through your organisation, or with the e-mail address and password of your Vigil account."
        : "Use the e-mail address and password of your Vigil account."
    : "Sign in through your organisation's identity provider.";

  return (
    <AuthFrame title={passwordForm && breakGlass ? "Break-glass sign-in" : "Sign in"} lead={lead}>
      {sso && !(passwordForm && breakGlass) && (
        <Button component="a" href={sso.startUrl} variant={passwordForm ? "default" : "filled"} fullWidth>
          {sso.label}
        </Button>
      )}
      {sso && passwordForm && !breakGlass && <Divider label="or" labelPosition="center" />}
      {passwordForm ? (
        <PasswordForm onResult={(r) => (isPending(r) ? setPending(r) : signedIn(r))} />
      ) : (
        <Anchor component={Link} to="/sign-in?break_glass=1" size="sm">
          Break-glass administrator sign-in
        </Anchor>
      )}
      {passwordForm && breakGlass && (
        <Anchor component="button" type="button" size="sm" onClick={() => setParams({})}>
          Back to single sign-on
        </Anchor>
      )}
    </AuthFrame>
  );
}

function PasswordForm({ onResult }: { onResult: (r: SessionInfo | PendingSignIn) => void }) {
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({ mode: "uncontrolled", initialValues: { email: "", password: "" }, validate: zod4Resolver(schema) });

  const onSubmit = form.onSubmit(async (values) => {
    setFailure(null);
    setBusy(true);
    try {
      onResult(await api.post<SessionInfo | PendingSignIn>("/api/auth/login", { email: values.email.trim(), password: values.password }, { redirectOn401: false }));
    } catch (err) {
      setFailure(err);
      form.setFieldValue("password", "");
      form.getInputNode("password")?.focus();
    } finally {
      setBusy(false);
    }
  });

  const view = failure ? failureView(failure) : null;
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        {view && (
          <Alert color="red" variant="light" title={view.title} icon={view.icon} role="alert">
            {view.message}
          </Alert>
        )}
        <TextInput label="E-mail" type="email" autoComplete="username" required data-autofocus key={form.key("email")} {...form.getInputProps("email")} />
        <PasswordInput label="Password" autoComplete="current-password" required key={form.key("password")} {...form.getInputProps("password")} />
        <Button type="submit" loading={busy} fullWidth>
          Sign in
        </Button>
      </Stack>
    </form>
  );
}
