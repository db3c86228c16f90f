import { Center, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { IconShieldCheck } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { PRODUCT_NAME } from "../../components/Page";

/** The centred card of the sign-in and forced password change pages. */
export function AuthFrame({ title, lead, children }: { title: string; lead?: ReactNode; children: ReactNode }) {
  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-gray-0)">
      <Stack w="100%" maw={420} gap="lg">
        <Group gap="xs" justify="center" aria-hidden>
          <IconShieldCheck size={32} color="var(--mantine-color-indigo-7)" />
          <Text fw={700} fz={24} c="indigo.8">
            {PRODUCT_NAME}
          </Text>
        </Group>
        <Paper withBorder shadow="sm" p="xl" radius="md" component="main" id="main">
          <Stack gap="md">
            <Title order={1} size="h3">
              {title}
            </Title>
            {lead && (
              <Text size="sm" c="dimmed">
                {lead}
              </Text>
            )}
            {children}
          </Stack>
        </Paper>
        <Text size="xs" c="dimmed" ta="center">
          NIS2 compliance and product security for medical device manufacturers
        </Text>
      </Stack>
    </Center>
  );
}
