import { expect, test } from "vitest";
import { runCliInProcess } from "../support/cli";

test("vigil incident clocks --cra with an unknown case exits 2 naming the accepted values", async () => {
  const res = await runCliInProcess(["incident", "clocks", "--cra", "data-leak", "--aware", "2026-12-06T08:00:00Z", "--json"]);
  expect(res.code).toBe(2);
  expect(res.err).toContain('--cra must be one of exploited-vulnerability, severe-incident (got "data-leak")');
  expect(res.out).toBe("");
});

test("vigil incident clocks --cra exploited-vulnerability with a fix before awareness exits 2 naming --fix-available", async () => {
  const res = await runCliInProcess(["incident", "clocks", "--cra", "exploited-vulnerability", "--aware", "2026-12-06T08:00:00Z", "--fix-available", "2026-12-05T08:00:00Z", "--json"]);
  expect(res.code).toBe(2);
  expect(res.err).toMatch(/--fix-available: the fix .* lies before awareness/);
  expect(res.out).toBe("");
});

test("vigil incident clocks --cra exploited-vulnerability --json: final report dueAt null until the fix is known", async () => {
  const res = await runCliInProcess(["incident", "clocks", "--cra", "exploited-vulnerability", "--aware", "2026-12-06T08:00:00Z", "--now", "2026-12-06T09:00:00Z", "--json"]);
  expect(res.code, res.err).toBe(0);
  const cra = (JSON.parse(res.out) as { obligations: { id: string; regime: string; dueAt: string | null }[] }).obligations.filter((o) => o.regime === "cra");
  expect(Object.fromEntries(cra.map((o) => [o.id, o.dueAt]))).toMatchObject({
    "cra.early_warning": "2026-12-07T08:00:00.000Z",
    "cra.vulnerability_notification": "2026-12-09T08:00:00.000Z",
    "cra.final_report": null,
  });
});
