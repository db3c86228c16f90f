import { Button, Stack, Text } from "@mantine/core";
import { Link } from "react-router";
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
