import { ActionIcon, Alert, Code, CopyButton, Group, Stack, Text, Tooltip } from "@mantine/core";
import { IconCheck, IconCopy, IconKey } from "@tabler/icons-react";

/** A secret the server returns once (temporary password, API token), with a copy button. */
export function OneTimeSecret({ label, value, note }: { label: string; value: string; note: string }) {
  return (
    <Alert color="yellow" variant="light" icon={<IconKey size={18} aria-hidden />} title={label}>
      <Stack gap="xs">
        <Group gap="xs" wrap="nowrap" align="center">
          <Code fz="sm" style={{ wordBreak: "break-all", userSelect: "all" }} data-secret>
            {value}
          </Code>
          <CopyButton value={value} timeout={2000}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? "Copied" : "Copy"} withArrow>
                <ActionIcon variant="subtle" color={copied ? "teal" : "gray"} onClick={copy} aria-label={copied ? "Copied" : `Copy ${label.toLowerCase()}`}>
                  {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
        </Group>
        <Text size="sm">{note}</Text>
      </Stack>
    </Alert>
  );
}
