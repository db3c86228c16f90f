import { Alert, Badge, Button, Group, Paper, Stack, Text, Textarea, TextInput, Timeline } from "@mantine/core";
import { useState } from "react";
import { errorMessage } from "../../api/client";
import { formatDateTime } from "../../components/format";
import { type Incident, incidentApi, useInvalidateIncident, useTimeline } from "./api";
import { localInputToIso, utc } from "./format";

const KIND: Record<string, [string, string]> = {
  detected: ["Detected", "gray"],
  aware: ["Aware", "indigo"],
  action: ["Action", "blue"],
  status: ["Status", "grape"],
  assessment: ["Assessment", "violet"],
  submission: ["Submission", "teal"],
  deadline: ["Deadline", "red"],
  draft: ["Draft", "cyan"],
  evidence: ["Evidence", "gray"],
  request: ["Request", "orange"],
  vigilance: ["MDR vigilance", "pink"],
};

/** Clocks, submissions and actions of one incident in one chronological list. */
export function TimelineTab({ incident, canWrite }: { incident: Incident; canWrite: boolean }) {
  const timeline = useTimeline(incident.id);
  const invalidate = useInvalidateIncident();
  const [text, setText] = useState("");
  const [at, setAt] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const add = async () => {
    setBusy(true);
    setError(null);
    try {
      await incidentApi.addAction(incident.id, { text, at: localInputToIso(at) });
      setText("");
      setAt("");
      await invalidate();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  const items = timeline.data?.items ?? [];
  const now = Date.now();
  return (
    <Stack gap="md">
      {canWrite && (
        <Paper withBorder p="md">
          <Stack gap="sm">
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Textarea label="Action taken" autosize minRows={2} value={text} onChange={(e) => setText(e.currentTarget.value)} />
            <Group align="flex-end">
              <TextInput type="datetime-local" label="When" description="Empty: now" value={at} onChange={(e) => setAt(e.currentTarget.value)} />
              <Button onClick={() => void add()} loading={busy} disabled={!text.trim()}>
                Add action
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
      <Timeline bulletSize={14} lineWidth={2} aria-label="Timeline">
        {items.map((item) => {
          const [label, color] = KIND[item.kind] ?? [item.kind, "gray"];
          const future = Date.parse(item.at) > now;
          return (
            <Timeline.Item
              key={`${item.at}-${item.kind}-${item.id ?? item.obligationId ?? item.text}`}
              color={item.late || item.status === "overdue" ? "red" : color}
              lineVariant={future ? "dashed" : "solid"}
              data-kind={item.kind}
              title={
                <Group gap="xs">
                  <Badge size="sm" variant="light" color={color}>
                    {label}
                  </Badge>
                  {item.late && (
                    <Badge size="sm" color="orange">
                      late
                    </Badge>
                  )}
                  {item.kind === "deadline" && item.status && (
                    <Badge size="sm" variant="outline" color={item.status === "overdue" ? "red" : "gray"}>
                      {item.status.replace(/_/g, " ")}
                    </Badge>
                  )}
                  <Text size="sm">{item.text}</Text>
                </Group>
              }
            >
              <Text size="xs" c="dimmed">
                {formatDateTime(item.at)} · {utc(item.at)}
                {item.by ? ` · ${item.by}` : ""}
              </Text>
            </Timeline.Item>
          );
        })}
      </Timeline>
    </Stack>
  );
}
