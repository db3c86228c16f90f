import { Button, Center, Code, Stack, Text, Title } from "@mantine/core";
import { isRouteErrorResponse, Link, useRouteError } from "react-router";
import { Page } from "../components/Page";

export function NotFoundPage() {
  return (
    <Page title="Page not found">
      <Stack gap="sm" align="flex-start">
        <Text>There is no page at this address.</Text>
        <Button component={Link} to="/">
          Go to the start page
        </Button>
      </Stack>
    </Page>
  );
}

export function ForbiddenPage() {
  return (
    <Page title="No access">
      <Stack gap="sm" align="flex-start">
        <Text>Your role does not give access to this page. An administrator can change your role.</Text>
        <Button component={Link} to="/">
          Go to the start page
        </Button>
      </Stack>
    </Page>
  );
}

/** Shown when a page fails to render: a plain message and a way back instead of a blank screen. */
export function CrashPage() {
  const error = useRouteError();
  const detail = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : error instanceof Error ? error.message : String(error);
  return (
    <Center mih="100vh" p="md">
      <Stack gap="sm" maw={560} role="alert">
        <Title order={1} size="h3">
          Something went wrong
        </Title>
        <Text>This page could not be shown. Reloading often helps; if not, tell your administrator what you were doing.</Text>
        <Code block>{detail}</Code>
        <Button component="a" href="/" w="fit-content">
          Reload Vigil
        </Button>
      </Stack>
    </Center>
  );
}
