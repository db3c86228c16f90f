import { describe, expect, test } from "vitest";
import { type PortfolioComponentRow, supportPortfolio } from "./support-portfolio";

const row = (over: Partial<PortfolioComponentRow>): PortfolioComponentRow => ({
  versionId: "v1",
  version: "1.0",
  deviceModel: "InfuSafe",
  purl: null,
  name: "x",
  componentVersion: "1",
  supplier: null,
  supportLevel: null,
  endOfSupport: null,
  installedUnits: 0,
  ...over,
});

describe("component support across the portfolio", () => {
  const today = "2026-12-06";
  const rows = [
    row({ versionId: "v1", purl: "pkg:generic/openssl@1.1.1w", name: "openssl", endOfSupport: "2023-09-11", supportLevel: "EOL", installedUnits: 40 }),
    row({ versionId: "v2", version: "2.0", purl: "pkg:generic/openssl@1.1.1w", name: "openssl", endOfSupport: "2023-09-11", supportLevel: "EOL", installedUnits: 12 }),
    row({ versionId: "v2", version: "2.0", purl: "pkg:generic/qt@5.15.2", name: "qt", endOfSupport: "2027-03-01", installedUnits: 12 }),
    row({ versionId: "v2", version: "2.0", purl: "pkg:npm/left-pad@1.3.0", name: "left-pad", supportLevel: "abandoned", installedUnits: 12 }),
    row({ versionId: "v2", version: "2.0", purl: "pkg:npm/react@18.3.1", name: "react", supportLevel: "actively maintained", endOfSupport: "2029-01-01", installedUnits: 12 }),
    row({ versionId: "v2", version: "2.0", name: "vendor-blob", componentVersion: null, installedUnits: 12 }),
  ];

  test("past end of support first, with every affected version and the installed units summed", () => {
    const { items } = supportPortfolio(rows, today);
    expect(items.map((i) => i.name)).toEqual(["openssl", "qt", "left-pad"]);
    expect(items[0]).toMatchObject({ endOfSupportState: "past", level: "no_longer_maintained", reasons: ["end_of_support_passed", "no_longer_maintained"], installedUnits: 52 });
    expect(items[0].versions.map((v) => v.version)).toEqual(["1.0", "2.0"]);
    expect(items[1]).toMatchObject({ endOfSupportState: "near", reasons: ["end_of_support_near"] });
    expect(items[2]).toMatchObject({ level: "abandoned", endOfSupportState: "unknown", reasons: ["abandoned"] });
  });

  test("unknown support is counted, never guessed; `all` lists every component", () => {
    const { summary, items } = supportPortfolio(rows, today, true);
    expect(summary).toEqual({ components: 5, endOfSupportPassed: 1, endOfSupportNear: 1, notMaintained: 2, levelUnknown: 2, endOfSupportUnknown: 2 });
    expect(items.find((i) => i.name === "vendor-blob")).toMatchObject({ level: "unknown", endOfSupportState: "unknown", reasons: [] });
  });
});
