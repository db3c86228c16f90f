// Generated registers around the devices: users, customers and sites, device models and software versions, the
// installed base, risks with their actions, and incidents. Small tables, written with the same bulk writer.
import { assessSignificance, confirmSignificance, type ImpactModel, type IncidentFacts, QUESTION_IDS, type QuestionId } from "../../src/core/incidents";
import type { AssetType, HarmSeverity, LifecyclePhase, RiskStatus, Treatment } from "../../src/core/risks";
import { users } from "../../src/server/accounts/schema";
import { customers, sites } from "../../src/server/customers/schema";
import { deviceModels, installations, softwareVersions } from "../../src/server/devices/schema";
import { incidents } from "../../src/server/incidents/schema";
import { riskActions, risks } from "../../src/server/risks/schema";
import { skewedIndex } from "../support";
import type { Counts } from "./counts";
import { versionsPerModel } from "./portfolio";
import type { RecordsetWriter } from "./writer";

const DAY = 86_400_000;
const BATCH = 2_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export type Registers = {
  adminId: string;
  users: Array<{ id: string; label: string }>;
  models: Array<{ id: string; name: string }>;
  /** Software versions in generation order (model by model, oldest first). */
  versions: Array<{ id: string; model: number; version: string }>;
};

async function writeAll<T extends Parameters<RecordsetWriter["write"]>[0]>(writer: RecordsetWriter, table: T, rows: Array<T["$inferInsert"]>) {
  for (let i = 0; i < rows.length; i += BATCH) await writer.write(table, rows.slice(i, i + BATCH));
}

const ROLES = ["security_officer", "compliance_manager", "incident_manager", "contributor", "auditor"] as const;
const FAMILIES = ["InfuSafe", "VitaView", "CareLink", "CardioTrack", "NeoWarm", "OxyGuard", "SonoScan", "DialyPro", "GlucoSense", "VentaAir"];
const RISK_CLASSES = ["I", "IIa", "IIb", "III"];
const CONNECTIVITY = ["ethernet", "wifi", "bluetooth", "usb", "cloud", "serial", "cellular"];
const COUNTRIES = ["DE", "FR", "NL", "IT", "ES", "AT", "BE", "SE", "PL", "DK"];

export async function writeRegisters(writer: RecordsetWriter, counts: Counts, random: () => number, now: number): Promise<Registers> {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];

  const userRows = Array.from({ length: counts.users }, (_, i) => ({
    id: crypto.randomUUID(),
    email: `user${i}@bench.example`,
    name: i === 0 ? "Bench Administrator" : `Bench User ${i}`,
    role: i === 0 ? "admin" : ROLES[i % ROLES.length],
    passwordHash: null,
    status: "active",
  }));
  await writeAll(writer, users, userRows);

  const customerRows = Array.from({ length: counts.customers }, (_, i) => ({
    id: crypto.randomUUID(),
    name: `Hospital ${i + 1}`,
    country: pick(COUNTRIES),
    contactEmail: `security@hospital${i + 1}.example`,
  }));
  await writeAll(writer, customers, customerRows);
  const siteRows = customerRows.flatMap((c, ci) =>
    Array.from({ length: counts.sitesPerCustomer }, (_, s) => ({ id: crypto.randomUUID(), customerId: c.id, name: s === 0 ? "Main campus" : `Site ${s + 1}`, city: `City ${ci}`, country: c.country })),
  );
  await writeAll(writer, sites, siteRows);

  const modelRows = Array.from({ length: counts.deviceModels }, (_, i) => ({
    id: crypto.randomUUID(),
    name: `${FAMILIES[i % FAMILIES.length]} ${100 + i}`,
    modelNumber: `DM-${String(i + 1).padStart(4, "0")}`,
    udiDi: `0${String(4000000000000 + i)}`,
    kind: "medical_device",
    riskClass: pick(RISK_CLASSES),
    intendedUse: "Generated device model for the workspace benchmark.",
    connectivity: CONNECTIVITY.filter(() => random() < 0.4),
    softwareSafetyClass: pick(["A", "B", "C"]),
  }));
  await writeAll(writer, deviceModels, modelRows);

  // Each model's versions are released a few months apart; the oldest ones are out of support.
  const versionRows: Array<typeof softwareVersions.$inferInsert & { id: string; model: number }> = [];
  versionsPerModel(counts).forEach((n, model) => {
    for (let v = 0; v < n; v++) {
      const released = now - (n - v) * 120 * DAY - Math.floor(random() * 60) * DAY;
      const ended = v < n * 0.3;
      versionRows.push({
        id: crypto.randomUUID(),
        model,
        deviceModelId: modelRows[model].id,
        version: `${1 + Math.floor(v / 4)}.${v % 4}.0`,
        releaseDate: day(released),
        supportStatus: ended ? "end_of_support" : v < n * 0.5 ? "limited" : "supported",
        endOfSupport: ended ? day(now - Math.floor(random() * 365) * DAY) : day(now + (1 + Math.floor(random() * 5)) * 365 * DAY),
      });
    }
  });
  await writeAll(
    writer,
    softwareVersions,
    versionRows.map(({ model: _m, ...row }) => row),
  );

  // Installed base: newer versions and larger hospitals are more common (power law on both).
  const installRows = Array.from({ length: counts.installations }, () => {
    const version = versionRows[versionRows.length - 1 - skewedIndex(random, versionRows.length, 1.2)];
    const customer = skewedIndex(random, customerRows.length, 2);
    return {
      softwareVersionId: version.id,
      customerId: customerRows[customer].id,
      siteId: siteRows[customer * counts.sitesPerCustomer + Math.floor(random() * counts.sitesPerCustomer)].id,
      units: 1 + skewedIndex(random, 200, 3),
      since: day(now - Math.floor(random() * 1500) * DAY),
    };
  });
  await writeAll(writer, installations, installRows);

  await writeRisks(writer, counts, random, now, modelRows);
  await writeIncidents(writer, counts, random, now, modelRows, versionRows);

  return {
    adminId: userRows[0].id,
    users: userRows.map((u) => ({ id: u.id, label: `${u.name} <${u.email}>` })),
    models: modelRows.map((m) => ({ id: m.id, name: m.name })),
    versions: versionRows.map((v) => ({ id: v.id, model: v.model, version: v.version })),
  };
}

