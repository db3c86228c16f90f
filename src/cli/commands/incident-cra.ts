import { type CraCase, type CraObligationsResult, computeCraObligations } from "../../core/cra/index";
import { IncidentInputError, type Obligation } from "../../core/incidents/index";
import { CliError } from "../errors";

/** The `--cra` values as the command line writes them. */
const CRA_CASE: Record<string, CraCase> = {
  "exploited-vulnerability": "exploited_vulnerability",
  "severe-incident": "severe_incident",
};

export type CraOptions = { cra?: string; fixAvailable?: string; notified?: string; aware: string; country?: string; zone?: string };

const OPTION_FOR_FIELD: [RegExp, string][] = [
  [/^awareAt/, "--aware"],
  [/^fixAvailableAt/, "--fix-available"],
  [/^submissions/, "--notified"],
  [/^timeZone/, "--zone"],
  [/^now/, "--now"],
];

export function craCaseOf(value: string | undefined): CraCase | undefined {
  if (value === undefined) return undefined;
  const c = CRA_CASE[value];
  if (!c) throw new CliError(`--cra must be one of ${Object.keys(CRA_CASE).join(", ")} (got "${value}")`, 2);
  return c;
}

/** The CRA Art. 14 obligations asked for with --cra, or undefined without it; input errors name the option. */
export function craObligationsFromOptions(opts: CraOptions, now: string, countryZone?: string): CraObligationsResult | undefined {
  const craCase = craCaseOf(opts.cra);
  if (opts.fixAvailable !== undefined && craCase !== "exploited_vulnerability") {
    throw new CliError("--fix-available needs --cra exploited-vulnerability (the fix starts the final report's 14 days)", 2);
  }
  if (craCase === undefined) return undefined;
  const zone = opts.zone ?? countryZone;
  try {
    return computeCraObligations({
      case: craCase,
      awareAt: opts.aware,
      fixAvailableAt: opts.fixAvailable,
      submissions: craCase === "severe_incident" && opts.notified ? [{ obligationId: "cra.incident_notification", submittedAt: opts.notified }] : [],
      timeZone: zone,
      now,
    });
  } catch (err) {
    if (err instanceof IncidentInputError) {
      const lines = err.issues.map((i) => `${OPTION_FOR_FIELD.find(([re]) => re.test(i.path))?.[1] ?? i.path}: ${i.message}`);
      throw new CliError(`invalid input:\n  ${lines.join("\n  ")}`, 2);
    }
    throw err;
  }
}

/** CRA obligations in JSON output: `dueAt` is null (not absent) while the event that sets it is unknown. */
export function craJson(obligations: Obligation[]): (Omit<Obligation, "dueAt"> & { dueAt: string | null })[] {
  return obligations.map((o) => ({ ...o, dueAt: o.dueAt ?? null }));
}
