import { Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useRoles } from "../../api/queries";
import { useSession } from "../../auth/session";
import { roleLabels } from "../../components/format";
import { Page } from "../../components/Page";
import { ChangePasswordForm } from "../auth/ChangePasswordForm";
import { ApiTokens } from "./ApiTokens";
import { EmailPreference } from "./EmailPreference";
import { SecondFactorPanel } from "./SecondFactorPanel";
import { SessionsPanel } from "./SessionsPanel";

function Fact({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm">{value}</Text>
    </div>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

export function AccountPage() {
  const { user } = useSession();
  const roles = useRoles();
  const roleDescription = roles.data?.find((r) => r.role === user.role)?.description;
  return (
    <Page title="Account" description="Your profile, password, second factor, sessions, e-mail notifications and API tokens.">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Paper withBorder p="md" radius="md">
          <Stack gap="sm">
            <Title order={2} size="h4">
              Profile
            </Title>
            <Fact label="Name" value={user.name} />
            <Fact label="E-mail" value={user.email} />
            <Fact label="Role" value={roleLabels[user.role]} />
            {roleDescription && <Text size="sm" c="dimmed">{roleDescription}</Text>}
          </Stack>
        </Paper>
        <Paper withBorder p="md" radius="md">
          <Stack gap="sm">
            <Title order={2} size="h4">
              Change password
            </Title>
            <Text size="sm" c="dimmed">
              Your other sessions are signed out when the password changes.
            </Text>
            <ChangePasswordForm onChanged={() => notifications.show({ color: "teal", title: "Password changed", message: "Use the new password from now on." })} />
          </Stack>
        </Paper>
      </SimpleGrid>
      <Section title="Second factor">
        <SecondFactorPanel />
      </Section>
      <Section title="Sessions">
        <SessionsPanel />
      </Section>
      <Section title="E-mail notifications">
        <EmailPreference />
      </Section>
      <Section title="API tokens">
        <ApiTokens />
      </Section>
    </Page>
  );
}
