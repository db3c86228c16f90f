import { ActionIcon, Anchor, Group, Paper, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { IconChevronLeft, IconChevronRight } from "@tabler/icons-react";
import dayjs from "dayjs";
import { useMemo, useState } from "react";
import { Link } from "react-router";
import { Page } from "../../components/Page";
import { type BoardItem, useBoard } from "./api";
import { REGIME_LABELS, stageLabel } from "./format";

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** Open deadlines on a month grid, by the UTC date they fall due. */
export function CalendarPage() {
  const board = useBoard();
  const [month, setMonth] = useState(() => dayjs().startOf("month"));
  const byDay = useMemo(() => {
    const map = new Map<string, BoardItem[]>();
    for (const item of board.data?.items ?? []) {
      if (!item.dueAt) continue;
      const day = item.dueAt.slice(0, 10);
      map.set(day, [...(map.get(day) ?? []), item]);
    }
    return map;
  }, [board.data]);
  const days = useMemo(() => {
    const first = month.subtract((month.day() + 6) % 7, "day");
    return Array.from({ length: 42 }, (_, n) => first.add(n, "day"));
  }, [month]);
  const today = dayjs().format("YYYY-MM-DD");
  const undated = (board.data?.items ?? []).filter((i) => !i.dueAt);
  return (
    <Page title="Deadline calendar" description="Open reporting deadlines by the day they fall due (UTC date).">
      <Group justify="space-between">
        <ActionIcon variant="default" aria-label="Previous month" onClick={() => setMonth((m) => m.subtract(1, "month"))}>
          <IconChevronLeft size={16} aria-hidden />
        </ActionIcon>
        <Title order={2} size="h4" aria-live="polite">
          {month.format("MMMM YYYY")}
        </Title>
        <ActionIcon variant="default" aria-label="Next month" onClick={() => setMonth((m) => m.add(1, "month"))}>
          <IconChevronRight size={16} aria-hidden />
        </ActionIcon>
      </Group>
      <SimpleGrid cols={7} spacing={4} role="grid" aria-label={`Deadlines in ${month.format("MMMM YYYY")}`}>
        {WEEKDAYS.map((d) => (
          <Text key={d} size="xs" fw={700} ta="center" c="dimmed" role="columnheader">
            {d}
          </Text>
        ))}
        {days.map((d) => {
          const key = d.format("YYYY-MM-DD");
          const items = byDay.get(key) ?? [];
          const inMonth = d.month() === month.month();
          return (
            <Paper
              key={key}
              withBorder
              p={4}
              mih={88}
              role="gridcell"
              aria-label={`${d.format("D MMMM")}: ${items.length} deadline${items.length === 1 ? "" : "s"}`}
              bg={key === today ? "var(--mantine-color-indigo-0)" : inMonth ? "white" : "var(--mantine-color-gray-1)"}
            >
              <Text size="xs" fw={key === today ? 700 : 400} c={inMonth ? undefined : "dimmed"}>
                {d.date()}
              </Text>
              <Stack gap={2}>
                {items.map((i) => (
                  <Anchor
                    key={`${i.incident.id}:${i.id}`}
                    component={Link}
                    to={`/incidents/${i.incident.id}?tab=obligations`}
                    size="xs"
                    c={i.overdue ? "red" : undefined}
                    fw={i.overdue ? 700 : 500}
                    title={`${i.due?.utc ?? ""} · ${i.due?.local ?? ""}`}
                  >
                    {i.dueAt?.slice(11, 16)} {i.incident.reference} {REGIME_LABELS[i.regime] ?? i.regime} {stageLabel(i.stage)}
                  </Anchor>
                ))}
              </Stack>
            </Paper>
          );
        })}
      </SimpleGrid>
      {undated.length > 0 && (
        <Text size="sm" c="dimmed">
          Without a fixed deadline: {undated.map((i) => `${i.incident.reference} ${stageLabel(i.stage)}`).join(", ")}.
        </Text>
      )}
    </Page>
  );
}
