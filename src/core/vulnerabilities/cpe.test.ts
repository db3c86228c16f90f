import { describe, expect, test } from "vitest";
import { cpeContains, cpeValueText, formatCpe, parseCpe } from "./cpe";
import { compareCpeVersions, compareGenericVersions } from "./cpe-version";

function cpe(text: string) {
  const r = parseCpe(text);
  if (!r.ok) throw new Error(r.error);
  return r.cpe;
}

describe("parsing CPE names", () => {
  test("2.3 formatted string: ANY, NA, values lower-cased", () => {
    const c = cpe("cpe:2.3:a:Microsoft:SharePoint_Server:-:*:*:*:subscription:*:*:*");
    expect(c.part).toEqual({ kind: "value", text: "a" });
    expect(c.vendor).toEqual({ kind: "value", text: "microsoft" });
    expect(c.product).toEqual({ kind: "value", text: "sharepoint_server" });
    expect(c.version).toEqual({ kind: "na" });
    expect(c.update).toEqual({ kind: "any" });
    expect(c.swEdition).toEqual({ kind: "value", text: "subscription" });
  });

  test("escaped colon, backslash and wildcard characters stay literal", () => {
    const c = cpe("cpe:2.3:a:foo\\:bar:big\\\\app:1.0\\*:*:*:*:*:*:*:*");
    expect(c.vendor).toEqual({ kind: "value", text: "foo:bar" });
    expect(c.product).toEqual({ kind: "value", text: "big\\app" });
    expect(c.version).toEqual({ kind: "value", text: "1.0*" });
    expect(formatCpe(c)).toBe("cpe:2.3:a:foo\\:bar:big\\\\app:1\\.0\\*:*:*:*:*:*:*:*");
    expect(formatCpe(cpe(formatCpe(c)))).toBe(formatCpe(c));
  });

  test("unquoted wildcards become a pattern", () => {
    const c = cpe("cpe:2.3:a:vendor:product:1.2.*:*:*:*:*:*:*:*");
    expect(c.version).toMatchObject({ kind: "value", text: "1.2.*" });
    expect(cpeContains(c, cpe("cpe:2.3:a:vendor:product:1.2.9:*:*:*:*:*:*:*"))).toBe(true);
    expect(cpeContains(c, cpe("cpe:2.3:a:vendor:product:1.3.0:*:*:*:*:*:*:*"))).toBe(false);
    expect(formatCpe(c)).toBe("cpe:2.3:a:vendor:product:1\\.2\\.*:*:*:*:*:*:*:*");
  });

  test("a truncated 2.3 name, as some SBOM tools write it, leaves the rest ANY", () => {
    const c = cpe("cpe:2.3:a:nginx:nginx:1.21.1");
    expect(cpeValueText(c.version)).toBe("1.21.1");
    expect(c.targetHw).toEqual({ kind: "any" });
  });

  test("2.2 URI with percent-encoding and a packed edition", () => {
    const c = cpe("cpe:/a:hp:insight_diagnostics:7.4.0.1570:-:~~online~win2003~x64~");
    expect(c.vendor).toEqual({ kind: "value", text: "hp" });
    expect(c.version).toEqual({ kind: "value", text: "7.4.0.1570" });
    expect(c.update).toEqual({ kind: "na" });
    expect(c.edition).toEqual({ kind: "any" });
    expect(c.swEdition).toEqual({ kind: "value", text: "online" });
    expect(c.targetSw).toEqual({ kind: "value", text: "win2003" });
    expect(c.targetHw).toEqual({ kind: "value", text: "x64" });
    expect(cpe("cpe:/a:foo%21:bar").vendor).toEqual({ kind: "value", text: "foo!" });
    expect(cpe("cpe:/o:linux:linux_kernel").version).toEqual({ kind: "any" });
    expect(formatCpe(cpe("cpe:/a:foo%21:bar:1.0"))).toBe("cpe:2.3:a:foo\\!:bar:1\\.0:*:*:*:*:*:*:*");
  });

  test("bad names are errors, never exceptions", () => {
    for (const bad of [
      "cpe:2.3:a:vendor",
      "cpe:2.3:x:vendor:product:1:*:*:*:*:*:*:*",
      "cpe:2.3:a:v:p:1:*:*:*:*:*:*:*:*:*",
      "cpe:2.3:a:ven dor:p",
      "cpe:2.3:a:vendor:product\\",
      "cpe:/a:foo%zz:bar",
      "pkg:npm/lodash@1.0.0",
      "",
    ]) {
      const r = parseCpe(bad);
      expect(r.ok, bad).toBe(false);
    }
  });

  test("NA contains only NA; ANY contains everything; a specific value does not contain ANY", () => {
    const na = cpe("cpe:2.3:h:espressif:esp32:-:*:*:*:*:*:*:*");
    expect(cpeContains(na, cpe("cpe:2.3:h:espressif:esp32:-:*:*:*:*:*:*:*"))).toBe(true);
    expect(cpeContains(na, cpe("cpe:2.3:h:espressif:esp32:1.0:*:*:*:*:*:*:*"))).toBe(false);
    const v = cpe("cpe:2.3:a:oracle:agile_plm:9.3.6:*:*:*:*:*:*:*");
    expect(cpeContains(v, cpe("cpe:2.3:a:oracle:agile_plm:*:*:*:*:*:*:*:*"))).toBe(false);
    expect(cpeContains(cpe("cpe:2.3:a:oracle:agile_plm:*:*:*:*:*:*:*:*"), v)).toBe(true);
  });
});

describe("comparing versions for CPE ranges", () => {
  test.each([
    ["1.2.10", "1.2.9", 1],
    ["116.0.5845.180", "116.0.5845.187", -1],
    ["1.0", "1.0.0", 0],
    ["1.0", "1.0.1", -1],
    ["v2.1", "2.1", 0],
    ["2.0rc1", "2.0", -1],
    ["2.0-beta.2", "2.0-beta.10", -1],
    ["1.1.1k", "1.1.1", 1],
    ["1.1.1k", "1.1.1l", -1],
    ["1.0.2", "1.0.2a", -1],
    ["1.0a1", "1.0", -1],
    ["5.0.0.M2", "5.0.0", -1],
    ["3.6.7", "3.6.7", 0],
    ["10.0", "9.9.9", 1],
    ["007", "7", 0],
  ])("generic: %s vs %s → %i", (a, b, expected) => {
    expect(compareGenericVersions(a, b)).toBe(expected);
    expect(compareGenericVersions(b, a)).toBe(-expected || 0);
  });

  test("an ecosystem's comparator decides when known, the generic one otherwise", () => {
    // Maven: "1.0-SNAPSHOT" < "1.0"; PEP 440: "1.0.post1" > "1.0"
    expect(compareCpeVersions("1.0.post1", "1.0", "PyPI")).toEqual({ order: 1, scheme: "PyPI" });
    expect(compareCpeVersions("1.0-SNAPSHOT", "1.0", "Maven")).toEqual({ order: -1, scheme: "Maven" });
    expect(compareCpeVersions("1:1.0-1", "2.0-1", "Debian")).toEqual({ order: 1, scheme: "Debian" });
    expect(compareCpeVersions("1.0", "2.0")).toEqual({ order: -1, scheme: "generic" });
    // npm cannot parse a four-part version: the generic rules take over rather than failing.
    expect(compareCpeVersions("1.2.3.4", "1.2.3", "npm")).toEqual({ order: 1, scheme: "generic" });
  });
});
