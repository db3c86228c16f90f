import { Button, Group, PasswordInput, Stack } from "@mantine/core";
import { useForm } from "@mantine/form";
import { zod4Resolver } from "mantine-form-zod-resolver";
import { z } from "zod";
import { api } from "../../api/client";
import { FormError, useApiForm } from "../../components/forms";

const MIN_LENGTH = 10;

const schema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password"),
    newPassword: z.string().min(MIN_LENGTH, `At least ${MIN_LENGTH} characters`).max(200, "At most 200 characters"),
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "Does not match the new password" })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ["newPassword"], message: "Choose a password different from the current one" });

/** Changes the signed-in user's own password; used on the Account page and for the forced change. */
export function ChangePasswordForm({ onChanged, submitLabel = "Change password" }: { onChanged: () => void; submitLabel?: string }) {
  const form = useForm({
    mode: "uncontrolled",
    initialValues: { currentPassword: "", newPassword: "", confirmPassword: "" },
    validate: zod4Resolver(schema),
  });
  const { onSubmit, failure, submitting } = useApiForm(
    form,
    (v) => api.post("/api/auth/password", { currentPassword: v.currentPassword, newPassword: v.newPassword }),
    () => {
      form.reset();
      onChanged();
    },
  );
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <FormError failure={failure} title="Password not changed" />
        <PasswordInput label="Current password" autoComplete="current-password" required key={form.key("currentPassword")} {...form.getInputProps("currentPassword")} />
        <PasswordInput
          label="New password"
          description={`At least ${MIN_LENGTH} characters, not containing the name part of your e-mail address.`}
          autoComplete="new-password"
          required
          key={form.key("newPassword")}
          {...form.getInputProps("newPassword")}
        />
        <PasswordInput label="Repeat the new password" autoComplete="new-password" required key={form.key("confirmPassword")} {...form.getInputProps("confirmPassword")} />
        <Group>
          <Button type="submit" loading={submitting}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
