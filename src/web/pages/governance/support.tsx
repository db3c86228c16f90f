import { Badge } from "@mantine/core";
import type { Policy, PolicyVersion } from "./api";

const STATUS: Record<PolicyVersion["status"], { label: string; color: string }> = {
  draft: { label: "Draft", color: "gray" },
  in_review: { label: "In review", color: "blue" },
  approved: { label: "Approved", color: "green" },
  retired: { label: "Retired", color: "dark" },
};

export function StatusBadge({ status }: { status: PolicyVersion["status"] }) {
  return (
    <Badge size="sm" color={STATUS[status].color} variant="light">
      {STATUS[status].label}
    </Badge>
  );
}

const REVIEW: Record<Policy["reviewState"], { label: string; color: string } | null> = {
  not_approved: null,
  ok: { label: "Up to date", color: "green" },
  due_soon: { label: "Review due soon", color: "yellow" },
  overdue: { label: "Review overdue", color: "red" },
};

export function ReviewBadge({ state }: { state: Policy["reviewState"] }) {
  const r = REVIEW[state];
  return r ? (
    <Badge size="sm" color={r.color} variant={state === "overdue" ? "filled" : "light"}>
      {r.label}
    </Badge>
  ) : null;
}

export const kindLabels: Record<string, string> = {
  management_body: "Management body (NIS2 Art. 20(2))",
  awareness: "Awareness",
  role_specific: "Role-specific",
  onboarding: "Onboarding",
};
