import type { Role } from "../../core/access/roles";

export const roleLabels: Record<Role, string> = {
  admin: "Administrator",
  compliance_manager: "Compliance manager",
  security_officer: "Security officer",
  incident_manager: "Incident manager",
  contributor: "Contributor",
  auditor: "Auditor",
  customer: "Customer",
};

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });
const integer = new Intl.NumberFormat("en-GB");

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTime.format(new Date(iso)) : "—";
}

/** A calendar date (YYYY-MM-DD) shown without shifting it by the browser's time zone. */
export function formatDate(isoDate: string | null | undefined): string {
  return isoDate ? dateOnly.format(new Date(`${isoDate.slice(0, 10)}T00:00:00Z`)) : "—";
}

export function formatNumber(n: number | null | undefined): string {
  return n === null || n === undefined ? "—" : integer.format(n);
}

export function formatEuros(n: number | null | undefined): string {
  return n === null || n === undefined ? "—" : `EUR ${integer.format(n)}`;
}

/** Today's date as YYYY-MM-DD in UTC, for comparing with calendar dates from the API. */
export function todayIso(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${integer.format(n)} ${n === 1 ? one : many}`;
}
