import { sql } from "drizzle-orm";
import type { Role } from "../../core/access/roles";
import { createUser } from "../accounts/users";
import { seedDemoAdvisories } from "../advisories/demo";
import { seedDemoSecurityStatements } from "../disclosure-statements/demo";
import { seedComplianceDemo } from "../compliance/demo";
import { users } from "../accounts/schema";
import { type Actor, audited } from "../audit/store";
import { customers, sites } from "../customers/schema";
import { deviceModels, installations, softwareVersions } from "../devices/schema";
import { seedDemoGovernance } from "../governance/demo";
import { seedDemoIncidents } from "../incidents/demo";
import { seedContinuityDemo } from "../continuity/demo";
import { saveProfile } from "../organisation/store";
import type { Db } from "../platform/db/client";
import { seedRiskDemo } from "../risks/demo";
import { seedSupplierDemo } from "../suppliers/demo";
import { seedDemoThreatModels } from "../threat-model/demo";
import { seedVulnerabilityDemo } from "../vulnerabilities/demo";

export const DEMO_PASSWORD = "vigil-demo-2026";
export const demoUsers: Array<{ email: string; name: string; role: Role; customer?: string }> = [
  { email: "admin@demo-medical.example", name: "Alex Admin", role: "admin" },
  { email: "compliance@demo-medical.example", name: "Carla Compliance", role: "compliance_manager" },
  { email: "psirt@demo-medical.example", name: "Sam Security", role: "security_officer" },
  { email: "incidents@demo-medical.example", name: "Ines Incident", role: "incident_manager" },
  { email: "engineer@demo-medical.example", name: "Chris Contributor", role: "contributor" },
  { email: "auditor@demo-medical.example", name: "Audrey Auditor", role: "auditor" },
  { email: "it@st-lukas-klinikum.example", name: "Kim Hospital-IT", role: "customer", customer: "St. Lukas Klinikum" },
];

const demoActor: Actor = { id: null, label: "demo workspace" };

const SEED_LOCK_KEY = 724_117_003;

/**
 * Fills an empty workspace with "Demo Medical GmbH". Does nothing when any user exists. Runs as one transaction
 * under an advisory lock, so that processes starting together seed it once.
 */
export async function seedDemoWorkspace(database: Db): Promise<boolean> {
  return database.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
    const [{ count }] = await tx.select({ count: sql<number>`count(*)::int` }).from(users);
    if (Number(count) > 0) return false;
    // Nested writes become savepoints of this transaction.
    await seed(tx as unknown as Db);
    return true;
  });
}

