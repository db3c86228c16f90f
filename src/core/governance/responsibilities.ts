/**
 * Security responsibilities (who holds a duty) and the activities they take part in, as a RACI matrix.
 * A responsibility is mandatory only where a cited requirement asks for it; `obligation` says whether that is law
 * binding a medical device manufacturer or a standard it follows. The others are good practice.
 */

export type Obligation = "law" | "standard" | "good_practice";

export type Responsibility = {
  key: string;
  title: string;
  description: string;
  mandatory: boolean;
  obligation: Obligation;
  /** Catalog item IDs (data/catalog) that ask for the role or that it serves. */
  basis: string[];
  /** Why it is (or is not) mandatory, in one sentence. */
  rationale: string;
};

export const RESPONSIBILITIES: readonly Responsibility[] = [
  {
    key: "management_body",
    title: "Management body member",
    description: "Approves the cybersecurity risk-management measures, oversees their implementation and follows cybersecurity training.",
    mandatory: true,
    obligation: "law",
    basis: ["nis2:art20.1", "nis2:art20.2"],
    rationale: "NIS2 Art. 20(1) makes the management body approve and oversee the measures; Art. 20(2) requires its members to follow training.",
  },
  {
    key: "ciso",
    title: "Information security officer (ISMS owner)",
    description: "Runs the ISMS and reports directly to the management body on network and information system security.",
    mandatory: false,
    obligation: "good_practice",
    basis: ["nis2:art20.1", "iso27001:5.3", "cir2024-2690:annex.1.2.3"],
    rationale:
      "No law binding a device manufacturer names this role: NIS2 Art. 20(1) makes the management body itself accountable; Implementing Regulation (EU) 2024/2690 Annex 1.2.3 (a person reporting directly to the management bodies) binds only the digital entity types of its Art. 1, not manufacturers; ISO/IEC 27001 clause 5.3 asks for ISMS responsibilities to be assigned, not for a named officer. Good practice.",
  },
  {
    key: "product_security_owner",
    title: "Senior owner of medical device cybersecurity",
    description: "Accountable for the security of the devices across their life cycle (design, release, post-market).",
    mandatory: true,
    obligation: "standard",
    basis: ["iec81001-5-1:4.1.2", "mdr:annexI.17.2"],
    rationale: "IEC 81001-5-1 clause 4.1.2 asks for identified security responsibilities in the health software life cycle.",
  },
  {
    key: "psirt_lead",
    title: "PSIRT lead",
    description: "Receives vulnerability reports, coordinates disclosure and remediation of product vulnerabilities.",
    mandatory: false,
    obligation: "good_practice",
    basis: ["iec81001-5-1:4.1.7", "cir2024-2690:annex.6.10", "fda524b:b.1"],
    rationale: "Vulnerability handling and disclosure are required activities, but no cited text requires a named PSIRT role: good practice.",
  },
  {
    key: "incident_manager",
    title: "Incident manager",
    description: "Runs incident handling and the NIS2 / MDR reporting clocks.",
    mandatory: false,
    obligation: "good_practice",
    basis: ["nis2:art23", "cir2024-2690:annex.3"],
    rationale: "Incident reporting is required (NIS2 Art. 23), a dedicated role for it is good practice.",
  },
  {
    key: "supplier_manager",
    title: "Supplier security manager",
    description: "Assesses suppliers and service providers and keeps security clauses in their contracts.",
    mandatory: false,
    obligation: "good_practice",
    basis: ["nis2:art21.2.d", "cir2024-2690:annex.5"],
    rationale: "Supply chain security is a required measure (NIS2 Art. 21(2)(d)); a dedicated role is good practice.",
  },
  {
    key: "dpo",
    title: "Data protection officer",
    description: "Advises on personal data (including patient data) and is the contact for GDPR breaches.",
    mandatory: false,
    obligation: "good_practice",
    basis: [],
    rationale: "Whether a DPO is legally required follows from GDPR criteria that Vigil's catalog does not hold; check with counsel.",
  },
  {
    key: "business_continuity_manager",
    title: "Business continuity manager",
    description: "Keeps backup, disaster recovery and crisis management plans and their tests.",
    mandatory: false,
    obligation: "good_practice",
    basis: ["nis2:art21.2.c", "cir2024-2690:annex.4"],
    rationale: "Business continuity is a required measure (NIS2 Art. 21(2)(c)); a dedicated role is good practice.",
  },
  {
    key: "training_coordinator",
    title: "Training and awareness coordinator",
    description: "Plans security training and awareness campaigns and keeps the completion records.",
    mandatory: false,
    obligation: "good_practice",
    basis: ["nis2:art21.2.g", "cir2024-2690:annex.8", "iso27001:7.3"],
    rationale: "Training is a required measure (NIS2 Art. 21(2)(g), Art. 20(2)); a dedicated coordinator is good practice.",
  },
];

export type Activity = { key: string; title: string; basis: string[] };

