import { Alert, Badge, Button, Checkbox, Group, Modal, NumberInput, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { IconPlus } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { zod4Resolver } from "mantine-form-zod-resolver";
import { useState } from "react";
import { z } from "zod";
import { tokenScopeNames, tokenScopes } from "../../../core/access/scopes";
import { api, errorMessage } from "../../api/client";
import { keys, useTokens, useUsers } from "../../api/queries";
import type { ApiToken } from "../../api/types";
import { useCan, useSession } from "../../auth/session";
import { type Column, DataTable } from "../../components/DataTable";
import { formatDateTime } from "../../components/format";
import { FormError, useApiForm } from "../../components/forms";
import { OneTimeSecret } from "../../components/OneTimeSecret";

const scopeHelp: Record<string, string> = {
  read: "Read the workspace (and, for customer accounts, the portal)",
  "sbom:write": "Upload SBOMs and edit device models",
  "vulnerabilities:write": "Import vulnerability feeds and triage findings",
  "advisories:write": "Write and publish advisories",
  "incidents:write": "Record and update incidents",
  "compliance:write": "Edit controls, risks and suppliers",
  "reports:export": "Export reports and read the audit trail",
};

const schema = z.object({
  name: z.string().trim().min(1, "Required").max(100, "At most 100 characters"),
  scopes: z.array(z.string()).min(1, "Choose at least one scope"),
  expiresInDays: z.union([z.literal(""), z.number().int("Whole days").min(1, "At least 1 day").max(3650, "At most 3650 days")]),
});

function TokenStatus({ token, now }: { token: ApiToken; now: number }) {
  if (token.revokedAt) return <Badge color="gray" variant="light" radius="sm">Revoked</Badge>;
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= now) return <Badge color="orange" variant="light" radius="sm">Expired</Badge>;
  return <Badge color="teal" variant="light" radius="sm">Active</Badge>;
}