const RISK_TITLES = [
  "Compromised build pipeline",
  "Code-signing key misused",
  "Known-vulnerable component shipped",
  "Unauthenticated service interface",
  "Ransomware on the manufacturing network",
  "Cloud back end outage",
  "Supplier loses its security certification",
  "Patient data exposed through logs",
];
const PHASES: LifecyclePhase[] = ["design_development", "manufacturing", "distribution", "post_market"];
const ASSETS: AssetType[] = ["information_system", "manufacturing_line", "device_model", "cloud_backend", "data_set", "supplier_service"];
const HARMS: Array<HarmSeverity | null> = [null, "negligible", "minor", "serious", "critical"];
const TREATMENTS: Array<Treatment | null> = [null, "reduce", "reduce", "accept", "transfer"];
const RISK_STATUS: RiskStatus[] = ["open", "open", "treating", "treating", "accepted", "closed"];

async function writeRisks(writer: RecordsetWriter, counts: Counts, random: () => number, now: number, models: Array<{ id: string; name: string }>) {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const rating = () => 1 + Math.floor(random() * 5);
  const riskRows = Array.from({ length: counts.risks }, (_, i) => {
    const model = random() < 0.7 ? models[Math.floor(random() * models.length)] : null;
    const [l, im] = [rating(), rating()];
    return {
      id: crypto.randomUUID(),
      reference: `RISK-${String(i + 1).padStart(5, "0")}`,
      title: `${pick(RISK_TITLES)}${model ? ` (${model.name})` : ""}`,
      description: "Generated risk for the workspace benchmark.",
      asset: model ? model.name : "Corporate IT",
      assetType: pick(ASSETS),
      phase: pick(PHASES),
      threat: "Generated threat",
      vulnerability: "Generated weakness",
      cia: { confidentiality: random() < 0.5, integrity: random() < 0.5, availability: random() < 0.5 },
      patientSafety: pick(HARMS),
      inherentLikelihood: l,
      inherentImpact: im,
      residualLikelihood: random() < 0.6 ? Math.max(1, l - 1) : null,
      residualImpact: random() < 0.6 ? im : null,
      treatment: pick(TREATMENTS),
      treatmentPlan: "",
      owner: random() < 0.9 ? `Owner ${i % 25}` : null,
      deviceModelId: model?.id ?? null,
      status: pick(RISK_STATUS),
      reviewDate: day(now + Math.floor((random() - 0.2) * 365) * DAY),
    };
  });
  await writeAll(writer, risks, riskRows);
  const actionRows = riskRows.flatMap((r) =>
    Array.from({ length: counts.actionsPerRisk }, (_, k) => {
      const done = random() < 0.4;
      return {
        riskId: r.id,
        title: `Treatment action ${k + 1} for ${r.reference}`,
        owner: r.owner,
        dueDate: day(now + Math.floor((random() - 0.3) * 180) * DAY),
        status: done ? ("done" as const) : random() < 0.5 ? ("in_progress" as const) : ("planned" as const),
        completedAt: done ? new Date(now - Math.floor(random() * 90) * DAY) : null,
      };
    }),
  );
  await writeAll(writer, riskActions, actionRows);
}

