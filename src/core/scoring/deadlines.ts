import { DateTime } from "luxon";
import type { Priority } from "./priority";

/**
 * Remediation deadlines for a finding: the manufacturer's own SLA per priority, shortened for
 * known-exploited (KEV) vulnerabilities, plus the US regulatory timers that apply to the case.
 * Every deadline carries the basis it comes from and how well that basis is verified:
 *  - "policy": Vigil's configurable SLA, not a legal requirement;
 *  - "V2": checked against a primary-derived copy (see shared reference nis2-mdm-facts.md, fda_524b);
 *  - "UNVERIFIED": not in the project's regulatory reference file; confirm before relying on it.
 */

export interface SlaConfig {
  days: Record<Exclude<Priority, "none">, number>;
  /** KEV-listed findings are due within at most this many days. */
  kevMaxDays: number;
}

export const DEFAULT_SLA: SlaConfig = {
  days: { critical: 15, high: 30, medium: 90, low: 180 },
  kevMaxDays: 30,
};

export interface DeadlineInput {
  priority: Priority;
  /** When the manufacturer learned of the vulnerability in this product (ISO 8601 date or date-time). */
  knownSince: string;
  kev?: { listed: boolean; dueDate?: string };
  /**
   * Outcome of the manufacturer's risk assessment: true when the residual risk of patient harm
   * is not controlled. Undefined = not yet assessed.
   */
  uncontrolledRisk?: boolean;
  /** The device is on the US market (FDA guidance and FD&C §524B timers are reported). */
  usMarket?: boolean;
  /** The device is a "cyber device" under FD&C §524B(c). */
  cyberDevice?: boolean;
}

export type DeadlineId =
  | "sla"
  | "kev"
  | "fda_postmarket_communicate"
  | "fda_postmarket_remediate"
  | "fdca_524b_update";

export interface Deadline {
  id: DeadlineId;
  action: string;
  /** ISO date (UTC), or null when the basis sets no fixed date. */
  dueDate: string | null;
  cadence?: "out_of_cycle_as_soon_as_possible" | "regular_cycle";
  basis: string;
  verification: "policy" | "V2" | "UNVERIFIED";
}

export interface RemediationPlan {
  /** Earliest fixed-date remediation deadline, null when none applies. */
  remediateBy: string | null;
  deadlines: Deadline[];
}

export type RemediationPlanResult = { ok: true; plan: RemediationPlan } | { ok: false; error: string };

export const BASIS = {
  sla: "Vigil remediation SLA per priority (manufacturer policy, configurable; not a legal requirement)",
  kev:
    "CISA Known Exploited Vulnerabilities catalog: listed as exploited in the wild; SLA capped at the KEV cap or the " +
    "KEV due date (the due date binds US federal agencies under BOD 22-01 and is used here as a reference)",
  fdaPostmarketCommunicate:
    "FDA guidance 'Postmarket Management of Cybersecurity in Medical Devices' (Dec 2016), uncontrolled risk: " +
    "communicate with customers and the user community within 30 days of learning of the vulnerability " +
    "(non-binding guidance; not in the project's regulatory reference file)",
  fdaPostmarketRemediate:
    "FDA guidance 'Postmarket Management of Cybersecurity in Medical Devices' (Dec 2016), uncontrolled risk: " +
    "fix, validate and distribute the fix (or mitigation) within 60 days of learning of the vulnerability " +
    "(non-binding guidance; not in the project's regulatory reference file)",
  fdca524bOutOfCycle:
    "FD&C Act §524B(b)(2)(B), 21 U.S.C. 360n-2: make available postmarket updates and patches as soon as possible " +
    "out of cycle for critical vulnerabilities that could cause uncontrolled risks",
  fdca524bRegular:
    "FD&C Act §524B(b)(2)(A), 21 U.S.C. 360n-2: make available postmarket updates and patches on a reasonably " +
    "justified regular cycle for known unacceptable vulnerabilities",
} as const;

// A scan plans thousands of findings known since the same day, with the same few periods: each date is parsed, and
// each due date computed, once (luxon's DateTime is immutable, so sharing one is safe).
const MEMO_LIMIT = 10_000;
const parsedDates = new Map<string, DateTime | null>();
const shiftedDates = new Map<string, string>();