export const ACTIVITIES: readonly Activity[] = [
  { key: "measures_approval", title: "Approve the cybersecurity risk-management measures", basis: ["nis2:art20.1"] },
  { key: "policy_approval", title: "Approve security policies", basis: ["cir2024-2690:annex.1.1", "iso27001:5.2"] },
  { key: "risk_assessment", title: "Risk assessment and acceptance of residual risk", basis: ["cir2024-2690:annex.2.1", "iso27001:6.1.2"] },
  { key: "incident_reporting", title: "Incident handling and reporting", basis: ["nis2:art23", "cir2024-2690:annex.3"] },
  { key: "vulnerability_handling", title: "Vulnerability handling and disclosure", basis: ["cir2024-2690:annex.6.10", "iec81001-5-1:4.1.7"] },
  { key: "supplier_assessment", title: "Supplier security assessment", basis: ["cir2024-2690:annex.5", "iso27001:A.5.19"] },
  { key: "business_continuity", title: "Backup, business continuity and crisis management", basis: ["cir2024-2690:annex.4"] },
  { key: "training", title: "Security training and awareness", basis: ["nis2:art20.2", "cir2024-2690:annex.8", "iso27001:7.2"] },
  { key: "roles_review", title: "Review roles and responsibilities", basis: ["cir2024-2690:annex.1.2.6"] },
];

export const RACI_LETTERS = ["R", "A", "C", "I"] as const;
export type RaciLetter = (typeof RACI_LETTERS)[number];

export type RaciCell = { activityKey: string; responsibilityKey: string; letter: RaciLetter };
export type RoleHolder = { responsibilityKey: string; userId: string };

export type RaciProblem = { activityKey: string; code: "no_accountable" | "several_accountable" | "no_responsible"; message: string };

/** Every activity needs exactly one Accountable and at least one Responsible. */
export function validateRaci(cells: readonly RaciCell[], activities: readonly Activity[] = ACTIVITIES): RaciProblem[] {
  const problems: RaciProblem[] = [];
  for (const a of activities) {
    const own = cells.filter((c) => c.activityKey === a.key);
    const accountable = own.filter((c) => c.letter === "A");
    if (accountable.length === 0) problems.push({ activityKey: a.key, code: "no_accountable", message: `${a.title}: no one is Accountable` });
    if (accountable.length > 1) {
      problems.push({
        activityKey: a.key,
        code: "several_accountable",
        message: `${a.title}: ${accountable.length} Accountable (${accountable.map((c) => c.responsibilityKey).join(", ")}); exactly one is allowed`,
      });
    }
    if (!own.some((c) => c.letter === "R")) problems.push({ activityKey: a.key, code: "no_responsible", message: `${a.title}: no one is Responsible` });
  }
  return problems;
}

/** Checks a proposed matrix: every key known, at most one letter per cell. Returns messages (empty when fine). */
export function checkRaciCells(cells: readonly RaciCell[]): string[] {
  const errors: string[] = [];
  const seen = new Set<string>();
  cells.forEach((c, i) => {
    if (!ACTIVITIES.some((a) => a.key === c.activityKey)) errors.push(`cells/${i}/activityKey: unknown activity ${c.activityKey}`);
    if (!RESPONSIBILITIES.some((r) => r.key === c.responsibilityKey)) errors.push(`cells/${i}/responsibilityKey: unknown responsibility ${c.responsibilityKey}`);
    const key = `${c.activityKey}|${c.responsibilityKey}`;
    if (seen.has(key)) errors.push(`cells/${i}: ${c.activityKey} × ${c.responsibilityKey} appears twice`);
    seen.add(key);
  });
  return errors;
}

/** How serious an unheld mandatory role is: a legal duty is high, a standard the organisation follows is medium. */
const GAP_SEVERITY: Record<Exclude<Obligation, "good_practice">, { severity: Gap["severity"]; why: string }> = {
  law: { severity: "high", why: "required by law" },
  standard: { severity: "medium", why: "expected by a standard the organisation follows, not by law" },
};

export type Gap = {
  kind: "mandatory_role_unassigned" | "raci";
  severity: "high" | "medium";
  responsibilityKey?: string;
  activityKey?: string;
  message: string;
  basis: string[];
};

/**
 * Gaps for the dashboard: a mandatory responsibility nobody holds (high when law requires it, medium when a
 * standard does; good practice is no gap), an activity without exactly one
 * Accountable or without a Responsible (medium), and an activity whose only holders of R or A are unassigned roles.
 */
export function governanceGaps(holders: readonly RoleHolder[], cells: readonly RaciCell[]): Gap[] {
  const held = new Set(holders.map((h) => h.responsibilityKey));
  const gaps: Gap[] = [];
  for (const r of RESPONSIBILITIES) {
    if (r.mandatory && r.obligation !== "good_practice" && !held.has(r.key)) {
      const grade = GAP_SEVERITY[r.obligation];
      gaps.push({
        kind: "mandatory_role_unassigned",
        severity: grade.severity,
        responsibilityKey: r.key,
        message: `Mandatory role "${r.title}" is assigned to no one (${grade.why})`,
        basis: r.basis,
      });
    }
  }
  for (const p of validateRaci(cells)) {
    gaps.push({ kind: "raci", severity: "medium", activityKey: p.activityKey, message: p.message, basis: ACTIVITIES.find((a) => a.key === p.activityKey)?.basis ?? [] });
  }
  for (const a of ACTIVITIES) {
    const acc = cells.find((c) => c.activityKey === a.key && c.letter === "A");
    if (acc && !held.has(acc.responsibilityKey)) {
      gaps.push({
        kind: "raci",
        severity: "medium",
        activityKey: a.key,
        responsibilityKey: acc.responsibilityKey,
        message: `${a.title}: the Accountable role (${titleOf(acc.responsibilityKey)}) is held by no one`,
        basis: a.basis,
      });
    }
  }
  return gaps;
}

export function titleOf(responsibilityKey: string): string {
  return RESPONSIBILITIES.find((r) => r.key === responsibilityKey)?.title ?? responsibilityKey;
}
