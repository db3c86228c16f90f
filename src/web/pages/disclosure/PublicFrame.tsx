import { Anchor, Container, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { IconShieldCheck } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { usePageTitle } from "../../components/Page";

/** The frame of the public disclosure pages (no account, no navigation into the workspace). */
export function PublicFrame({ title, lead, children }: { title: string; lead?: ReactNode; children: ReactNode }) {
  usePageTitle(title);
  return (
    <Container size="md" py="xl">
      <Stack gap="lg">
        <Group gap="xs" aria-hidden>
          <IconShieldCheck size={28} color="var(--mantine-color-indigo-7)" />
          <Text fw={700} fz={20} c="indigo.8">
            Vulnerability disclosure
          </Text>
        </Group>
        <Paper withBorder p="xl" radius="md" component="main" id="main">
          <Stack gap="md">
            <Title order={1} size="h2">
              {title}
            </Title>
            {lead && <Text c="dimmed">{lead}</Text>}
            {children}
          </Stack>
        </Paper>
        <Group gap="lg">
          <Anchor component={Link} to="/vulnerability-disclosure-policy" size="sm">
            Disclosure policy
          </Anchor>
          <Anchor component={Link} to="/report-vulnerability" size="sm">
            Report a vulnerability
          </Anchor>
          <Anchor component={Link} to="/report-vulnerability/track" size="sm">
            Follow a report
          </Anchor>
          <Anchor href="/.well-known/csaf/provider-metadata.json" size="sm">
            Security advisories (CSAF)
          </Anchor>
        </Group>
      </Stack>
    </Container>
  );
}
