import { Button, Group, Select, type SelectProps, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { zod4Resolver } from "mantine-form-zod-resolver";
import { z } from "zod";
import { roles } from "../../../core/access/roles";
import { api } from "../../api/client";
import type { RoleInfo, User } from "../../api/types";
import { roleLabels } from "../../components/format";
import { FormError, useApiForm } from "../../components/forms";

export type CustomerOption = { value: string; label: string };

/** Customer organisations known from existing customer users (the API does not list customers yet). */
export function customerOptions(users: User[]): CustomerOption[] {
  const byId = new Map<string, string[]>();
  for (const u of users) if (u.customerId) byId.set(u.customerId, [...(byId.get(u.customerId) ?? []), u.email]);
  return [...byId].map(([id, emails]) => ({ value: id, label: `Organisation of ${emails.join(", ")}` }));
}

const roleOptions = roles.map((r) => ({ value: r, label: roleLabels[r] }));

/** The role picker; the chosen role's description (from the server) is its help text. */
function RoleSelect({ roleInfo, value, ...rest }: { roleInfo: RoleInfo[] | undefined; value: string } & Omit<SelectProps, "data" | "value">) {
  return (
    <Select
      label="Role"
      description={roleInfo?.find((i) => i.role === value)?.description}
      data={roleOptions}
      allowDeselect={false}
      required
      value={value}
      {...rest}
    />
  );
}

const inviteSchema = z
  .object({
    name: z.string().trim().min(1, "Required").max(200, "At most 200 characters"),
    email: z.email("Must be an e-mail address").max(254),
    role: z.enum(roles),
    customerId: z.string().nullable(),
  })
  .refine((v) => v.role !== "customer" || !!v.customerId, { path: ["customerId"], message: "Required for customer users" });

/** Invites a user; the server generates a one-time password that is shown once afterwards. */
export function InviteUserForm({
  roleInfo,
  customers,
  onCreated,
  onCancel,
}: {
  roleInfo: RoleInfo[] | undefined;
  customers: CustomerOption[];
  onCreated: (r: { user: User; temporaryPassword: string | null }) => void;
  onCancel: () => void;
}) {
  const form = useForm({
    mode: "controlled",
    initialValues: { name: "", email: "", role: "contributor" as (typeof roles)[number], customerId: null as string | null },
    validate: zod4Resolver(inviteSchema),
  });
  const { onSubmit, failure, submitting } = useApiForm(
    form,
    (v) =>
      api.post<{ user: User; temporaryPassword: string | null }>("/api/users", {
        name: v.name.trim(),
        email: v.email.trim(),
        role: v.role,
        customerId: v.role === "customer" ? v.customerId : null,
      }),
    onCreated,
  );
  const role = form.getValues().role;
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <FormError failure={failure} title="User not created" />
        <TextInput label="Name" required data-autofocus key={form.key("name")} {...form.getInputProps("name")} />
        <TextInput label="E-mail" type="email" required key={form.key("email")} {...form.getInputProps("email")} />
        <RoleSelect roleInfo={roleInfo} key={form.key("role")} {...form.getInputProps("role")} value={role} />
        {role === "customer" && (
          <Select
            label="Customer organisation"
            description="The API does not list customer organisations yet; choose the organisation of an existing customer user."
            data={customers}
            required
            nothingFoundMessage="No customer organisation known"
            key={form.key("customerId")}
            {...form.getInputProps("customerId")}
          />
        )}
        <Text size="sm" c="dimmed">
          Vigil generates a one-time password, shown once after the user is created. The user chooses their own password at the first
          sign-in.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={submitting}>
            Create user
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const roleSchema = z
  .object({ role: z.enum(roles), customerId: z.string().nullable() })
  .refine((v) => v.role !== "customer" || !!v.customerId, { path: ["customerId"], message: "Required for customer users" });

export function ChangeRoleForm({
  user,
  roleInfo,
  customers,
  onSaved,
  onCancel,
}: {
  user: User;
  roleInfo: RoleInfo[] | undefined;
  customers: CustomerOption[];
  onSaved: (u: User) => void;
  onCancel: () => void;
}) {
  const form = useForm({
    mode: "controlled",
    initialValues: { role: user.role, customerId: user.customerId },
    validate: zod4Resolver(roleSchema),
  });
  const { onSubmit, failure, submitting } = useApiForm(
    form,
    (v) => api.patch<User>(`/api/users/${encodeURIComponent(user.id)}`, { role: v.role, customerId: v.role === "customer" ? v.customerId : null }),
    onSaved,
  );
  const role = form.getValues().role;
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <FormError failure={failure} title="Role not changed" />
        <RoleSelect roleInfo={roleInfo} key={form.key("role")} {...form.getInputProps("role")} value={role} />
        {role === "customer" && (
          <Select
            label="Customer organisation"
            data={customers}
            required
            key={form.key("customerId")}
            {...form.getInputProps("customerId")}
          />
        )}
        <Text size="sm" c="dimmed">
          Changing the role signs the user out of their open sessions.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={submitting}>
            Save role
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
