import { Alert, Button, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertTriangle, IconClockPause, IconLock } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { zod4Resolver } from "mantine-form-zod-resolver";
import { useState } from "react";
import { Navigate, useNavigate, useSearchParams } from "react-router";
import { z } from "zod";
import { ApiError, api, errorMessage, setCsrfToken } from "../../api/client";
import { keys } from "../../api/queries";
import type { SessionInfo } from "../../api/types";
import { useSessionQuery } from "../../auth/session";
import { usePageTitle } from "../../components/Page";
import { AuthFrame } from "./AuthFrame";

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
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const form = useForm({ mode: "uncontrolled", initialValues: { email: "", password: "" }, validate: zod4Resolver(schema) });

  if (session.data) return <Navigate to={next} replace />;

  const onSubmit = form.onSubmit(async (values) => {
    setFailure(null);
    setBusy(true);
    try {
      const result = await api.post<SessionInfo>("/api/auth/login", { email: values.email.trim(), password: values.password }, { redirectOn401: false });
      setCsrfToken(result.csrfToken);
      queryClient.setQueryData(keys.session, result);
      navigate(result.user.role === "customer" && next === "/" ? "/portal" : next, { replace: true });
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
    <AuthFrame title="Sign in" lead="Use the e-mail address and password of your Vigil account.">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          {view && (
            <Alert color="red" variant="light" title={view.title} icon={view.icon} role="alert">
              {view.message}
            </Alert>
          )}
          <TextInput
            label="E-mail"
            type="email"
            autoComplete="username"
            required
            data-autofocus
            key={form.key("email")}
            {...form.getInputProps("email")}
          />
          <PasswordInput label="Password" autoComplete="current-password" required key={form.key("password")} {...form.getInputProps("password")} />
          <Button type="submit" loading={busy} fullWidth>
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
