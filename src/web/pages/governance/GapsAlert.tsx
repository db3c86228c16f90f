import { Alert, Anchor, List } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { Link } from "react-router";
import { useGaps } from "./api";

/** Governance gaps (mandatory roles nobody holds first); the dashboard can show the same list. */
export function GapsAlert({ kinds }: { kinds?: string[] }) {
  const gaps = useGaps();
  const list = (gaps.data?.gaps ?? []).filter((g) => !kinds || kinds.includes(g.kind)).sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "high" ? -1 : 1));
  if (list.length === 0) return null;
  return (
    <Alert color="orange" variant="light" title={`${list.length} governance gap${list.length === 1 ? "" : "s"}`} icon={<IconAlertTriangle size={18} aria-hidden />} role="status" aria-label="Governance gaps">
      <List size="sm" spacing={2}>
        {list.map((g) => (
          <List.Item key={`${g.kind}:${g.responsibilityKey ?? ""}:${g.activityKey ?? ""}:${g.message}`} fw={g.severity === "high" ? 600 : undefined}>
            <Anchor component={Link} to={g.link} size="sm" c="inherit">
              {g.message}
            </Anchor>
            {g.basis.length > 0 && ` (${g.basis.join(", ")})`}
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
