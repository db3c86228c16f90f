import { Alert, Stack, Text } from "@mantine/core";

/** Why a form was not saved, one line per problem; nothing when there is none. */
export function NotSavedAlert({ problems }: { problems: string[] }) {
  if (problems.length === 0) return null;
  return (
    <Alert color="red" role="alert" title="Not saved">
      <Stack gap={2}>
        {problems.map((p) => (
          <Text size="sm" key={p}>
            {p}
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}
