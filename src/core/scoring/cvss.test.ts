import { describe, expect, test } from "vitest";
import { cvssBaseScore, cvssSeverity, parseCvss } from "./cvss";

describe("parseCvss scores every supported version", () => {
  test.each([
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "3.1", 9.8, "critical"],
    ["CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "3.0", 9.8, "critical"],
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N", "3.1", 7.5, "high"],
    ["CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", "3.1", 1.8, "low"],
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", "3.1", 0, "none"],
    ["AV:N/AC:L/Au:N/C:P/I:P/A:P", "2.0", 7.5, "high"],
    ["(AV:N/AC:L/Au:N/C:C/I:C/A:C)", "2.0", 10, "high"],
    ["CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "4.0", 9.3, "critical"],
    ["CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", "4.0", 8.5, "high"],
  ])("%s", (vector, version, score, severity) => {
    const r = parseCvss(vector);
    if (!r.ok) throw new Error(r.error);
    expect(r.score.version).toBe(version);
    expect(r.score.baseScore).toBe(score);
    expect(r.score.severity).toBe(severity);
  });

  test("temporal and environmental metrics give an overall score beside the base score", () => {
    const r = parseCvss("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/CR:H/IR:H/AR:H/MAV:A");
    expect(r.ok && r.score.baseScore).toBe(9.8);
    expect(r.ok && r.score.environmentalScore).toBe(8.8);
    expect(r.ok && r.score.overallSeverity).toBe("high");
    const t = parseCvss("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P");
    expect(t.ok && t.score.overallScore).toBe(9.3);
  });

  test("a bare v3 vector needs assumeVersion", () => {
    const bare = "AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N";
    expect(parseCvss(bare).ok).toBe(false);
    const r = parseCvss(bare, { assumeVersion: "3.1" });
    expect(r.ok && r.score.vector).toBe(`CVSS:3.1/${bare}`);
    expect(cvssBaseScore(bare, { assumeVersion: "3.1" })).toBe(7.5);
  });
});

describe("bad vectors give a precise error and never throw", () => {
  test.each([
    ["", /empty/],
    ["garbage", /no "CVSS:x.y\/" version prefix/],
    ["CVSS:9.9/AV:N", /unsupported CVSS version prefix "CVSS:9.9"/],
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", /missing base metric\(s\) A/],
    ["CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", /invalid value "Q" for metric AV/],
    ["CVSS:3.1/AV:N/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", /AV appears more than once/],
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:1", /unknown metric "ZZ"/],
    ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/", /malformed metric ""/],
    ["CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", /invalid value "X" for metric AV/],
    ["CVSS:4.0/AV:N", /missing base metric\(s\) AC, AT/],
  ])("%j", (vector, message) => {
    const r = parseCvss(vector);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  test("non-string input", () => {
    expect(parseCvss(42)).toEqual({ ok: false, vector: "42", error: "CVSS vector must be a string" });
    expect(cvssBaseScore("nonsense")).toBeNull();
  });
});

test("severity bands", () => {
  expect([0, 0.1, 3.9, 4, 6.9, 7, 8.9, 9, 10].map((s) => cvssSeverity(s))).toEqual([
    "none", "low", "low", "medium", "medium", "high", "high", "critical", "critical",
  ]);
  expect(cvssSeverity(10, "2.0")).toBe("high");
  expect(cvssSeverity(0, "2.0")).toBe("low");
});
