/**
 * How much of each record the workspace benchmark generates. Scale 1 is a large manufacturer: 300 device models,
 * 3,000 software versions with an SBOM of 500 components each (1.5 million component instances), 50,000 findings
 * and 30 days of audit trail at 10,000 entries a day. VIGIL_BENCH_SCALE multiplies every count.
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

export function countsFor(scale: number): Counts {
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
    auditDays: 30,
    auditPerDay: n(10_000, 10),
    risks: n(3_000, 10),
    actionsPerRisk: 2,
    incidents: n(300, 3),
    users: 40,
  };
}

export function scaleFromEnv(): number {
  return Number(process.env.VIGIL_BENCH_SCALE ?? 1);
}