// Every significance question except the one asked only of 2024/2690 entity types.
const NO_QUESTIONS: QuestionId[] = QUESTION_IDS.filter((q) => q !== "entitySpecificCriteria");
const MANAGER = "Bench Incident Manager <incidents@bench.example>";

async function writeIncidents(
  writer: RecordsetWriter,
  counts: Counts,
  random: () => number,
  now: number,
  models: Array<{ id: string }>,
  versions: Array<{ id: string; model: number }>,
) {
  const rows = Array.from({ length: counts.incidents }, (_, i) => {
    // Spread over five years, newest last; the few most recent ones are still open.
    const aware = new Date(now - (counts.incidents - i) * ((5 * 365 * DAY) / counts.incidents) + Math.floor(random() * DAY));
    const open = i >= counts.incidents - Math.max(1, Math.round(counts.incidents * 0.05));
    const model = Math.floor(random() * models.length);
    const severe = open && random() < 0.5;
    const impact: ImpactModel = {
      availability: { severity: severe ? "high" : "low", description: "Generated availability impact" },
      integrity: { severity: "low", description: "Generated integrity impact" },
      confidentiality: { severity: random() < 0.3 ? "medium" : "none", description: "" },
      patientSafety: { severity: "none", description: "" },
    };
    const facts: IncidentFacts = { usersAffected: Math.floor(random() * 50), durationMinutes: Math.floor(random() * 2000), memberStatesAffected: ["DE"], suspectedMalicious: random() < 0.5 };
    const answers = Object.fromEntries(NO_QUESTIONS.map((q) => [q, severe && q === "severeOperationalDisruption" ? "yes" : "no"])) as Record<string, "yes" | "no">;
    const assessedAt = new Date(aware.getTime() + 3_600_000);
    const proposal = assessSignificance({ entityType: "medical_device_manufacturer", annualTurnoverEur: 420_000_000, answers, impact, facts });
    return {
      reference: `INC-${aware.getUTCFullYear()}-${String(i + 1).padStart(4, "0")}`,
      title: `Generated incident ${i + 1}`,
      description: "Generated incident for the workspace benchmark.",
      detectedAt: new Date(aware.getTime() - 3_600_000),
      awareAt: aware,
      reporter: MANAGER,
      status: open ? (random() < 0.5 ? ("open" as const) : ("contained" as const)) : ("closed" as const),
      country: "DE",
      affectedDeviceModelIds: [models[model].id],
      affectedVersionIds: versions.filter((v) => v.model === model).slice(-2).map((v) => v.id),
      affectedSiteIds: [],
      affectedSystems: ["Remote service"],
      suppliersInvolved: null,
      impact,
      facts,
      assessment: { entityType: "medical_device_manufacturer" as const, annualTurnoverEur: 420_000_000, answers, assessedAt: assessedAt.toISOString(), assessedBy: MANAGER, proposal },
      significance: confirmSignificance(proposal, { by: MANAGER, at: new Date(assessedAt.getTime() + 600_000).toISOString() }),
      handledAt: open ? null : new Date(aware.getTime() + 5 * DAY),
      impactEndedAt: open ? null : new Date(aware.getTime() + 2 * DAY),
      threatType: "Generated",
      indicatorsOfCompromise: [],
      mitigationsApplied: ["Generated mitigation"],
      mitigationsOngoing: [],
      recipientMeasures: [],
      lessonsLearned: open ? null : "Generated lesson",
      linkedRiskIds: [],
      linkedControlIds: [],
      linkedFindingIds: [],
      createdAt: aware,
      updatedAt: aware,
    };
  });
  await writeAll(writer, incidents, rows);
}
