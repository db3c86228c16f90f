import { and, eq, inArray } from "drizzle-orm";
import { type ThreatModel, threatModelSchema } from "../../core/threat-model";
import type { Actor } from "../audit/store";
import { deviceModels, softwareVersions } from "../devices/schema";
import { demoMorning } from "../demo/dates";
import type { Db } from "../platform/db/client";
import { risks } from "../risks/schema";
import { inheritModel, saveModel } from "./store";

/** InfuSafe 300 2.4.1: the model its successor inherited (update over the service laptop, no wireless yet). */
const predecessor = {
  elements: [
    { id: "pump-fw", name: "Pump firmware", type: "software_item", description: "Embedded Linux application controlling the infusion.", components: ["zlib", "log4j-core"] },
    { id: "drug-lib", name: "Drug library", type: "data_store", description: "Dose limits per drug and care area." },
    { id: "service-laptop", name: "Service laptop", type: "external_system", description: "Biomedical engineering laptop with the service tool." },
    { id: "usb", name: "Service USB port", type: "interface", description: "Behind a locked cover; active only in service mode." },
  ],
  boundaries: [{ id: "pump", name: "Pump enclosure", elementIds: ["pump-fw", "drug-lib", "usb"] }],
  flows: [
    { id: "update", from: "service-laptop", to: "usb", data: "Firmware update package", protocol: "USB mass storage" },
    { id: "usb-fw", from: "usb", to: "pump-fw", data: "Firmware update package" },
    { id: "fw-lib", from: "pump-fw", to: "drug-lib", data: "Dose limits" },
  ],
};

/** 3.1.0 adds Wi-Fi to the CareLink gateway and signed updates; one trace is complete, one has a failed test. */
function successor(riskIds: { signingKey: string; serviceLogs: string }): ThreatModel {
  return threatModelSchema.parse({
    elements: [
      // The firmware moved to Debian 12 and gained the Wi-Fi supplicant: the components of 3.1.0's SBOM (vulnerabilities/demo.ts).
      ...predecessor.elements.map((e) => (e.id === "pump-fw" ? { ...e, components: ["zlib", "openssl", "wpasupplicant", "libusb-1.0", "log4j-core"] } : e)),
      { id: "wifi", name: "Wi-Fi module", type: "interface", description: "WPA2/WPA3-Enterprise; TCP 8443 to the gateway only." },
      { id: "gateway", name: "CareLink clinical gateway", type: "external_system", description: "Forwards infusion events to the hospital information system." },
      { id: "hospital-net", name: "Hospital network", type: "external_system", description: "Operated by the hospital IT." },
    ],
    boundaries: [
      { id: "pump", name: "Pump enclosure", elementIds: ["pump-fw", "drug-lib", "usb", "wifi"] },
      { id: "hospital", name: "Hospital network zone", elementIds: ["gateway", "hospital-net"] },
    ],
    flows: [
      ...predecessor.flows,
      { id: "events", from: "wifi", to: "gateway", data: "Infusion events and service logs", protocol: "TLS 1.3, mutual authentication" },
      { id: "wifi-fw", from: "wifi", to: "pump-fw", data: "Infusion events and service logs" },
      { id: "gw-his", from: "gateway", to: "hospital-net", data: "Infusion records", protocol: "HL7 over TLS" },
    ],
    threats: [
      {
        id: "T-1",
        target: "usb-fw",
        category: "tampering",
        title: "Forged firmware update installed through the service port",
        attackVector: "Physical: a manipulated update package on a USB stick, signed with a stolen or misused signing key",
        preconditions: "Access to the service port (locked cover) and to a package the pump accepts",
        exploitability: 2,
        suggestionId: "usb-fw:tampering",
        riskId: riskIds.signingKey,
        hazard: { hazard: "Pump runs manipulated firmware", harm: "Over- or under-infusion", severity: "catastrophic" },
        controlIds: ["C-UPD", "C-SIGN"],
      },
      {
        id: "T-2",
        target: "events",
        category: "information_disclosure",
        title: "Patient identifiers leak through exported service logs",
        attackVector: "Network: service logs sent to the gateway are read by someone with access to the gateway",
        preconditions: "Access to the gateway's log storage",
        exploitability: 3,
        suggestionId: "events:information_disclosure",
        riskId: riskIds.serviceLogs,
        controlIds: ["C-PSEUDO"],
      },
    ],
    controls: [
      {
        id: "C-UPD",
        kind: "device_capability",
        ref: "update_integrity",
        title: "The bootloader installs only updates whose signature verifies",
        verifications: [{ testCaseId: "TC-UPD-001", method: "test", result: "pass", evidence: "Release test report 3.1.0, section 4.2: unsigned and re-signed packages refused", date: "2024-01-18" }],
      },
      {
        id: "C-SIGN",
        kind: "harmonised",
        ref: "SDL-10",
        title: "Signing key held in an HSM; two-person release",
        verifications: [{ testCaseId: "TC-SIGN-002", method: "review", result: "pass", evidence: "Key ceremony record 2024-01", date: "2024-01-10" }],
      },
      {
        id: "C-PSEUDO",
        kind: "device_capability",
        ref: "data_confidentiality",
        title: "Service logs replace patient IDs with a random key before export",
        verifications: [{ testCaseId: "TC-LOG-007", method: "penetration_test", result: "fail", evidence: "Pen test 2024-01: patient IDs found in the alarm history section of the log export", date: "2024-01-25" }],
      },
    ],
    acceptance: {
      acceptedBy: "Dr. Eva Berger",
      role: "CEO",
      statement: "The residual security risk of InfuSafe 300 3.1.0 is acceptable for release; the log pseudonymisation defect is fixed in 3.1.1.",
      benefitRisk: "Wireless transfer of infusion events removes manual documentation errors; the remaining risks are controlled or disclosed to users.",
      acceptedAt: "2024-01-30",
    },
  });
}

/** The InfuSafe 300 threat models: 2.4.1, and 3.1.0 inherited from it and extended, linked to risks of the register. */
export async function seedDemoThreatModels(db: Db, actor: Actor, now = new Date()): Promise<void> {
  const versions = await db
    .select({ id: softwareVersions.id, version: softwareVersions.version })
    .from(softwareVersions)
    .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
    .where(and(eq(deviceModels.modelNumber, "IS-300"), inArray(softwareVersions.version, ["2.4.1", "3.1.0"])));
  const v241 = versions.find((v) => v.version === "2.4.1");
  const v310 = versions.find((v) => v.version === "3.1.0");
  const riskRows = await db.select({ id: risks.id, title: risks.title }).from(risks);
  const signingKey = riskRows.find((r) => r.title === "Code-signing key stolen or misused");
  const serviceLogs = riskRows.find((r) => r.title === "Patient data in remote service logs");
  if (!v241 || !v310 || !signingKey || !serviceLogs) return;
  const savedAt = demoMorning(now, 47);
  await saveModel(db, actor, v241.id, threatModelSchema.parse(predecessor), savedAt);
  await inheritModel(db, actor, v310.id, v241.id, false, savedAt);
  await saveModel(db, actor, v310.id, successor({ signingKey: signingKey.id, serviceLogs: serviceLogs.id }), savedAt);
}
