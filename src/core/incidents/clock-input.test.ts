import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { parseInstant } from "./clock-input";

const byLuxon = (v: string) => {
  const dt = DateTime.fromISO(v, { setZone: true });
  return dt.isValid ? dt.toMillis() : undefined;
};

describe("parseInstant", () => {
  it("reads the form toISOString writes exactly as the ISO 8601 parser does", () => {
    for (const v of ["2026-03-29T00:59:59.999Z", "2024-02-29T12:00:00.000Z", "1970-01-01T00:00:00.000Z", "2099-12-31T23:59:59.000Z"]) {
      expect(parseInstant(v)).toBe(byLuxon(v));
      expect(parseInstant(v)).toBe(Date.parse(v));
    }
  });

  it("refuses a canonical-looking instant that does not exist, which Date.parse would roll over", () => {
    expect(Date.parse("2026-02-30T00:00:00.000Z")).not.toBeNaN();
    expect(parseInstant("2026-02-30T00:00:00.000Z")).toBeUndefined();
    expect(parseInstant("2026-13-01T00:00:00.000Z")).toBeUndefined();
    expect(parseInstant("2026-02-28T24:30:00.000Z")).toBeUndefined();
  });

  it("still reads other offsets and precisions, and refuses an instant without an offset", () => {
    expect(parseInstant("2026-03-29T08:30:00+02:00")).toBe(Date.parse("2026-03-29T06:30:00Z"));
    expect(parseInstant("2026-03-29T08:30Z")).toBe(Date.parse("2026-03-29T08:30:00Z"));
    expect(parseInstant(" 2026-03-29T08:30:00.5Z ")).toBe(Date.parse("2026-03-29T08:30:00.500Z"));
    expect(parseInstant("2026-03-29T08:30:00")).toBeUndefined();
  });
});
