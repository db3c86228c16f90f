import { describe, expect, test } from "vitest";
import { componentSupportStatus, endOfSupportDate, supportLevelOf } from "./support-level";

describe("component support level", () => {
  test("plain words map to a level; anything else stays unknown, never guessed", () => {
    expect(supportLevelOf("Actively maintained")).toBe("actively_maintained");
    expect(supportLevelOf("active")).toBe("actively_maintained");
    expect(supportLevelOf("end-of-life")).toBe("no_longer_maintained");
    expect(supportLevelOf("no_longer_maintained")).toBe("no_longer_maintained");
    expect(supportLevelOf("ABANDONED")).toBe("abandoned");
    expect(supportLevelOf("security fixes only")).toBe("unknown");
    expect(supportLevelOf(null)).toBe("unknown");
  });

  test("end of support: a real date only, its state against today", () => {
    expect(endOfSupportDate("2027-02-30")).toBeNull();
    expect(endOfSupportDate("2027-02-28T00:00:00Z")).toBe("2027-02-28");
    const at = (eos: string | null) => componentSupportStatus({ supportLevel: null, endOfSupport: eos }, "2026-12-06");
    expect(at("2026-12-05").endOfSupportState).toBe("past");
    expect(at("2027-03-01").endOfSupportState).toBe("near");
    expect(at("2028-01-01").endOfSupportState).toBe("ahead");
    expect(at("when Qt 7 ships")).toMatchObject({ endOfSupport: null, endOfSupportAsWritten: "when Qt 7 ships", endOfSupportState: "unknown" });
  });

  test("a past end of support does not change the level written", () => {
    expect(componentSupportStatus({ supportLevel: "supported", endOfSupport: "2020-01-01" }, "2026-12-06")).toEqual({
      level: "actively_maintained",
      levelAsWritten: "supported",
      endOfSupport: "2020-01-01",
      endOfSupportAsWritten: null,
      endOfSupportState: "past",
    });
    expect(componentSupportStatus({ supportLevel: null, endOfSupport: null }, "2026-12-06").level).toBe("unknown");
  });
});
