import { afterEach, describe, expect, test } from "vitest";
import { runCliInProcess as run } from "../../../test/support/cli";

afterEach(() => {
  process.exitCode = undefined;
});

const NOW = ["--now", "2026-10-02T06:00:00Z"];
type Row = { id: string; regime: string; stage: string; dueAt: string | null; waitingFor?: string };

describe("vigil incident clocks --cra", () => {
  test("exploited-vulnerability: 24 h, 72 h, and the final report null until --fix-available", async () => {
    const { code, out } = await run(["incident", "clocks", "--cra", "exploited-vulnerability", "--aware", "2026-10-01T08:00:00Z", "--json", ...NOW]);
    expect(code).toBe(0);
    const rows: Row[] = JSON.parse(out).obligations;
    expect(rows.map((o) => [o.regime, o.stage])).toEqual([
      ["cra", "early_warning"],
      ["cra", "vulnerability_notification"],
      ["cra", "intermediate_report"],
      ["cra", "final_report"],
      ["cra", "user_notification"],
    ]);
    expect(rows[0].dueAt).toBe("2026-10-02T08:00:00.000Z");
    expect(rows[1].dueAt).toBe("2026-10-04T08:00:00.000Z");
    expect(rows[3].dueAt).toBeNull();
    expect(rows[3].waitingFor).toMatch(/14 days after the fix/);

    const fixed = await run(["incident", "clocks", "--cra", "exploited-vulnerability", "--aware", "2026-10-01T08:00:00Z", "--fix-available", "2026-10-03T10:00:00Z", "--json", ...NOW]);
    const final = (JSON.parse(fixed.out).obligations as Row[]).find((o) => o.id === "cra.final_report");
    expect(final?.dueAt).toBe("2026-10-17T10:00:00.000Z");
  });

  test("severe-incident with --notified, combined with --mdr, --gdpr and --nis2 in one call", async () => {
    const { code, out } = await run([
      "incident",
      "clocks",
      "--cra",
      "severe-incident",
      "--aware",
      "2026-10-29T08:00:00Z",
      "--notified",
      "2026-10-31T09:00:00Z",
      "--nis2",
      "--mdr",
      "serious",
      "--gdpr",
      "--json",
      "--now",
      "2026-11-01T00:00:00Z",
    ]);
    expect(code).toBe(0);
    const rows: Row[] = JSON.parse(out).obligations;
    const byId = Object.fromEntries(rows.map((o) => [o.id, o]));
    expect(byId["cra.incident_notification"]).toMatchObject({ stage: "incident_notification", dueAt: "2026-11-01T08:00:00.000Z" });
    expect(byId["cra.final_report"].dueAt).toBe("2026-11-30T09:00:00.000Z");
    expect(byId["nis2.final_report"].dueAt).toBe("2026-11-30T09:00:00.000Z");
    expect(byId["mdr.serious_incident_report"]).toBeDefined();
    expect(byId["gdpr.supervisory_authority_notification"]).toBeDefined();
  });

  test("without --nis2 a CRA case shows no NIS2 clocks and says why", async () => {
    const { out } = await run(["incident", "clocks", "--cra", "severe-incident", "--aware", "2026-10-01T08:00:00Z", "--json", ...NOW]);
    const doc = JSON.parse(out);
    expect(doc.obligations.every((o: Row) => o.regime === "cra")).toBe(true);
    expect(doc.nis2.reason).toMatch(/--nis2/);
    const table = await run(["incident", "clocks", "--cra", "severe-incident", "--aware", "2026-10-01T08:00:00Z", ...NOW]);
    expect(table.out).toMatch(/CRA Art\. 14\(4\)\(a\)/);
  });

  test.each([
    [["--cra", "exploited", "--aware", "2026-10-01T08:00:00Z"], /--cra must be one of exploited-vulnerability, severe-incident \(got "exploited"\)/],
    [["--cra", "exploited-vulnerability", "--aware", "2026-10-05T08:00:00Z", "--fix-available", "2026-10-04T08:00:00Z"], /--fix-available: the fix .* lies before awareness/],
    [["--aware", "2026-10-05T08:00:00Z", "--fix-available", "2026-10-06T08:00:00Z"], /--fix-available needs --cra exploited-vulnerability/],
    [["--cra", "severe-incident", "--aware", "2026-10-05T08:00:00Z", "--notified", "2026-10-04T08:00:00Z"], /--notified: submission .* lies before awareness/],
  ])("bad input %j exits 2 with a clear message", async (args, message) => {
    const { code, err, out } = await run(["incident", "clocks", ...args, ...NOW]);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /);
    expect(out).toBe("");
  });
});
