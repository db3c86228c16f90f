import fc from "fast-check";
import { DateTime } from "luxon";
import { describe, expect, test } from "vitest";
import { addCalendarMonth, addDays, addHours, addWorkingDays, localDate, resolveWallTime } from "./calendar";

const RUNS = Number(process.env.VIGIL_FUZZ_RUNS ?? 200);
// Large fuzz runs (npm run fuzz) need more than the default per-test timeout.
const PROPERTY_TIMEOUT = Math.max(60_000, RUNS * 20);
const ms = (s: string) => Date.parse(s);

/** A plain assertion for hot property loops (much cheaper than expect()). */
function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}
const iso = (n: number) => new Date(n).toISOString();

describe("addCalendarMonth", () => {
  test.each([
    ["31 Jan -> 28 Feb (non-leap)", "2026-01-31T12:00:00Z", "UTC", "2026-02-28T12:00:00.000Z"],
    ["31 Jan -> 29 Feb (leap)", "2024-01-31T12:00:00Z", "UTC", "2024-02-29T12:00:00.000Z"],
    ["30 Jan -> 29 Feb (leap)", "2028-01-30T08:15:00Z", "UTC", "2028-02-29T08:15:00.000Z"],
    ["29 Jan -> 28 Feb (non-leap)", "2027-01-29T08:15:00Z", "UTC", "2027-02-28T08:15:00.000Z"],
    ["29 Feb (leap) -> 29 Mar", "2024-02-29T23:59:00Z", "UTC", "2024-03-29T23:59:00.000Z"],
    ["28 Feb (non-leap) -> 28 Mar", "2025-02-28T00:00:00Z", "UTC", "2025-03-28T00:00:00.000Z"],
    ["31 Mar -> 30 Apr", "2026-03-31T17:45:00Z", "UTC", "2026-04-30T17:45:00.000Z"],
    ["30 Apr -> 30 May", "2026-04-30T06:00:00Z", "UTC", "2026-05-30T06:00:00.000Z"],
    ["31 Aug -> 30 Sep", "2026-08-31T06:00:00Z", "UTC", "2026-09-30T06:00:00.000Z"],
    ["31 Dec -> 31 Jan next year", "2026-12-31T22:00:00Z", "UTC", "2027-01-31T22:00:00.000Z"],
    // The calendar date is the authority's: 28 Feb 23:30 UTC is already 1 March in Berlin.
    ["Berlin: local 1 Mar -> 1 Apr, time of day kept across DST", "2026-02-28T23:30:00Z", "Europe/Berlin", "2026-03-31T22:30:00.000Z"],
    ["Berlin: 11:00 CET -> 11:00 CEST", "2026-03-15T10:00:00Z", "Europe/Berlin", "2026-04-15T09:00:00.000Z"],
    ["Berlin: 31 Jan 00:30 local -> 28 Feb 00:30 local", "2026-01-30T23:30:00Z", "Europe/Berlin", "2026-02-27T23:30:00.000Z"],
    ["Lisbon: 31 Oct 10:00 WET -> 30 Nov 10:00 WET", "2026-10-31T10:00:00Z", "Europe/Lisbon", "2026-11-30T10:00:00.000Z"],
    ["Lisbon: 30 Sep 10:00 WEST -> 30 Oct 10:00 WET", "2026-09-30T09:00:00Z", "Europe/Lisbon", "2026-10-30T10:00:00.000Z"],
    // 29 Feb 2020 02:30 CET -> 29 Mar 2020 02:30 does not exist (clocks jump 02:00 -> 03:00): the switch instant.
    ["Berlin: target in the spring gap -> switch instant", "2020-02-29T01:30:00Z", "Europe/Berlin", "2020-03-29T01:00:00.000Z"],
    // 25 Sep 02:30 CEST -> 25 Oct 02:30 occurs twice: the earlier (CEST) one.
    ["Berlin: ambiguous autumn target -> earlier instant", "2026-09-25T00:30:00Z", "Europe/Berlin", "2026-10-25T00:30:00.000Z"],
  ])("%s", (_name, start, zone, expected) => {
    expect(iso(addCalendarMonth(ms(start), zone))).toBe(expected);
  });
});

describe("addHours / addDays are exact elapsed time", () => {
  test.each([
    ["Berlin spring switch, 30 min before", "2026-03-29T00:30:00Z", 24, "2026-03-30T00:30:00.000Z"],
    ["Berlin spring switch, 30 min after", "2026-03-29T01:30:00Z", 24, "2026-03-30T01:30:00.000Z"],
    ["Berlin autumn switch, before", "2026-10-25T00:30:00Z", 72, "2026-10-28T00:30:00.000Z"],
  ])("%s", (_name, start, hours, expected) => {
    expect(iso(addHours(ms(start), hours))).toBe(expected);
  });

  test("15 days are 360 hours even across a DST switch", () => {
    expect(addDays(ms("2026-03-20T12:00:00Z"), 15) - ms("2026-03-20T12:00:00Z")).toBe(360 * 3_600_000);
  });
});

