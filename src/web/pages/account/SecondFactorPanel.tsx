import { Alert, Badge, Button, Group, PasswordInput, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { zod4Resolver } from "mantine-form-zod-resolver";
import { useState } from "react";
import { z } from "zod";
import { api, errorMessage } from "../../api/client";
import { type Enrolment, signInKeys, useSecondFactorStatus } from "../../api/sign-in";
import { AuthenticatorSetup } from "../../components/AuthenticatorSetup";
import { formatDateTime, plural } from "../../components/format";
import { FormError, useApiForm } from "../../components/forms";
import { RecoveryCodes } from "../../components/RecoveryCodes";

type Step = { kind: "idle" } | { kind: "enrol"; enrolment: Enrolment } | { kind: "codes"; codes: string[] } | { kind: "regenerate" } | { kind: "disable" };

const codeSchema = z.object({ code: z.string().trim().regex(/^\d{6}$/, "Enter the 6-digit code your app shows") });
const passwordSchema = z.object({ password: z.string().min(1, "Enter your password") });

/** The account's authenticator app: set up, move to a new device, new recovery codes, turn off. */
export function SecondFactorPanel() {
  const status = useSecondFactorStatus();
  const client = useQueryClient();
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const [busy, setBusy] = useState(false);
  const refresh = () => client.invalidateQueries({ queryKey: signInKeys.secondFactor });

  const startEnrolment = async () => {
    setBusy(true);
    try {
      setStep({ kind: "enrol", enrolment: await api.post<Enrolment>("/api/account/second-factor/enrolment") });
    } catch (err) {
      notifications.show({ color: "red", title: "Not started", message: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  if (!status.data) return <Text size="sm" c="dimmed">{status.isError ? errorMessage(status.error) : "Loading…"}</Text>;
  const s = status.data;

  if (step.kind === "enrol") {
    return (
      <Stack gap="sm">
        <AuthenticatorSetup
          enrolment={step.enrolment}
          submitLabel="Confirm"
          onConfirm={async (code) => {
            const r = await api.post<{ recoveryCodes: string[] }>("/api/account/second-factor/confirm", { code });
            setStep({ kind: "codes", codes: r.recoveryCodes });
            await refresh();
          }}
        />
        <Group>
          <Button variant="default" onClick={() => setStep({ kind: "idle" })}>
            Cancel
          </Button>
        </Group>
      </Stack>
    );
  }

  return (
    <Stack gap="sm">
      <Group gap="xs">
        <Text size="sm">
          {s.enabled
            ? `Authenticator app in use since ${formatDateTime(s.enabledAt)}; ${plural(s.recoveryCodesLeft, "recovery code")} left.`
            : "Not set up: your password alone signs you in."}
        </Text>
        {s.required && (
          <Badge color="indigo" variant="light" radius="sm">
            Required for your role
          </Badge>
        )}
      </Group>
      {step.kind === "codes" && <RecoveryCodes codes={step.codes} />}
      {step.kind === "regenerate" && <RegenerateForm onDone={(codes) => void refresh().then(() => setStep({ kind: "codes", codes }))} onCancel={() => setStep({ kind: "idle" })} />}
      {step.kind === "disable" && <DisableForm onDone={() => void refresh().then(() => setStep({ kind: "idle" }))} onCancel={() => setStep({ kind: "idle" })} />}
      {(step.kind === "idle" || step.kind === "codes") && (
        <Group gap="sm">
          <Button onClick={() => void startEnrolment()} loading={busy} variant={s.enabled ? "default" : "filled"}>
            {s.enabled ? "Move to a new device" : "Set up authenticator app"}
          </Button>
          {s.enabled && (
            <Button variant="default" onClick={() => setStep({ kind: "regenerate" })}>
              New recovery codes
            </Button>
          )}
          {s.enabled && !s.required && (
            <Button variant="subtle" color="red" onClick={() => setStep({ kind: "disable" })}>
              Turn off
            </Button>
          )}
        </Group>
      )}
      {s.enabled && s.required && (
        <Text size="xs" c="dimmed">
          Your role requires a second factor, so it cannot be turned off; an administrator can reset it if the device is lost.
        </Text>
      )}
    </Stack>
  );
}

function SubmitOrCancel({ label, color, submitting, onCancel }: { label: string; color?: string; submitting: boolean; onCancel: () => void }) {
  return (
    <Group gap="sm">
      <Button type="submit" color={color} loading={submitting}>
        {label}
      </Button>
      <Button variant="default" onClick={onCancel}>
        Cancel
      </Button>
    </Group>
  );
}

function RegenerateForm({ onDone, onCancel }: { onDone: (codes: string[]) => void; onCancel: () => void }) {
  const form = useForm({ mode: "uncontrolled", initialValues: { code: "" }, validate: zod4Resolver(codeSchema) });
  const { onSubmit, failure, submitting } = useApiForm(
    form,
    (v) => api.post<{ recoveryCodes: string[] }>("/api/account/second-factor/recovery-codes", { code: v.code.trim() }),
    (r) => onDone(r.recoveryCodes),
  );
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <Text size="sm">The new codes replace all of your current ones. A code from the app proves it is you.</Text>
        <FormError failure={failure} title="No new codes" />
        <TextInput label="Code from the app" inputMode="numeric" autoComplete="one-time-code" required maw={200} key={form.key("code")} {...form.getInputProps("code")} />
        <SubmitOrCancel label="Replace recovery codes" submitting={submitting} onCancel={onCancel} />
      </Stack>
    </form>
  );
}

function DisableForm({ onDone, onCancel }: { onDone: () => void; onCancel: () => void }) {
  const form = useForm({ mode: "uncontrolled", initialValues: { password: "" }, validate: zod4Resolver(passwordSchema) });
  const { onSubmit, failure, submitting } = useApiForm(form, (v) => api.post("/api/account/second-factor/disable", { password: v.password }), () => {
    notifications.show({ color: "teal", title: "Second factor turned off", message: "Your password alone signs you in now." });
    onDone();
  });
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <Alert color="orange" variant="light">
          Without a second factor, anyone who learns your password can sign in as you. Your recovery codes stop working.
        </Alert>
        <FormError failure={failure} title="Not turned off" />
        <PasswordInput label="Your password" autoComplete="current-password" required maw={320} key={form.key("password")} {...form.getInputProps("password")} />
        <SubmitOrCancel label="Turn off second factor" color="red" submitting={submitting} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
