import { Button, Code, Group, Image, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { zod4Resolver } from "mantine-form-zod-resolver";
import { z } from "zod";
import type { Enrolment } from "../api/sign-in";
import { FormError, useApiForm } from "./forms";

const schema = z.object({ code: z.string().trim().regex(/^\d{6}$/, "Enter the 6-digit code your app shows") });

/** Enrols an authenticator app: the QR code, the same secret as text, and the first code from the app to confirm. */
export function AuthenticatorSetup({ enrolment, onConfirm, submitLabel }: { enrolment: Enrolment; onConfirm: (code: string) => Promise<void>; submitLabel: string }) {
  const form = useForm({ mode: "uncontrolled", initialValues: { code: "" }, validate: zod4Resolver(schema) });
  const { onSubmit, failure, submitting } = useApiForm(form, (v) => onConfirm(v.code.trim()));
  return (
    <Stack gap="sm">
      <Text size="sm">Scan the QR code with an authenticator app (for example FreeOTP, Aegis, Google or Microsoft Authenticator).</Text>
      <Image src={enrolment.qrCode} alt="QR code of the authenticator secret" w={200} h={200} fit="contain" />
      <Text size="sm">
        Cannot scan it? Enter this secret in the app instead:{" "}
        <Code data-secret="totp" style={{ wordBreak: "break-all", userSelect: "all" }}>
          {enrolment.secret}
        </Code>
      </Text>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          <FormError failure={failure} title="Not confirmed" />
          <TextInput
            label="Code from the app"
            inputMode="numeric"
            autoComplete="one-time-code"
            required
            maw={200}
            key={form.key("code")}
            {...form.getInputProps("code")}
          />
          <Group>
            <Button type="submit" loading={submitting}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
