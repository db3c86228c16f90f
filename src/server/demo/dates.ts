const DAY_MS = 86_400_000;

/** 09:00 UTC on the day `days` before `now`: demo records dated relative to the day the workspace is created. */
export function demoMorning(now: Date, days: number): Date {
  const day = new Date(now.getTime() - days * DAY_MS).toISOString().slice(0, 10);
  return new Date(`${day}T09:00:00.000Z`);
}
