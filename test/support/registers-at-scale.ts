// Registers of a large manufacturer written straight into the database in a few multi-row statements, with the
// workspace benchmark's generator: calling the API thousands of times would take minutes.
import type { Counts } from "../../bench/workspace-scale/counts";
import { writeRegisters } from "../../bench/workspace-scale/registers";
import { RecordsetWriter } from "../../bench/workspace-scale/writer";
import { rng } from "../../bench/support";
import { criticalityTier } from "../../src/core/suppliers";
import { complianceEvidence } from "../../src/server/compliance/schema";
import type { Database } from "../../src/server/platform/db/client";
import { suppliers } from "../../src/server/suppliers/schema";

export type ScaleCounts = { deviceModels: number; softwareVersions: number; risks: number; installations: number; suppliers: number; evidence: number };

/** 300 device models with 3,000 versions and 3,000 risks (issue #18's large manufacturer), and registers of a few pages. */
export const LARGE_MANUFACTURER: ScaleCounts = { deviceModels: 300, softwareVersions: 3_000, risks: 3_000, installations: 3_000, suppliers: 60, evidence: 60 };

export const SCALE_SUPPLIER_PREFIX = "Scale supplier";
export const SCALE_EVIDENCE_PREFIX = "Scale evidence";

export async function seedRegistersAtScale(database: Database, n: ScaleCounts = LARGE_MANUFACTURER) {
  const writer = new RecordsetWriter(database.db);
  const counts: Counts = {
    scale: 1,
    deviceModels: n.deviceModels,
    softwareVersions: n.softwareVersions,
    componentsPerVersion: 0,
    packages: 0,
    customers: 50,
    sitesPerCustomer: 2,
    installations: n.installations,
    findings: 0,
    maxVulnerabilities: 0,
    auditDays: 0,
    auditPerDay: 0,
    risks: n.risks,
    actionsPerRisk: 1,
    incidents: 0,
    users: 1,
  };
  const registers = await writeRegisters(writer, counts, rng(20261207), Date.now());

  const tiers = [
    { systemAccess: "privileged", dataAccess: "health", deviceImpact: "direct", patientSafetyImpact: true, substitutability: "hard" },
    { systemAccess: "limited", dataAccess: "internal", deviceImpact: "indirect", patientSafetyImpact: false, substitutability: "moderate" },
    { systemAccess: "none", dataAccess: "none", deviceImpact: "none", patientSafetyImpact: false, substitutability: "easy" },
  ] as const;
  await writer.write(
    suppliers,
    Array.from({ length: n.suppliers }, (_, i) => {
      const inputs = tiers[i % tiers.length];
      const { tier, reasons } = criticalityTier(inputs);
      return {
        name: `${SCALE_SUPPLIER_PREFIX} ${String(i + 1).padStart(3, "0")}`,
        supplies: "Generated supplier",
        country: "DE",
        contacts: [],
        ...inputs,
        tier,
        tierReasons: reasons,
        registeredOn: "2026-01-15",
        nextAssessmentDue: `2027-${String(1 + (i % 12)).padStart(2, "0")}-01`,
      };
    }),
  );
  await writer.write(
    complianceEvidence,
    Array.from({ length: n.evidence }, (_, i) => ({
      title: `${SCALE_EVIDENCE_PREFIX} ${String(i + 1).padStart(3, "0")}`,
      kind: "record" as const,
      recordKind: "risk",
      recordId: `RISK-${String(i + 1).padStart(5, "0")}`,
      // Every third item expired at the start of 2026.
      validUntil: i % 3 === 0 ? "2026-01-01" : "2099-12-31",
      createdBy: "Bench Administrator",
    })),
  );
  await writer.flush();
  return registers;
}
