/**
 * How much of each record the workspace benchmark generates. Scale 1 is a large manufacturer: 300 device models,
 * 3,000 software versions with an SBOM of 500 components each (1.5 million component instances), 50,000 findings
 * and 30 days of audit trail at 10,000 entries a day. VIGIL_BENCH_SCALE multiplies every count; the audit trail's
 * length and rate can be set on their own (VIGIL_BENCH_AUDIT_DAYS, VIGIL_BENCH_AUDIT_PER_DAY), since a year of it at
 * scale 2 (issue #18: 3.65 million entries) is a longer trail at the same daily rate, not twice the rate.
 */
export type Counts = {
  scale: number;
  deviceModels: number;
  softwareVersions: number;
  componentsPerVersion: number;
  /** Distinct packages the components are drawn from (power-law popularity). */
  packages: number;
  customers: number;
  sitesPerCustomer: number;
  installations: number;
  findings: number;
  /** Upper bound; as many are generated as it takes to reach `findings`. */
  maxVulnerabilities: number;
  auditDays: number;
  auditPerDay: number;
  risks: number;
  actionsPerRisk: number;
  incidents: number;
  users: number;
};

export function countsFor(scale: number, audit: { days?: number; perDay?: number } = auditFromEnv()): Counts {
  if (!(scale > 0)) throw new Error(`VIGIL_BENCH_SCALE must be a positive number, not ${scale}`);
  const n = (base: number, min = 1) => Math.max(min, Math.round(base * scale));
  const deviceModels = n(300);
  return {
    scale,
    deviceModels,
    softwareVersions: Math.max(deviceModels, n(3_000)),
    componentsPerVersion: 500,
    packages: n(40_000, 2_000),
    customers: n(2_000, 5),
    sitesPerCustomer: 3,
    installations: n(30_000, 10),
    findings: n(50_000, 100),
    maxVulnerabilities: n(20_000, 200),
    auditDays: audit.days ?? 30,
    auditPerDay: audit.perDay ?? n(10_000, 10),
    risks: n(3_000, 10),
    actionsPerRisk: 2,
    incidents: n(300, 3),
    users: 40,
  };
}

export function scaleFromEnv(): number {
  return Number(process.env.VIGIL_BENCH_SCALE ?? 1);
}

function auditFromEnv(): { days?: number; perDay?: number } {
  const read = (name: string) => {
    const raw = process.env[name];
    if (raw === undefined || raw === "") return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of 1 or more, not ${raw}`);
    return value;
  };
  return { days: read("VIGIL_BENCH_AUDIT_DAYS"), perDay: read("VIGIL_BENCH_AUDIT_PER_DAY") };
}
