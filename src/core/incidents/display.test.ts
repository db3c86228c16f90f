import { describe, expect, test } from "vitest";
import { formatDeadline, formatSpan } from "./display";

describe("formatDeadline", () => {
  test.each([
    ["2026-03-30T00:30:00.000Z", "Europe/Berlin", "2026-03-30 00:30 UTC", "2026-03-30 02:30 CEST (+02:00)"],
    ["2026-03-29T00:30:00.000Z", "Europe/Berlin", "2026-03-29 00:30 UTC", "2026-03-29 01:30 CET (+01:00)"],
    ["2026-07-01T12:00:00.000Z", "Europe/Lisbon", "2026-07-01 12:00 UTC", "2026-07-01 13:00 WEST (+01:00)"],
    ["2026-12-01T12:00:00.000Z", "Europe/Lisbon", "2026-12-01 12:00 UTC", "2026-12-01 12:00 WET (+00:00)"],
  ])("%s in %s", (instant, zone, utc, local) => {
    expect(formatDeadline(instant, zone)).toEqual({ utc, local, zone });
  });

  test("rejects an unknown zone", () => {
    expect(() => formatDeadline("2026-03-30T00:30:00Z", "Europe/Nowhere")).toThrow(/unknown IANA time zone/);
  });
});

describe("formatSpan", () => {
  test.each([
    [0, "0 min"],
    [60_000, "1 min"],
    [3_600_000, "1 h"],
    [(47 * 60 + 30) * 60_000, "1 d 23 h 30 min"],
  ])("%i ms -> %s", (ms, text) => {
    expect(formatSpan(ms)).toBe(text);
  });
});
