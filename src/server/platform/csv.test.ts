import { expect, test } from "vitest";
import { csvField } from "./csv";

test("csv fields neutralise a leading formula character, TAB and CR included (CSV injection)", () => {
  for (const v of ["=1+1", "+1", "-1", "@SUM(A1)", "\t=cmd", "\r=cmd"]) expect(csvField(v)).toBe(`"'${v.replaceAll('"', '""')}"`);
  expect(csvField('a "b", c')).toBe('"a ""b"", c"');
  expect(csvField("plain")).toBe("plain");
  expect(csvField(null)).toBe("");
});
