import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, test } from "vitest";
import { runCliInProcess } from "../../../test/support/cli";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

const run = runCliInProcess;

afterEach(() => {
  process.exitCode = undefined;
});

const NOW = ["--now", "2026-03-29T06:00:00Z"];

describe("vigil incident clocks", () => {
  test("--json prints every obligation with regime, stage, dueAt, rule and basis", async () => {
    const { code, out } = await run(["incident", "clocks", "--aware", "2026-03-29T00:30:00Z", "--country", "DE", "--json", ...NOW]);
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    const stages = doc.obligations.map((o: { stage: string }) => o.stage);
    expect(stages).toEqual(["early_warning", "incident_notification", "intermediate_report", "final_report", "recipient_notification"]);
    const ew = doc.obligations[0];
    expect(ew).toMatchObject({ regime: "nis2", dueAt: "2026-03-30T00:30:00.000Z", basis: "NIS2 Art. 23(4)(a)", status: "pending" });
    expect(ew.rule).toMatch(/24 hours/);
    const fr = doc.obligations[3];
    expect(fr.dueAt).toBeUndefined();
    expect(fr.waitingFor).toMatch(/submission of the incident notification/);
  });

  test("--notified, --ongoing, --mdr, --gdpr and --country PT add their obligations", async () => {
    const { code, out } = await run([
      "incident",
      "clocks",
      "--aware",
      "2026-01-30T10:00:00Z",
      "--notified",
      "2026-01-31T09:00:00Z",
      "--ongoing",
      "--mdr",
      "public-health",
      "--gdpr",
      "--country",
      "PT",
      "--json",
      "--now",
      "2026-02-02T00:00:00Z",
    ]);
    expect(code).toBe(0);
    const byId = Object.fromEntries(JSON.parse(out).obligations.map((o: { id: string }) => [o.id, o]));
    expect(byId["nis2.progress_report"].dueAt).toBe("2026-02-28T09:00:00.000Z");
    expect(byId["nis2.final_report"].waitingFor).toMatch(/handled/);
    expect(byId["nis2.incident_notification"].status).toBe("submitted_on_time");
    expect(byId["nis2.early_warning"].status).toBe("overdue");
    expect(byId["mdr.serious_incident_report"]).toMatchObject({ dueAt: "2026-02-01T10:00:00.000Z", basis: "MDR Art. 87(4)", status: "overdue" });
    expect(byId["gdpr.supervisory_authority_notification"].dueAt).toBe("2026-02-02T10:00:00.000Z");
    // Portugal's law applies from 3 April 2026: an incident known on 30 January gets the Directive's stages only.
    expect(byId["nis2.pt.end_of_impact_notice"]).toBeUndefined();
    expect(JSON.parse(out).national).toMatchObject({ country: "PT", appliesAtAwareness: false, verifiedOn: "2026-12-06" });
  });

  test("--impact-ended starts Portugal's end-of-impact notice for an incident after its law applied", async () => {
    const { out } = await run(["incident", "clocks", "--aware", "2026-05-04T08:00:00Z", "--country", "PT", "--impact-ended", "2026-05-06T10:00:00Z", "--json", "--now", "2026-05-06T12:00:00Z"]);
    const notice = JSON.parse(out).obligations.find((o: { id: string }) => o.id === "nis2.pt.end_of_impact_notice");
    expect(notice).toMatchObject({ jurisdiction: "PT", dueAt: "2026-05-07T10:00:00.000Z", national: { country: "PT", verifiedOn: "2026-12-06" } });
  });

  test("a late notification moves the final report and is reported late", async () => {
    const { out } = await run(["incident", "clocks", "--aware", "2026-03-02T08:00:00Z", "--notified", "2026-03-06T08:00:00Z", "--json", ...NOW]);
    const byId = Object.fromEntries(JSON.parse(out).obligations.map((o: { id: string }) => [o.id, o]));
    expect(byId["nis2.incident_notification"]).toMatchObject({ status: "submitted_late", lateByMs: 24 * 3_600_000 });
    expect(byId["nis2.final_report"].dueAt).toBe("2026-04-06T08:00:00.000Z");
  });

  test("the default output is a readable table in UTC and the authority's zone", async () => {
    const { code, out } = await run(["incident", "clocks", "--aware", "2026-03-29T00:30:00Z", "--country", "DE", "--ivdr", "serious", ...NOW]);
    expect(code).toBe(0);
    expect(out).toMatch(/Due \(Europe\/Berlin\)/);
    expect(out).toMatch(/early_warning\s+│ 2026-03-30 00:30 UTC │ 2026-03-30 02:30 CEST/);
    expect(out).toMatch(/ivdr\s+│ serious_incident_report/);
    expect(out).toMatch(/nis2.final_report: waits for submission of the incident notification/);
  });

  test.each([
    [["--aware", "yesterday"], /--aware: must be an ISO 8601 date-time with a time zone offset/],
    [["--aware", "2026-03-02T08:00:00Z", "--notified", "2026-03-01T08:00:00Z"], /--notified: submission .* lies before awareness/],
    [["--aware", "2026-03-02T08:00:00Z", "--detected", "2026-03-03T08:00:00Z"], /--aware: awareness .* lies before detection/],
    [["--aware", "2026-03-02T08:00:00Z", "--country", "XX"], /--country: unknown EU member state "XX"/],
    [["--aware", "2026-03-02T08:00:00Z", "--mdr", "bad"], /--mdr must be one of serious, death, public-health/],
    [["--aware", "2026-03-02T08:00:00Z", "--mdr", "serious", "--ivdr", "serious"], /either --mdr or --ivdr/],
    [["--aware", "2026-03-02T08:00:00Z", "--zone", "Mars/Olympus"], /--zone: unknown IANA time zone/],
    [["--aware", "2026-03-02T08:00:00Z", "--gdpr-high-risk"], /--gdpr-high-risk needs --gdpr/],
  ])("bad input %j exits 2 with a clear message", async (args, message) => {
    const { code, err, out } = await run(["incident", "clocks", ...args, ...NOW]);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /);
    expect(out).toBe("");
  });

  test("missing --aware is a usage error (exit 2)", async () => {
    const { code } = await run(["incident", "clocks"]);
    expect(code).toBe(2);
  });

  test("runs as a process: node bin/vigil.js", async () => {
    const exec = promisify(execFile);
    const ok = await exec("node", ["bin/vigil.js", "incident", "clocks", "--aware", "2026-01-31T12:00:00Z", "--notified", "2026-01-31T13:00:00Z", "--json", ...NOW], {
      cwd: repoRoot,
    });
    const fr = JSON.parse(ok.stdout).obligations.find((o: { id: string }) => o.id === "nis2.final_report");
    expect(fr.dueAt).toBe("2026-02-28T13:00:00.000Z");
    const bad = await exec("node", ["bin/vigil.js", "incident", "clocks", "--aware", "nope"], { cwd: repoRoot }).catch((e) => e);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^vigil: invalid input:\n {2}--aware: must be an ISO 8601/);
  });
});
