import { Alert, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { roles } from "../../../core/access/roles";
import { api, errorMessage } from "../../api/client";
import { type SignInPolicy, signInKeys, useSignInPolicy } from "../../api/sign-in";
import { CheckboxList } from "../../components/CheckboxList";
import { roleLabels } from "../../components/format";
import { Page } from "../../components/Page";

function Fact({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <Group gap="xs" wrap="nowrap" align="baseline">
      <Text size="sm" c="dimmed" w={200}>
        {label}
      </Text>
      <Text size="sm">{value}</Text>
    </Group>
  );
}

/** Admin → Sign-in: roles that need a second factor, and how this Vigil is configured to sign people in. */
export function SignInPolicyPage() {
  const policy = useSignInPolicy();
  const client = useQueryClient();
  const [chosen, setChosen] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (policy.data) setChosen(policy.data.secondFactorRoles);
  }, [policy.data]);

  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const saved = await api.put<{ secondFactorRoles: SignInPolicy["secondFactorRoles"] }>("/api/admin/sign-in-policy", { secondFactorRoles: chosen });
      client.setQueryData<SignInPolicy>(signInKeys.policy, (p) => (p ? { ...p, ...saved } : p));
      notifications.show({ color: "teal", title: "Sign-in policy saved", message: "Members of the chosen roles set up a second factor at their next password sign-in." });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  const p = policy.data;
  return (
    <Page title="Sign-in" description="Which roles must use a second factor, and how people sign in to this Vigil.">
      {policy.isError && (
        <Alert color="red" role="alert" title="The sign-in policy could not be loaded">
          {errorMessage(policy.error)}
        </Alert>
      )}
      {p && (
        <>
          <Paper withBorder p="md" radius="md">
            <Stack gap="sm">
              <Title order={2} size="h4">
                Second factor per role
              </Title>
              <Text size="sm" c="dimmed">
                Members of a checked role need a code from an authenticator app after their password; those without one set it up at their
                next sign-in. Single sign-on leaves the second factor to the identity provider, and API tokens are not affected.
              </Text>
              {error && (
                <Alert color="red" role="alert" title="Not saved">
                  {error}
                </Alert>
              )}
              <CheckboxList
                label="Roles that must use a second factor"
                value={chosen}
                onChange={setChosen}
                options={roles.map((r) => ({ value: r, label: roleLabels[r] }))}
              />
              <Group>
                <Button onClick={() => void save()} loading={saving}>
                  Save
                </Button>
              </Group>
            </Stack>
          </Paper>
          <Paper withBorder p="md" radius="md">
            <Stack gap="xs">
              <Title order={2} size="h4">
                Configured on the server
              </Title>
              <Text size="sm" c="dimmed">
                Set by environment variables (VIGIL_OIDC_*, VIGIL_LOCAL_SIGN_IN, VIGIL_BREAK_GLASS_ADMINS); see the README.
              </Text>
              <Fact label="Password sign-in" value={p.passwordSignIn === "everyone" ? "Everyone" : "Only the break-glass administrators"} />
              {p.breakGlassAdmins.length > 0 && <Fact label="Break-glass administrators" value={p.breakGlassAdmins.join(", ")} />}
              <Fact label="Single sign-on" value={p.singleSignOn ? p.singleSignOn.issuer : "Not configured"} />
              {p.singleSignOn && (
                <>
                  <Fact label="Groups claim" value={p.singleSignOn.roleClaim} />
                  <Fact label="Accounts created at sign-in" value={p.singleSignOn.createUsers ? "Yes" : "No: only existing users"} />
                </>
              )}
            </Stack>
          </Paper>
        </>
      )}
    </Page>
  );
}
