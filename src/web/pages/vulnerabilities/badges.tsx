import { Badge, Group, Text, Tooltip } from "@mantine/core";
import { formatDate } from "../../components/format";
import { type FindingItem, type FindingStatus, type Priority, STATUS_LABELS, epssProbability, isKev } from "./types";

const PRIORITY_COLORS: Record<Priority, string> = { critical: "red", high: "orange", medium: "yellow", low: "blue", none: "gray" };
const STATUS_COLORS: Record<FindingStatus, string> = { under_investigation: "gray", affected: "red", not_affected: "teal", fixed: "green" };

export function PriorityBadge({ priority }: { priority: Priority }) {
  return (
    <Badge color={PRIORITY_COLORS[priority] ?? "gray"} variant={priority === "critical" ? "filled" : "light"} radius="sm">
      {priority}
    </Badge>
  );
}

export function StatusBadge({ status }: { status: FindingStatus }) {
  return (
    <Badge color={STATUS_COLORS[status] ?? "gray"} variant="light" radius="sm">
      {STATUS_LABELS[status] ?? status}
    </Badge>
  );
}

export function KevEpss({ vulnerability }: { vulnerability: FindingItem["vulnerability"] }) {
  const epss = epssProbability(vulnerability.epss);
  return (
    <Group gap={4} wrap="nowrap">
      {isKev(vulnerability.kev) && (
        <Tooltip label="Listed in the CISA Known Exploited Vulnerabilities catalog">
          <Badge color="red" variant="filled" radius="sm">
            KEV
          </Badge>
        </Tooltip>
      )}
      {epss !== null && (
        <Text size="xs" c="dimmed" title="EPSS: probability of exploitation in the next 30 days">
          EPSS {(epss * 100).toFixed(1)} %
        </Text>
      )}
    </Group>
  );
}

export function DueDate({ dueAt, overdue }: { dueAt: string | null; overdue: boolean }) {
  if (!dueAt) return <Text size="sm">—</Text>;
  return (
    <Group gap={4} wrap="nowrap">
      <Text size="sm" c={overdue ? "red" : undefined} fw={overdue ? 600 : undefined}>
        {formatDate(dueAt)}
      </Text>
      {overdue && (
        <Badge color="red" variant="light" radius="sm">
          overdue
        </Badge>
      )}
    </Group>
  );
}

export function ConfidenceBadge({ confidence }: { confidence: "purl" | "cpe" }) {
  if (confidence !== "cpe") return null;
  return (
    <Tooltip label="Matched by CPE name: less certain than a package URL match; check it">
      <Badge color="grape" variant="light" radius="sm">
        CPE match
      </Badge>
    </Tooltip>
  );
}
