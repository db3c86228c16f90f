import { describe, expect, test } from "vitest";
import { parseProfile } from "./profile";

const valid = {
  establishments: ["DE", "PT"],
  staffHeadcount: 120,
  annualTurnoverEur: 30_000_000,
  balanceSheetTotalEur: 25_000_000,
  activities: ["medical_devices"],
};

function errorsOf(input: unknown) {
  const r = parseProfile(input);
  if (r.ok) throw new Error("expected errors");
  return r.errors;
}

describe("profile validation", () => {
  test("a valid profile parses; designations default to none, offersServicesInEu to false", () => {
    const r = parseProfile(valid);
    expect(r).toEqual({ ok: true, profile: { ...valid, designations: [], offersServicesInEu: false } });
  });

  test.each([
    ["negative staff", { staffHeadcount: -1 }, "staffHeadcount", "staffHeadcount cannot be negative"],
    ["missing turnover", { annualTurnoverEur: undefined }, "annualTurnoverEur", "annualTurnoverEur is required"],
    ["turnover as text", { annualTurnoverEur: "30m" }, "annualTurnoverEur", "annualTurnoverEur must be a number"],
    ["infinite balance sheet", { balanceSheetTotalEur: Number.POSITIVE_INFINITY }, "balanceSheetTotalEur", "balanceSheetTotalEur must be a finite number"],
    ["unknown country", { establishments: ["DE", "XX"] }, "establishments[1]", 'unknown country code "XX" (expected ISO 3166-1 alpha-2, e.g. DE)'],
    ["EU's code for Greece", { establishments: ["EL"] }, "establishments[0]", 'unknown country code "EL": ISO 3166-1 uses "GR" for Greece'],
    ["lower-case code", { establishments: ["de"] }, "establishments[0]", 'unknown country code "de": use upper case "DE"'],
    ["duplicate country", { establishments: ["DE", "DE"] }, "establishments[1]", 'duplicate country "DE"'],
    ["no establishment", { establishments: [] }, "establishments", "list at least one country of establishment"],
    ["unknown activity", { activities: ["medical_devices", "toys"] }, "activities[1]", /^unknown activity "toys" \(known: medical_devices, /],
    ["unknown designation", { designations: ["vip"] }, "designations[0]", /^unknown designation "vip"/],
    [
      "essential and important at once",
      { designations: ["designated_essential", "designated_important"] },
      "designations",
      "contradictory designations: an entity is identified as either essential or important, not both",
    ],
    ["CER entity designated important", { designations: ["cer_critical_entity", "designated_important"] }, "designations", /^contradictory designations: CER critical entities/],
    ["unknown field", { employees: 3 }, "employees", 'unknown field "employees"'],
  ] as const)("%s → %s", (_name, patch, path, message) => {
    const errors = errorsOf({ ...valid, ...patch });
    const hit = errors.find((e) => e.path === path);
    expect(hit, JSON.stringify(errors)).toBeDefined();
    if (typeof message === "string") expect(hit!.message).toBe(message);
    else expect(hit!.message).toMatch(message);
  });

  test("reports every bad field at once, including contradictions next to other errors", () => {
    const errors = errorsOf({
      ...valid,
      staffHeadcount: -5,
      establishments: ["ZZ"],
      designations: ["designated_essential", "designated_important"],
    });
    expect(errors.map((e) => e.path).sort()).toEqual(["designations", "establishments[0]", "staffHeadcount"]);
  });

  test("a non-object is refused as a whole", () => {
    expect(errorsOf([1, 2])).toEqual([{ path: "(profile)", message: "profile must be a JSON object" }]);
    expect(errorsOf(null)).toEqual([{ path: "(profile)", message: "profile must be a JSON object" }]);
  });
});
