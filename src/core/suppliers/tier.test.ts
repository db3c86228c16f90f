import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { criticalityTier, DATA_ACCESS, DEVICE_IMPACT, SUBSTITUTABILITY, SYSTEM_ACCESS, type TierInputs } from "./tier";

const none: TierInputs = { systemAccess: "none", dataAccess: "none", deviceImpact: "none", patientSafetyImpact: false, substitutability: "easy" };
const inputs = fc.record({
  systemAccess: fc.constantFrom(...SYSTEM_ACCESS),
  dataAccess: fc.constantFrom(...DATA_ACCESS),
  deviceImpact: fc.constantFrom(...DEVICE_IMPACT),
  patientSafetyImpact: fc.boolean(),
  substitutability: fc.constantFrom(...SUBSTITUTABILITY),
});
const rank = <T>(list: readonly T[], v: T) => list.indexOf(v);

describe("criticality tier rule", () => {
  test("typical suppliers of a device manufacturer", () => {
    // cloud hosting of the device backend with patient telemetry
    expect(criticalityTier({ ...none, systemAccess: "privileged", dataAccess: "health", substitutability: "moderate" })).toEqual({
      tier: 1,
      reasons: ["privileged access to our systems", "access to patient or health data"],
    });
    // RTOS vendor: code in the pump firmware
    expect(criticalityTier({ ...none, deviceImpact: "direct", patientSafetyImpact: true, substitutability: "hard" }).tier).toBe(1);
    // PCB supplier, easy to replace, no safety relevance of a single batch
    expect(criticalityTier({ ...none, deviceImpact: "direct", substitutability: "moderate" })).toEqual({ tier: 2, reasons: ["direct effect on a device"] });
    // office supplies
    expect(criticalityTier(none)).toEqual({ tier: 3, reasons: ["no system, data or device access and easy to replace"] });
    // hard to replace, nothing else: important, not critical
    expect(criticalityTier({ ...none, substitutability: "hard" })).toEqual({ tier: 2, reasons: ["hard to replace"] });
  });

  test("every tier comes with at least one reason", () => {
    fc.assert(fc.property(inputs, (i) => criticalityTier(i).reasons.length > 0));
  });

  test("more access, impact or lock-in never lowers criticality (monotone)", () => {
    fc.assert(
      fc.property(inputs, inputs, (a, b) => {
        const dominates =
          rank(SYSTEM_ACCESS, b.systemAccess) >= rank(SYSTEM_ACCESS, a.systemAccess) &&
          rank(DATA_ACCESS, b.dataAccess) >= rank(DATA_ACCESS, a.dataAccess) &&
          rank(DEVICE_IMPACT, b.deviceImpact) >= rank(DEVICE_IMPACT, a.deviceImpact) &&
          (b.patientSafetyImpact || !a.patientSafetyImpact) &&
          rank(SUBSTITUTABILITY, b.substitutability) >= rank(SUBSTITUTABILITY, a.substitutability);
        return !dominates || criticalityTier(b).tier <= criticalityTier(a).tier;
      }),
    );
  });

  test("privileged access or health data alone make a supplier critical", () => {
    fc.assert(fc.property(inputs, (i) => criticalityTier({ ...i, systemAccess: "privileged" }).tier === 1 && criticalityTier({ ...i, dataAccess: "health" }).tier === 1));
  });
});