function CreateTokenForm({ onCreated, onCancel }: { onCreated: (r: { token: string; apiToken: ApiToken }) => void; onCancel: () => void }) {
  const form = useForm({
    mode: "uncontrolled",
    initialValues: { name: "", scopes: ["read"] as string[], expiresInDays: 90 as number | "" },
    validate: zod4Resolver(schema),
  });
  const { onSubmit, failure, submitting } = useApiForm(
    form,
    (v) =>
      api.post<{ token: string; apiToken: ApiToken }>("/api/tokens", {
        name: v.name.trim(),
        scopes: v.scopes,
        ...(v.expiresInDays === "" ? {} : { expiresInDays: v.expiresInDays }),
      }),
    onCreated,
  );
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <FormError failure={failure} title="Token not created" />
        <TextInput label="Name" description="What the token is for, e.g. “CI pipeline SBOM upload”." required data-autofocus key={form.key("name")} {...form.getInputProps("name")} />
        <Checkbox.Group
          label="Scopes"
          description="A token can never do more than your own role allows; the scopes narrow it further."
          required
          key={form.key("scopes")}
          {...form.getInputProps("scopes")}
        >
          <Stack gap={6} mt="xs">
            {tokenScopeNames.map((s) => (
              <Checkbox key={s} value={s} label={s} description={`${scopeHelp[s] ?? ""} (${tokenScopes[s].join(", ")})`} />
            ))}
          </Stack>
        </Checkbox.Group>
        <NumberInput
          label="Expires after (days)"
          description="Leave empty for a token that does not expire."
          min={1}
          max={3650}
          allowDecimal={false}
          key={form.key("expiresInDays")}
          {...form.getInputProps("expiresInDays")}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={submitting}>
            Create token
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The user's API tokens (administrators see everybody's): create, see once, revoke. */
export function ApiTokens() {
  const { user } = useSession();
  const isAdmin = useCan("users:manage");
  const tokens = useTokens();
  const users = useUsers(isAdmin);
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ token: string; apiToken: ApiToken } | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const [revokeError, setRevokeError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const now = Date.now();
  const ownerName = (id: string) => (id === user.id ? "You" : (users.data?.find((u) => u.id === id)?.email ?? id));

  const revoke = async (t: ApiToken) => {
    setBusy(true);
    setRevokeError(null);
    try {
      await api.delete(`/api/tokens/${encodeURIComponent(t.id)}`);
      await queryClient.invalidateQueries({ queryKey: keys.tokens });
      setRevoking(null);
      notifications.show({ color: "teal", title: "Token revoked", message: `${t.name} no longer works.` });
    } catch (err) {
      setRevokeError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const columns: Column<ApiToken>[] = [
    {
      accessor: "name",
      title: "Name",
      sortable: true,
      render: (t) => (
        <Stack gap={0}>
          <Text size="sm" fw={600}>
            {t.name}
          </Text>
          <Text size="xs" c="dimmed" ff="monospace">
            {t.prefix}…
          </Text>
        </Stack>
      ),
    },
    ...(isAdmin ? [{ accessor: "userId", title: "Owner", render: (t: ApiToken) => ownerName(t.userId) } as Column<ApiToken>] : []),
    {
      accessor: "scopes",
      title: "Scopes",
      render: (t) => (
        <Group gap={4}>
          {t.scopes.map((s) => (
            <Badge key={s} variant="outline" radius="sm" tt="none">
              {s}
            </Badge>
          ))}
        </Group>
      ),
    },
    { accessor: "createdAt", title: "Created", sortable: true, render: (t) => formatDateTime(t.createdAt) },
    { accessor: "expiresAt", title: "Expires", sortable: true, render: (t) => (t.expiresAt ? formatDateTime(t.expiresAt) : "Never") },
    { accessor: "lastUsedAt", title: "Last used", sortable: true, render: (t) => (t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "Never") },
    { accessor: "status", title: "Status", render: (t) => <TokenStatus token={t} now={now} /> },
    {
      accessor: "actions",
      title: <span className="visually-hidden">Actions</span>,
      textAlign: "right",
      render: (t) =>
        !t.revokedAt && (
          <Button size="compact-sm" variant="subtle" color="red" onClick={() => setRevoking(t)} aria-label={`Revoke ${t.name}`}>
            Revoke
          </Button>
        ),
    },
  ];

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed" maw={600}>
          Tokens let scripts and CI pipelines use the API as you: send <code>Authorization: Bearer &lt;token&gt;</code>.
        </Text>
        {user.via === "session" && (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)} variant="light">
            New token
          </Button>
        )}
      </Group>
      {created && (
        <OneTimeSecret
          label={`Token “${created.apiToken.name}”`}
          value={created.token}
          note="Copy it now: Vigil stores only its hash and cannot show it again."
        />
      )}
      {tokens.isError && (
        <Alert color="red" role="alert" title="Tokens could not be loaded">
          {errorMessage(tokens.error)}
        </Alert>
      )}
      <DataTable
        label="API tokens"
        records={tokens.data}
        fetching={tokens.isPending}
        columns={columns}
        searchText={(t) => [t.name, t.prefix, ...t.scopes, isAdmin ? ownerName(t.userId) : ""].join(" ")}
        initialSort={{ columnAccessor: "createdAt", direction: "desc" }}
        pageSize={10}
        emptyText="No API tokens yet."
      />
      <Modal opened={creating} onClose={() => setCreating(false)} title="New API token" size="lg">
        <CreateTokenForm
          onCancel={() => setCreating(false)}
          onCreated={(r) => {
            setCreating(false);
            setCreated(r);
            void queryClient.invalidateQueries({ queryKey: keys.tokens });
          }}
        />
      </Modal>
      <Modal opened={revoking !== null} onClose={() => setRevoking(null)} title="Revoke API token">
        {revoking && (
          <Stack gap="md">
            {revokeError && (
              <Alert color="red" role="alert">
                {revokeError}
              </Alert>
            )}
            <Text size="sm">Scripts using “{revoking.name}” will stop working at once. This cannot be undone.</Text>
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRevoking(null)}>
                Cancel
              </Button>
              <Button color="red" loading={busy} onClick={() => void revoke(revoking)}>
                Revoke token
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
