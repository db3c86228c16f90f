import { describe, expect, test } from "vitest";
import { highestSeverity, siteNeedsAction } from "./portal-status";

describe("siteNeedsAction", () => {
  test("an affected version without a settling acknowledgement needs action", () => {
    expect(siteNeedsAction(["affected"], null)).toBe(true);
    expect(siteNeedsAction(["fixed", "under_investigation"], "received")).toBe(true);
    expect(siteNeedsAction(["affected"], "in_progress")).toBe(true);
  });
  test("patched, mitigated or not applicable settle it; fixed or not affected versions never need it", () => {
    expect(siteNeedsAction(["affected"], "patched")).toBe(false);
    expect(siteNeedsAction(["affected"], "mitigated")).toBe(false);
    expect(siteNeedsAction(["affected"], "not_applicable")).toBe(false);
    expect(siteNeedsAction(["fixed", "not_affected"], null)).toBe(false);
  });
});

describe("highestSeverity", () => {
  test("takes the highest base score, preferring a vulnerability's v4.0 vector", () => {
    expect(
      highestSeverity([
        { cvss: { v31: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N" } },
        { cvss: { v31: "CVSS:3.1/AV:A/AC:H/PR:N/UI:N/S:U/C:H/I:L/A:N", v40: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N" } },
      ]),
    ).toEqual({ score: 9.3, severity: "critical" });
    expect(highestSeverity([{ cvss: { v31: "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:L/I:N/A:N" } }])).toEqual({ score: 4.3, severity: "medium" });
  });
  test("an advisory without vectors has no severity", () => {
    expect(highestSeverity([{ cvss: {} }])).toBeNull();
  });
});
