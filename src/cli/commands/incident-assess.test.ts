import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { runCliInProcess as run } from "../../../test/support/cli";

const dir = mkdtempSync(path.join(tmpdir(), "vigil-assess-"));
const file = (name: string, content: unknown) => {
  const p = path.join(dir, name);
  writeFileSync(p, typeof content === "string" ? content : JSON.stringify(content));
  return p;
};
const profile = (activities: string[], extra: Record<string, unknown> = {}) =>
  file(`profile-${activities.join("-") || "none"}-${Object.keys(extra).join("-")}.json`, {
    establishments: ["DE"],
    staffHeadcount: 300,
    annualTurnoverEur: 100_000_000,
    balanceSheetTotalEur: 80_000_000,
    activities,
    ...extra,
  });

describe("vigil incident assess", () => {
  test("--questions --json: the Directive's criteria bind a device manufacturer, the Regulation's are guidance", async () => {
    const { code, out } = await run(["incident", "assess", "--questions", "--json"]);
    expect(code).toBe(0);
    const byId = Object.fromEntries(JSON.parse(out).questions.map((q: { id: string }) => [q.id, q]));
    expect(byId.severeOperationalDisruption).toMatchObject({ source: "nis2_art23_3", binding: true });
    expect(byId.tradeSecretsExfiltrated).toMatchObject({ source: "cir_2024_2690", binding: false });
    expect(byId.tradeSecretsExfiltrated.text).toMatch(/trade secrets/);
    expect(byId.entitySpecificCriteria).toBeUndefined();
  });

  test("--questions --json --profile: for a cloud provider the Regulation's criteria bind", async () => {
    const { code, out } = await run(["incident", "assess", "--questions", "--json", "--profile", profile(["medical_devices", "cloud_computing_service"])]);
    expect(code).toBe(0);
    const byId = Object.fromEntries(JSON.parse(out).questions.map((q: { id: string }) => [q.id, q]));
    expect(byId.tradeSecretsExfiltrated).toMatchObject({ source: "cir_2024_2690", binding: true });
    expect(byId.entitySpecificCriteria).toBeDefined();
  });

  const no = { severeOperationalDisruption: false, financialLossForEntity: false, considerableDamageToOthers: false };
  test.each([
    ["a 2024/2690 criterion alone does not make a manufacturer's incident significant", { ...no, tradeSecretsExfiltrated: true }, undefined, false],
    ["Art. 23(3)(a) decides for a manufacturer", { ...no, severeOperationalDisruption: true }, undefined, true],
    ["unanswered Art. 23(3) questions leave it undetermined", { scheduledMaintenanceOnly: true }, undefined, null],
    ["a 2024/2690 criterion decides for a cloud provider when the service is affected", { ...no, affectsCoveredService: true, tradeSecretsExfiltrated: true }, ["cloud_computing_service"], true],
  ])("--json answers.json: %s", async (_name, answers, activities, significant) => {
    const args = ["incident", "assess", "--json", file(`a-${Math.random()}.json`, { answers })];
    if (activities) args.push("--profile", profile(activities));
    const { code, out } = await run(args);
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(doc.significant).toBe(significant);
    expect(doc.reasons.length).toBeGreaterThan(0);
  });

  test.each([
    ["unknown question id", { answers: { notAQuestion: true } }, undefined, /answers\.notAQuestion: unknown question id/],
    ["answer that is not true/false/null", { answers: { severeOperationalDisruption: "yes" } }, undefined, /answers\.severeOperationalDisruption: must be true, false or null/],
    ["question not asked of a manufacturer", { answers: { entitySpecificCriteria: true } }, undefined, /answers\.entitySpecificCriteria: not asked/],
    ["answers not an object", { answers: [true] }, undefined, /answers: must be an object/],
    ["unknown top-level field", { answers: {}, answer: {} }, undefined, /answer: unknown field/],
    ["contradictory profile", { answers: {} }, { designations: ["designated_essential", "designated_important"] }, /designations: contradictory designations/],
  ])("bad input: %s → exit 2 naming the field", async (_name, content, profileExtra, message) => {
    const args = ["incident", "assess", "--json", file(`bad-${Math.random()}.json`, content)];
    if (profileExtra) args.push("--profile", profile(["medical_devices"], profileExtra));
    const { code, out, err } = await run(args);
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /);
  });
});
