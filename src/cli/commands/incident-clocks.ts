import Table from "cli-table3";
import {
  type ClockInput,
  computeObligations,
  type DeviceCategory,
  formatDeadline,
  formatSpan,
  IncidentInputError,
  type Obligation,
  type ObligationsResult,
} from "../../core/incidents/index";
import { canonicalMemberState } from "../../core/catalog";
import { CliError } from "../errors";
import { craJson, craObligationsFromOptions } from "./incident-cra";

export type ClocksOptions = {
  aware: string;
  detected?: string;
  notified?: string;
  handled?: string;
  impactEnded?: string;
  ongoing?: boolean;
  mdr?: string;
  ivdr?: string;
  gdpr?: boolean;
  gdprHighRisk?: boolean;
  country?: string;
  zone?: string;
  now?: string;
  json?: boolean;
  cra?: string;
  fixAvailable?: string;
  nis2?: boolean;
};

const DEVICE_CATEGORY: Record<string, DeviceCategory> = {
  serious: "serious_incident",
  death: "death_or_serious_deterioration",
  "public-health": "public_health_threat",
};

/** Input field -> the option that sets it, so errors name what the user typed. */
const OPTION_FOR_FIELD: [RegExp, string][] = [
  [/^awareAt/, "--aware"],
  [/^detectedAt/, "--detected"],
  [/^handledAt/, "--handled"],
  [/^ongoing/, "--ongoing"],
  [/^impactEndedAt/, "--impact-ended"],
  [/^country/, "--country"],
  [/^timeZone/, "--zone"],
  [/^now/, "--now"],
  [/^submissions\[0\]\.submittedAt/, "--notified"],
];

function deviceCategory(flag: "--mdr" | "--ivdr", value: string): DeviceCategory {
  const category = DEVICE_CATEGORY[value];
  if (!category) {
    throw new CliError(`${flag} must be one of ${Object.keys(DEVICE_CATEGORY).join(", ")} (got "${value}")`, 2);
  }
  return category;
}

export function clockInputFromOptions(opts: ClocksOptions, now: string): ClockInput {
  if (opts.mdr !== undefined && opts.ivdr !== undefined) {
    throw new CliError("give either --mdr or --ivdr, not both: a device falls under one of the two regulations", 2);
  }
  if (opts.gdprHighRisk && !opts.gdpr) {
    throw new CliError("--gdpr-high-risk needs --gdpr (a personal data breach)", 2);
  }
  const device =
    opts.mdr !== undefined
      ? { regulation: "mdr" as const, category: deviceCategory("--mdr", opts.mdr) }
      : opts.ivdr !== undefined
        ? { regulation: "ivdr" as const, category: deviceCategory("--ivdr", opts.ivdr) }
        : undefined;
  // A CRA case alone is not a NIS2 significant incident: its NIS2 clocks are shown only when asked for with --nis2.
  const nis2 = opts.cra === undefined || opts.nis2 === true;
  return {
    awareAt: opts.aware,
    detectedAt: opts.detected,
    significance: nis2 ? "significant" : "not_significant",
    ongoing: opts.ongoing ?? false,
    handledAt: opts.handled,
    impactEndedAt: opts.impactEnded,
    country: opts.country,
    timeZone: opts.zone,
    device,
    personalDataBreach: opts.gdpr ? { highRisk: opts.gdprHighRisk ?? false } : undefined,
    submissions: opts.notified && nis2 ? [{ obligationId: "nis2.incident_notification", submittedAt: opts.notified }] : [],
    now,
  };
}

function explainInputError(err: IncidentInputError): string {
  return err.issues
    .map((i) => {
      const option = OPTION_FOR_FIELD.find(([re]) => re.test(i.path))?.[1];
      return `${option ?? i.path}: ${i.message}`;
    })
    .join("\n  ");
}

function statusText(o: Obligation): string {
  if ((o.status === "overdue" || o.status === "submitted_late") && o.lateByMs !== undefined) {
    return `${o.status} (${formatSpan(o.lateByMs)})`;
  }
  if (o.status === "pending" && o.progress) return `pending (${Math.floor(o.progress.fraction * 100)} %)`;
  return o.status;
}

export function renderTable(result: ObligationsResult, zone: string): string {
  const table = new Table({
    head: ["Regime", "Stage", "Due (UTC)", `Due (${zone})`, "Status", "Basis"],
    style: { head: [], border: [] },
    wordWrap: true,
    colWidths: [8, 36, 22, 32, 26, 30],
  });
  const remarks: string[] = [];
  for (const o of result.obligations) {
    const stage = o.jurisdiction === "EU" ? o.stage : `${o.stage} [${o.jurisdiction}]`;
    const display = o.dueAt ? formatDeadline(o.dueAt, zone) : undefined;
    const due = display?.utc ?? (o.noFixedDeadline ? "no fixed hours" : "not yet known");
    table.push([o.regime, stage, due, display?.local ?? "", statusText(o), `${o.basis} [${o.confidence}]`]);
    if (o.waitingFor) remarks.push(`${o.id}: waits for ${o.waitingFor}`);
    if (o.condition) remarks.push(`${o.id}: ${o.condition}`);
  }
  const lines = [table.toString()];
  if (remarks.length > 0) lines.push("", ...remarks.map((r) => `* ${r}`));
  if (!result.nis2.reportable) lines.push("", `NIS2: ${result.nis2.reason}`);
  lines.push("", ...result.notes.map((n) => `Note: ${n}`));
  lines.push("Run with --json for the rule text of every obligation.");
  return `${lines.join("\n")}\n`;
}

/** `vigil incident clocks`: every reporting obligation and deadline, as a table or JSON. */
export async function runClocks(opts: ClocksOptions): Promise<void> {
  const now = opts.now ?? new Date().toISOString();
  const { loadCatalog } = await import("../../server/catalog/load");
  const records = (await loadCatalog()).memberStates;
  const country = opts.country === undefined ? undefined : canonicalMemberState(opts.country);
  const countryZone = country === undefined ? undefined : records.get(country)?.timeZone;
  const cra = craObligationsFromOptions(opts, now, countryZone);
  const input = clockInputFromOptions(opts, now);
  let result: ObligationsResult;
  try {
    result = computeObligations(input, records);
  } catch (err) {
    if (err instanceof IncidentInputError) throw new CliError(`invalid input:\n  ${explainInputError(err)}`, 2);
    throw err;
  }
  if (cra) {
    result = {
      ...result,
      obligations: [...result.obligations, ...cra.obligations],
      ...(input.significance === "not_significant" ? { nis2: { reportable: false, reason: "NIS2 clocks not asked for (add --nis2 when the CRA case is also a significant incident)" } } : {}),
      notes: [...result.notes, ...cra.notes],
    };
  }
  if (opts.json) {
    const doc = cra ? { ...result, obligations: [...result.obligations.filter((o) => o.regime !== "cra"), ...craJson(cra.obligations)], cra: { case: cra.case } } : result;
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    return;
  }
  const zone = opts.zone ?? countryZone ?? "UTC";
  process.stdout.write(renderTable(result, zone));
}
