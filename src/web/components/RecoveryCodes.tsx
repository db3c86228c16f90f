import { Alert, Button, CopyButton, Group, List, Stack, Text } from "@mantine/core";
import { IconCheck, IconCopy, IconDownload, IconKey } from "@tabler/icons-react";

function download(codes: string[]) {
  const text = `Vigil recovery codes (each works once)\n\n${codes.join("\n")}\n`;
  const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = "vigil-recovery-codes.txt";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** One-time recovery codes, shown once after enrolment or regeneration, with copy and download. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <Alert color="yellow" variant="light" icon={<IconKey size={18} aria-hidden />} title="Recovery codes">
      <Stack gap="xs">
        <Text size="sm">
          Each code signs you in once instead of a code from the app, if the device is lost. Keep them somewhere safe: they are shown only now.
        </Text>
        <List size="sm" ff="monospace" aria-label="Recovery codes" listStyleType="none">
          {codes.map((c) => (
            <List.Item key={c}>{c}</List.Item>
          ))}
        </List>
        <Group gap="xs">
          <CopyButton value={codes.join("\n")} timeout={2000}>
            {({ copied, copy }) => (
              <Button size="xs" variant="default" leftSection={copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />} onClick={copy}>
                {copied ? "Copied" : "Copy codes"}
              </Button>
            )}
          </CopyButton>
          <Button size="xs" variant="default" leftSection={<IconDownload size={14} aria-hidden />} onClick={() => download(codes)}>
            Download
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