async function seed(db: Db): Promise<void> {

  await saveProfile(db, demoActor, {
    legalName: "Demo Medical GmbH",
    mainEstablishment: "DE",
    otherMemberStates: ["AT", "NL"],
    staffHeadcount: 180,
    annualTurnoverEur: 42_000_000,
    balanceSheetTotalEur: 30_000_000,
    productLines: ["Infusion therapy", "Patient monitoring", "Clinical software"],
    activities: ["medical_devices"],
    designations: [],
  });

  const ids = await audited(db, demoActor, async (tx) => {
    const [lukas, nord] = await tx
      .insert(customers)
      .values([
        { name: "St. Lukas Klinikum", country: "DE", contactEmail: "it@st-lukas-klinikum.example" },
        { name: "Ziekenhuis Noord", country: "NL", contactEmail: "ict@ziekenhuis-noord.example" },
      ])
      .returning();
    const [lukasMain, lukasChildren, nordMain] = await tx
      .insert(sites)
      .values([
        { customerId: lukas.id, name: "Main campus", city: "Munich", country: "DE" },
        { customerId: lukas.id, name: "Children's hospital", city: "Munich", country: "DE" },
        { customerId: nord.id, name: "Hoofdlocatie", city: "Groningen", country: "NL" },
      ])
      .returning();
    const [pump, monitor, gateway, fleet] = await tx
      .insert(deviceModels)
      .values([
        {
          name: "InfuSafe 300 infusion pump",
          modelNumber: "IS-300",
          kind: "medical_device",
          udiDi: "04012345000017",
          riskClass: "IIb",
          intendedUse: "Controlled intravenous delivery of fluids and medication",
          connectivity: ["wifi", "ethernet"],
          softwareSafetyClass: "C",
        },
        {
          name: "VitaView patient monitor",
          modelNumber: "VV-12",
          kind: "medical_device",
          udiDi: "04012345000024",
          riskClass: "IIa",
          intendedUse: "Bedside monitoring of vital signs",
          connectivity: ["ethernet"],
          softwareSafetyClass: "B",
        },
        {
          name: "CareLink clinical gateway",
          modelNumber: "CL-GW",
          kind: "medical_device",
          udiDi: "04012345000031",
          riskClass: "IIa",
          intendedUse: "Forwards device data to hospital information systems",
          connectivity: ["ethernet", "cloud"],
          softwareSafetyClass: "B",
        },
        {
          // Not a medical device: the Cyber Resilience Act, not the MDR, governs its security (Art. 2(1), 2(2)).
          name: "FleetView device fleet manager",
          modelNumber: "FV-FM",
          kind: "non_device_software",
          intendedUse: "Hospital-side tool for the biomedical engineering team: inventory, configuration and update scheduling of installed pumps and monitors",
          connectivity: ["ethernet"],
          supportPeriodEnd: "2031-12-31",
        },
      ])
      .returning();
    const versions = await tx
      .insert(softwareVersions)
      .values([
        { deviceModelId: pump.id, version: "2.4.1", releaseDate: "2021-03-15", supportStatus: "end_of_support", endOfSupport: "2025-06-30" },
        { deviceModelId: pump.id, version: "3.1.0", releaseDate: "2024-02-01", supportStatus: "supported" },
        { deviceModelId: monitor.id, version: "5.0.2", releaseDate: "2022-09-10", supportStatus: "limited", endOfSupport: "2027-12-31" },
        { deviceModelId: monitor.id, version: "6.0.0", releaseDate: "2025-05-20", supportStatus: "supported" },
        { deviceModelId: gateway.id, version: "1.8.0", releaseDate: "2025-01-12", supportStatus: "supported" },
        { deviceModelId: fleet.id, version: "4.2.0", releaseDate: "2026-03-02", supportStatus: "supported" },
      ])
      .returning();
    const v = Object.fromEntries(versions.map((r) => [`${r.deviceModelId === pump.id ? "pump" : r.deviceModelId === monitor.id ? "monitor" : r.deviceModelId === gateway.id ? "gateway" : "fleet"}-${r.version}`, r.id]));
    await tx.insert(installations).values([
      { softwareVersionId: v["pump-2.4.1"], customerId: lukas.id, siteId: lukasMain.id, units: 40, since: "2021-06-01" },
      { softwareVersionId: v["pump-3.1.0"], customerId: lukas.id, siteId: lukasChildren.id, units: 12, since: "2024-05-01" },
      { softwareVersionId: v["pump-2.4.1"], customerId: nord.id, siteId: nordMain.id, units: 25, since: "2022-01-15" },
      { softwareVersionId: v["monitor-5.0.2"], customerId: nord.id, siteId: nordMain.id, units: 60, since: "2023-02-01" },
      { softwareVersionId: v["monitor-6.0.0"], customerId: lukas.id, siteId: lukasMain.id, units: 30, since: "2025-07-01" },
      { softwareVersionId: v["gateway-1.8.0"], customerId: lukas.id, siteId: lukasMain.id, units: 2, since: "2025-03-01" },
      { softwareVersionId: v["fleet-4.2.0"], customerId: lukas.id, siteId: lukasMain.id, units: 1, since: "2026-04-01" },
    ]);
    return {
      result: { customerIds: { "St. Lukas Klinikum": lukas.id, "Ziekenhuis Noord": nord.id } as Record<string, string> },
      changes: [{ action: "create", entityType: "demo_workspace", entityId: null, after: { customers: 2, deviceModels: 4, versions: versions.length } }],
    };
  });

  for (const u of demoUsers) {
    await createUser(db, demoActor, {
      email: u.email,
      name: u.name,
      role: u.role,
      password: DEMO_PASSWORD,
      customerId: u.customer ? ids.customerIds[u.customer] : null,
    });
  }
  await seedDemoIncidents(db, demoActor);
  await seedSupplierDemo(db, demoActor);
  await seedDemoGovernance(db, demoActor);
  await seedRiskDemo(db, demoActor);
  await seedContinuityDemo(db, demoActor);
  await seedVulnerabilityDemo(db, demoActor);
  await seedDemoAdvisories(db, demoActor);
  await seedDemoSecurityStatements(db, demoActor);
  await seedComplianceDemo(db, demoActor);
  await seedDemoThreatModels(db, demoActor);
}
