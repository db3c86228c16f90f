import { Alert, List, Paper, Stack, Text, Title } from "@mantine/core";
import { IconInfoCircle } from "@tabler/icons-react";
import { Page } from "./Page";

/** A section whose back end does not exist yet: says what it will hold, shows no made-up data. */
export function NotAvailable({ title, purpose, willHold }: { title: string; purpose: string; willHold: string[] }) {
  return (
    <Page title={title} description={purpose}>
      <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} aria-hidden />} title="Not available yet">
        This section is not available in this version of Vigil. Nothing is stored or shown here until it is.
      </Alert>
      <Paper withBorder p="md" radius="sm">
        <Stack gap="xs">
          <Title order={2} size="h4">
            What this section will hold
          </Title>
          <List spacing={4} size="sm">
            {willHold.map((item) => (
              <List.Item key={item}>{item}</List.Item>
            ))}
          </List>
          <Text size="sm" c="dimmed">
            The command line (<code>vigil --help</code>) and the API documentation at <a href="/api/docs">/api/docs</a> list
            what is available today.
          </Text>
        </Stack>
      </Paper>
    </Page>
  );
}