describe("addWorkingDays", () => {
  test.each([
    // Fri 1 May 2026 (a Portuguese holiday, not skipped): 30 weekdays later is Fri 12 June, same local time.
    ["from a Friday", "2026-05-01T10:00:00Z", 30, "2026-06-12T10:00:00.000Z"],
    // Sat 7 Mar 2026 11:00 WET: Mon 9 Mar is day 1, 5 days later Fri 13 Mar.
    ["from a Saturday", "2026-03-07T11:00:00Z", 5, "2026-03-13T11:00:00.000Z"],
    // Wed 25 Mar 2026 10:00 WET: 5 weekdays -> Wed 1 Apr 10:00 WEST = 09:00Z (across the switch, local time kept).
    ["across the spring switch", "2026-03-25T10:00:00Z", 5, "2026-04-01T09:00:00.000Z"],
  ])("%s", (_name, start, days, expected) => {
    expect(iso(addWorkingDays(ms(start), days, "Europe/Lisbon"))).toBe(expected);
  });
});

const ZONES = ["UTC", "Europe/Berlin", "Europe/Lisbon", "Europe/Helsinki", "Asia/Nicosia", "Europe/Dublin"];
const instantArb = fc.integer({ min: Date.UTC(2019, 0, 1), max: Date.UTC(2035, 11, 31) });

describe("calendar properties", () => {
  test("property: one month later is never before the start and at most 31 days + 1 h later", () => {
    fc.assert(
      fc.property(instantArb, fc.constantFrom(...ZONES), (start, zone) => {
        const due = addCalendarMonth(start, zone);
        check(due > start && due - start <= 31 * 86_400_000 + 3_600_000, `${iso(start)} in ${zone} -> ${iso(due)}`);
      }),
      { numRuns: RUNS },
    );
  }, PROPERTY_TIMEOUT);

  test("property: the local date of an instant is luxon's, across zones and daylight-saving switches", () => {
    fc.assert(
      fc.property(instantArb, fc.constantFrom(...ZONES), (a, zone) => {
        check(localDate(a, zone) === DateTime.fromMillis(a, { zone }).toISODate(), `${iso(a)} in ${zone}: ${localDate(a, zone)}`);
      }),
      { numRuns: RUNS },
    );
  }, PROPERTY_TIMEOUT);

  // Clamping keeps the time of day, so 29 Jan 10:00 and 31 Jan 08:00 both land on 28 Feb and the later
  // start gets the earlier instant: monotonic by local date, not by instant.
  test("property: one month later is monotonic in the start's local date", () => {
    fc.assert(
      fc.property(instantArb, fc.integer({ min: 0, max: 40 * 86_400_000 }), fc.constantFrom(...ZONES), (a, delta, zone) => {
        const day = (t: number) => DateTime.fromMillis(t, { zone }).toISODate() as string;
        const early = addCalendarMonth(a, zone);
        const late = addCalendarMonth(a + delta, zone);
        check(day(late) >= day(early), `${iso(a + delta)} -> ${iso(late)} is a day before ${iso(a)} -> ${iso(early)} in ${zone}`);
        if (DateTime.fromMillis(a + delta, { zone }).day <= 28) {
          check(late >= early, `${iso(a + delta)} -> ${iso(late)} precedes ${iso(a)} -> ${iso(early)} in ${zone}`);
        }
      }),
      { numRuns: RUNS },
    );
  }, PROPERTY_TIMEOUT);

  test("property: one month later keeps the local time of day and the (clamped) date", () => {
    fc.assert(
      fc.property(instantArb, fc.constantFrom(...ZONES), (start, zone) => {
        const s = DateTime.fromMillis(start, { zone });
        const d = DateTime.fromMillis(addCalendarMonth(start, zone), { zone });
        const next = s.startOf("month").plus({ months: 1 });
        const sameWallTime = d.hour === s.hour && d.minute === s.minute && d.second === s.second;
        // Only a spring-forward gap may move the wall time, and then to the switch, within the same day.
        const what = `${s.toISO()} -> ${d.toISO()}`;
        if (!sameWallTime) check(d.hour * 60 + d.minute > s.hour * 60 + s.minute, `wall time moved back: ${what}`);
        check(d.month === next.month && d.day === Math.min(s.day, next.daysInMonth ?? 28), `wrong date: ${what}`);
      }),
      { numRuns: RUNS },
    );
  }, PROPERTY_TIMEOUT);

  test("property: resolveWallTime round-trips every instant that is not the later of two ambiguous ones", () => {
    fc.assert(
      fc.property(instantArb, fc.constantFrom(...ZONES), (t, zone) => {
        const l = DateTime.fromMillis(t, { zone });
        const back = resolveWallTime(
          { year: l.year, month: l.month, day: l.day, hour: l.hour, minute: l.minute, second: l.second, millisecond: l.millisecond },
          zone,
        );
        check(back === t || back === t - 3_600_000, `${iso(t)} in ${zone} resolved to ${iso(back)}`);
      }),
      { numRuns: RUNS },
    );
  }, PROPERTY_TIMEOUT);
});
