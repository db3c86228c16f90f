import { Badge } from "@mantine/core";
import type { Installation, SoftwareVersion } from "../../api/types";

export const supportLabels: Record<string, string> = {
  supported: "Supported",
  limited: "Limited support",
  end_of_support: "End of support",
  unknown: "Support not yet stated",
};

const supportColors: Record<string, string> = { supported: "teal", limited: "yellow", end_of_support: "red" };

/** Past end of support: so marked, or its end-of-support date has gone by (dates as YYYY-MM-DD). */
export function isPastEndOfSupport(v: Pick<SoftwareVersion, "supportStatus" | "endOfSupport">, today: string): boolean {
  return v.supportStatus === "end_of_support" || (v.endOfSupport !== null && v.endOfSupport < today);
}

export function SupportBadge({ version, today }: { version: Pick<SoftwareVersion, "supportStatus" | "endOfSupport">; today: string }) {
  const past = isPastEndOfSupport(version, today);
  const status = past ? "end_of_support" : version.supportStatus;
  return (
    <Badge color={supportColors[status] ?? "gray"} variant="light" radius="sm">
      {supportLabels[status] ?? status}
    </Badge>
  );
}

export type Exposure = { versions: number; sites: number; customers: number; units: number };

/** How much of the installed base runs versions past end of support. */
export function endOfSupportExposure(installations: Installation[], today: string): Exposure {
  const past = installations.filter((i) => isPastEndOfSupport(i, today));
  return {
    versions: new Set(past.map((i) => `${i.deviceModel}\u0000${i.version}`)).size,
    sites: new Set(past.map((i) => `${i.customer}\u0000${i.site ?? ""}`)).size,
    customers: new Set(past.map((i) => i.customer)).size,
    units: past.reduce((n, i) => n + i.units, 0),
  };
}
