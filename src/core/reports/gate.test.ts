import { describe, expect, it } from "vitest";
import { gateVerdict } from "./gate";

describe("pipeline gate", () => {
  it("blocks on KEV or critical findings without analysis only", () => {
    const f = (priority: string, kev: boolean, status: string) => ({ vulnerabilityId: "CVE-1", component: "c", priority, kev, status });
    expect(gateVerdict([f("critical", false, "under_investigation")]).pass).toBe(false);
    expect(gateVerdict([f("low", true, "under_investigation")]).pass).toBe(false);
    expect(gateVerdict([f("critical", true, "not_affected"), f("critical", true, "affected"), f("high", false, "under_investigation")]).pass).toBe(true);
    expect(gateVerdict([]).blocking).toEqual([]);
  });
});