function memo<T>(cache: Map<string, T>, key: string, compute: () => T): T {
  const hit = cache.get(key);
  if (hit !== undefined || cache.has(key)) return hit as T;
  const value = compute();
  if (cache.size >= MEMO_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

function parseDate(value: string): DateTime | null {
  return memo(parsedDates, value, () => {
    const d = DateTime.fromISO(value, { zone: "utc" });
    return d.isValid ? d.startOf("day") : null;
  });
}

const iso = (d: DateTime) => d.toISODate() as string;

/** The ISO date `days` after `from` (a start of day). */
const isoPlusDays = (from: DateTime, days: number) => memo(shiftedDates, `${from.toMillis()}+${days}`, () => iso(from.plus({ days })));

export function remediationPlan(input: DeadlineInput, sla: SlaConfig = DEFAULT_SLA): RemediationPlanResult {
  const known = parseDate(input.knownSince);
  if (!known) return { ok: false, error: `knownSince "${input.knownSince}" is not an ISO 8601 date` };
  let kevDue: DateTime | null = null;
  if (input.kev?.dueDate) {
    kevDue = parseDate(input.kev.dueDate);
    if (!kevDue) return { ok: false, error: `kev.dueDate "${input.kev.dueDate}" is not an ISO 8601 date` };
  }

  const deadlines: Deadline[] = [];
  if (input.priority !== "none") {
    deadlines.push({
      id: "sla",
      action: `remediate (${input.priority} priority: ${sla.days[input.priority]} days)`,
      dueDate: isoPlusDays(known, sla.days[input.priority]),
      basis: BASIS.sla,
      verification: "policy",
    });
    if (input.kev?.listed) {
      let due = known.plus({ days: sla.kevMaxDays });
      // A KEV due date that lies before we learned of the issue cannot be met; it is not used.
      if (kevDue && kevDue >= known && kevDue < due) due = kevDue;
      deadlines.push({
        id: "kev",
        action: "remediate a known-exploited vulnerability",
        dueDate: iso(due),
        basis: BASIS.kev,
        verification: "policy",
      });
    }
  }

  if (input.usMarket && input.uncontrolledRisk) {
    deadlines.push(
      {
        id: "fda_postmarket_communicate",
        action: "communicate the vulnerability, its risk and interim mitigations to customers and users",
        dueDate: isoPlusDays(known, 30),
        basis: BASIS.fdaPostmarketCommunicate,
        verification: "UNVERIFIED",
      },
      {
        id: "fda_postmarket_remediate",
        action: "fix, validate and distribute the fix so the residual risk is acceptable",
        dueDate: isoPlusDays(known, 60),
        basis: BASIS.fdaPostmarketRemediate,
        verification: "UNVERIFIED",
      },
    );
  }

  if (input.usMarket && input.cyberDevice && input.priority !== "none") {
    // Out of cycle when the risk is assessed uncontrolled, or not yet assessed for a critical finding.
    const outOfCycle =
      input.uncontrolledRisk === true || (input.uncontrolledRisk === undefined && input.priority === "critical");
    deadlines.push(
      outOfCycle
        ? {
            id: "fdca_524b_update",
            action: "make an update or patch available out of cycle, as soon as possible",
            dueDate: null,
            cadence: "out_of_cycle_as_soon_as_possible",
            basis: BASIS.fdca524bOutOfCycle,
            verification: "V2",
          }
        : {
            id: "fdca_524b_update",
            action: "make an update or patch available in the regular update cycle",
            dueDate: null,
            cadence: "regular_cycle",
            basis: BASIS.fdca524bRegular,
            verification: "V2",
          },
    );
  }

  const remediationIds: DeadlineId[] = ["sla", "kev", "fda_postmarket_remediate"];
  const dated = deadlines
    .filter((d) => remediationIds.includes(d.id) && d.dueDate !== null)
    .map((d) => d.dueDate as string)
    .sort();
  return { ok: true, plan: { remediateBy: dated[0] ?? null, deadlines } };
}
