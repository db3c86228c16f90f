import { canonicalMemberState } from "../catalog/countries";
import type { NationalVerification } from "../catalog/national-status";
import type { Confidence } from "../catalog/schema";
import type { MemberStateRecord } from "../catalog/types";
import { craObligationSpecs } from "../cra/obligations";
import { addCalendarMonth, addDays, addHours } from "./calendar";
import { type DeviceCategory, IncidentInputError, type ParsedClockInput, parseClockInput, parseInstant, UNKNOWN } from "./clock-input";
import { type NationalContext, type NationalRecords, nationalContext, nationalNotes, nationalSpecs } from "./national";
import { applyStatus } from "./obligation-status";
import type { Obligation, ObligationsResult, Regime, Stage, Submission } from "./types";

/** An obligation before submissions and `now` are applied. */
export type ObligationSpec = {
  id: string;
  regime: Regime;
  stage: Stage;
  jurisdiction: string;
  recipient: string;
  startMs?: number;
  dueMs?: number;
  waitingFor?: string;
  condition?: string;
  noFixedDeadline?: boolean;
  provisional?: boolean;
  rule: string;
  basis: string;
  confidence: Confidence;
  notes?: string[];
  /** For an obligation a national law adds: the record's verification date and first source. */
  national?: NationalVerification;
  /** Earliest instant a submission can carry: the awareness that started this regime's clocks. */
  awareMs: number;
};

const iso = (ms: number) => new Date(ms).toISOString();
const CSIRT = "national CSIRT or, where applicable, the competent authority";

type Ctx = {
  input: ParsedClockInput;
  awareMs: number;
  zone: string;
  submittedAt: (id: string) => number | undefined;
};

function nis2Specs(ctx: Ctx): ObligationSpec[] {
  const { input, awareMs: aware } = ctx;
  const base = { regime: "nis2" as const, jurisdiction: "EU", recipient: CSIRT, confidence: "V1" as const, awareMs: aware };
  const specs: ObligationSpec[] = [
    {
      ...base,
      id: "nis2.early_warning",
      stage: "early_warning",
      startMs: aware,
      dueMs: addHours(aware, 24),
      rule: "Without undue delay and in any event within 24 hours of becoming aware of the significant incident (24 elapsed hours from the awareness instant).",
      basis: "NIS2 Art. 23(4)(a)",
    },
    {
      ...base,
      id: "nis2.incident_notification",
      stage: "incident_notification",
      startMs: aware,
      dueMs: addHours(aware, 72),
      rule: "Without undue delay and in any event within 72 hours of becoming aware of the significant incident (72 elapsed hours from the awareness instant).",
      basis: "NIS2 Art. 23(4)(b)",
    },
  ];

  if (input.intermediateRequests.length === 0) {
    specs.push({
      ...base,
      id: "nis2.intermediate_report",
      stage: "intermediate_report",
      waitingFor: "a request from the CSIRT or competent authority (enter its due date)",
      rule: "Upon request of the CSIRT or competent authority, an intermediate report with relevant status updates.",
      basis: "NIS2 Art. 23(4)(c)",
    });
  }
  input.intermediateRequests.forEach((request, i) => {
    specs.push({
      ...base,
      id: `nis2.intermediate_report.${i + 1}`,
      stage: "intermediate_report",
      startMs: parseInstant(request.requestedAt),
      dueMs: parseInstant(request.dueAt),
      rule: `Upon request of the CSIRT or competent authority, an intermediate report with relevant status updates; due date as set in the request${request.reference ? ` (${request.reference})` : ""}.`,
      basis: "NIS2 Art. 23(4)(c)",
    });
  });

  specs.push(...finalAndProgressSpecs(ctx, base));

  specs.push({
    ...base,
    id: "nis2.recipient_notification",
    stage: "recipient_notification",
    recipient: "recipients of the entity's services (customers)",
    startMs: aware,
    noFixedDeadline: true,
    condition: "where appropriate: the significant incident is likely to adversely affect the provision of the entity's services",
    rule: "Without undue delay; the Directive sets no fixed number of hours.",
    basis: "NIS2 Art. 23(1)",
  });
  return specs;
}

function finalAndProgressSpecs(ctx: Ctx, base: Omit<ObligationSpec, "id" | "stage" | "rule" | "basis">): ObligationSpec[] {
  const { input, zone } = ctx;
  const monthRule = `same calendar date in the following month in ${zone} (last day of that month when the date does not exist), same time of day; no extension for weekends or holidays`;
  const finalBasis = "NIS2 Art. 23(4)(d)";
  const progressBasis = "NIS2 Art. 23(4)(e)";
  const finalRule = `Not later than one month after the submission of the incident notification: ${monthRule}.`;
  const progressRule = `If the incident is still ongoing when the final report would be due, a progress report at that time; the final report then follows within one month of the incident being handled (${monthRule}).`;
  const notifiedMs = ctx.submittedAt("nis2.incident_notification");
  const handledMs = input.handledAt === undefined ? undefined : parseInstant(input.handledAt);

  if (notifiedMs === undefined) {
    const specs: ObligationSpec[] = [
      {
        ...base,
        id: "nis2.final_report",
        stage: "final_report",
        waitingFor:
          "submission of the incident notification: the final report is due one month after its actual submission time, not after its deadline",
        rule: finalRule,
        basis: finalBasis,
      },
    ];
    if (input.ongoing) {
      specs.push({
        ...base,
        id: "nis2.progress_report",
        stage: "progress_report",
        waitingFor: "submission of the incident notification",
        condition: "only if the incident is still ongoing when the final report would be due",
        rule: progressRule,
        basis: progressBasis,
      });
    }
    return specs;
  }

  const finalDue = addCalendarMonth(notifiedMs, zone);
  if (handledMs !== undefined && handledMs > finalDue) {
    return [
      {
        ...base,
        id: "nis2.progress_report",
        stage: "progress_report",
        startMs: notifiedMs,
        dueMs: finalDue,
        rule: progressRule,
        basis: progressBasis,
      },
      {
        ...base,
        id: "nis2.final_report",
        stage: "final_report",
        startMs: handledMs,
        dueMs: addCalendarMonth(handledMs, zone),
        rule: `Within one month of the incident being handled (it was still ongoing when the final report would first have been due): ${monthRule}.`,
        basis: progressBasis,
      },
    ];
  }
  if (handledMs === undefined && input.ongoing) {
    return [
      {
        ...base,
        id: "nis2.progress_report",
        stage: "progress_report",
        startMs: notifiedMs,
        dueMs: finalDue,
        condition: `only if the incident is still ongoing at ${iso(finalDue)}; otherwise the final report is due then`,
        rule: progressRule,
        basis: progressBasis,
      },
      {
        ...base,
        id: "nis2.final_report",
        stage: "final_report",
        waitingFor: `the incident to be handled: due ${iso(finalDue)} if handled by then, otherwise one month after handling`,
        rule: progressRule,
        basis: `${finalBasis}, ${progressBasis}`,
      },
    ];
  }
  return [
    {
      ...base,
      id: "nis2.final_report",
      stage: "final_report",
      startMs: notifiedMs,
      dueMs: finalDue,
      rule: finalRule,
      basis: finalBasis,
    },
  ];
}

const VIGILANCE: Record<DeviceCategory, { days: number; mdrParagraph: string; rule: string }> = {
  serious_incident: {
    days: 15,
    mdrParagraph: "87(3)",
    rule: "Serious incident: immediately after establishing a causal relationship with the device (or that one is reasonably possible), and not later than 15 days after becoming aware of the incident",
  },
  public_health_threat: {
    days: 2,
    mdrParagraph: "87(4)",
    rule: "Serious public health threat: immediately, and not later than 2 days after becoming aware of the threat",
  },
  death_or_serious_deterioration: {
    days: 10,
    mdrParagraph: "87(5)",
    rule: "Death or unanticipated serious deterioration in a person's state of health: immediately after establishing or as soon as suspecting a causal relationship, and not later than 10 days after becoming aware of the incident",
  },
};

/** Ids of the clocks shown while MDR/IVDR or GDPR applicability is not yet known. */
export const PROVISIONAL_VIGILANCE_ID = "mdr.provisional";
export const PROVISIONAL_GDPR_ID = "gdpr.provisional";

/** While nobody has said whether the incident is a device vigilance case, the shortest MDR deadline runs from awareness. */
function provisionalVigilanceSpec(ctx: Ctx): ObligationSpec {
  const shortest = Object.values(VIGILANCE).reduce((a, b) => (b.days < a.days ? b : a));
  const periods = Object.values(VIGILANCE)
    .map((v) => `${v.days} days (MDR Art. ${v.mdrParagraph})`)
    .join(", ");
  return {
    id: PROVISIONAL_VIGILANCE_ID,
    regime: "mdr",
    stage: "serious_incident_report",
    jurisdiction: "EU",
    recipient: "competent authority, through the electronic system (EUDAMED, manufacturer incident report)",
    startMs: ctx.awareMs,
    dueMs: addDays(ctx.awareMs, shortest.days),
    provisional: true,
    condition: "provisional: whether this is an MDR/IVDR vigilance case is not yet known; decide it on the incident to replace this clock",
    rule: `Not yet known whether the incident is a (potentially) serious incident involving a device. If it is, the report is due ${periods} after becoming aware; the shortest is shown until you decide.`,
    basis: `MDR Art. 87 (provisional, shortest period: Art. ${shortest.mdrParagraph})`,
    confidence: "V2",
    awareMs: ctx.awareMs,
  };
}

function vigilanceSpecs(ctx: Ctx): ObligationSpec[] {
  const device = ctx.input.device;
  if (!device) return [];
  if (device === UNKNOWN) return [provisionalVigilanceSpec(ctx)];
  const aware = device.awareAt === undefined ? ctx.awareMs : (parseInstant(device.awareAt) as number);
  const v = VIGILANCE[device.category];
  const isMdr = device.regulation === "mdr";
  return [
    {
      id: `${device.regulation}.serious_incident_report`,
      regime: device.regulation,
      stage: "serious_incident_report",
      jurisdiction: "EU",
      recipient: "competent authority, through the electronic system (EUDAMED, manufacturer incident report)",
      startMs: aware,
      dueMs: addDays(aware, v.days),
      rule: `${v.rule}. Days are counted as ${v.days} × 24 elapsed hours from the awareness instant.`,
      basis: isMdr ? `MDR Art. ${v.mdrParagraph}` : "IVDR Art. 82 (same 15/2/10-day structure as MDR Art. 87; paragraph not verified)",
      confidence: isMdr ? "V2" : "V3",
      notes: isMdr
        ? [
            "An initial, incomplete report may be submitted first, followed by a complete report (MDR Art. 87(6)).",
            "When unsure whether the incident is reportable, report within the timeframe anyway (MDR Art. 87(7)).",
          ]
        : [
            "An initial, incomplete report may be submitted first, followed by a complete report (IVDR Art. 82, as MDR Art. 87(6)).",
            "When unsure whether the incident is reportable, report within the timeframe anyway (IVDR Art. 82, as MDR Art. 87(7)).",
          ],
      awareMs: aware,
    },
  ];
}

function gdprSpecs(ctx: Ctx): ObligationSpec[] {
  const breach = ctx.input.personalDataBreach;
  if (!breach) return [];
  if (breach === UNKNOWN) {
    return [
      {
        id: PROVISIONAL_GDPR_ID,
        regime: "gdpr",
        stage: "supervisory_authority_notification",
        jurisdiction: "EU",
        recipient: "competent data-protection supervisory authority",
        startMs: ctx.awareMs,
        dueMs: addHours(ctx.awareMs, 72),
        provisional: true,
        condition: "provisional: whether personal data was breached is not yet known; decide it on the incident to replace this clock",
        rule: "Not yet known whether personal data was breached. If it was, notify the supervisory authority without undue delay and, where feasible, not later than 72 hours after becoming aware of the breach.",
        basis: "GDPR Art. 33(1) (provisional)",
        confidence: "V3",
        awareMs: ctx.awareMs,
      },
    ];
  }
  const aware = breach.awareAt === undefined ? ctx.awareMs : (parseInstant(breach.awareAt) as number);
  const base = { regime: "gdpr" as const, jurisdiction: "EU", confidence: "V1" as const, awareMs: aware };
  const specs: ObligationSpec[] = [
    {
      ...base,
      id: "gdpr.supervisory_authority_notification",
      stage: "supervisory_authority_notification",
      recipient: "competent data-protection supervisory authority",
      startMs: aware,
      dueMs: addHours(aware, 72),
      condition: "unless the breach is unlikely to result in a risk to the rights and freedoms of natural persons",
      rule: "Without undue delay and, where feasible, not later than 72 hours after becoming aware of the personal data breach (72 elapsed hours); a later notification must give the reasons for the delay.",
      basis: "GDPR Art. 33(1)",
    },
  ];
  const art34 = {
    ...base,
    id: "gdpr.data_subject_communication",
    stage: "data_subject_communication" as const,
    recipient: "the data subjects concerned",
    startMs: aware,
    noFixedDeadline: true,
  };
  if (breach.highRisk === UNKNOWN) {
    specs.push({
      ...art34,
      provisional: true,
      condition:
        "to be confirmed: whether the breach is likely to result in a high risk to the rights and freedoms of natural persons is not yet known; assess it on the incident",
      rule: "If the breach is likely to result in a high risk, communicate it to the data subjects without undue delay; the GDPR sets no fixed number of hours.",
      basis: "GDPR Art. 34(1) (to be confirmed)",
      confidence: "V3",
    });
  } else if (breach.highRisk) {
    specs.push({
      ...art34,
      condition: "the breach is likely to result in a high risk to the rights and freedoms of natural persons",
      rule: "Without undue delay; the GDPR sets no fixed number of hours for communicating to data subjects.",
      basis: "GDPR Art. 34(1)",
    });
  }
  return specs;
}

function indexSubmissions(input: ParsedClockInput): Map<string, Submission> {
  const byId = new Map<string, Submission>();
  const issues: { path: string; message: string }[] = [];
  input.submissions.forEach((s, i) => {
    if (byId.has(s.obligationId)) {
      issues.push({ path: `submissions[${i}].obligationId`, message: `"${s.obligationId}" is submitted twice` });
    }
    byId.set(s.obligationId, s);
  });
  if (issues.length > 0) throw new IncidentInputError(issues);
  return byId;
}

function checkSubmissionsMatch(input: ParsedClockInput, specs: ObligationSpec[]): void {
  const issues: { path: string; message: string }[] = [];
  input.submissions.forEach((s, i) => {
    const spec = specs.find((o) => o.id === s.obligationId);
    if (!spec) {
      issues.push({
        path: `submissions[${i}].obligationId`,
        message: `no obligation "${s.obligationId}" for this incident; known: ${specs.map((o) => o.id).join(", ")}`,
      });
      return;
    }
    if (spec.provisional) {
      issues.push({
        path: `submissions[${i}].obligationId`,
        message: `"${s.obligationId}" is a provisional clock: first decide whether the regime applies, then record the submission against its obligation`,
      });
      return;
    }
    const at = parseInstant(s.submittedAt) as number;
    if (at < spec.awareMs) {
      issues.push({
        path: `submissions[${i}].submittedAt`,
        message: `submission (${s.submittedAt}) lies before awareness (${iso(spec.awareMs)})`,
      });
    }
  });
  if (issues.length > 0) throw new IncidentInputError(issues);
}

function resolveZone(input: ParsedClockInput, record: MemberStateRecord | undefined): string {
  return input.timeZone ?? record?.timeZone ?? "UTC";
}

/**
 * Every reporting obligation an incident triggers, with deadlines and statuses at `input.now`. National rules
 * come only from `records` (the catalog's transposition records) and apply to incidents whose awareness falls on
 * or after the national law's in-force date. Throws IncidentInputError for inconsistent input. An incident not
 * classified significant yields no NIS2 obligations and `nis2.reportable = false` with the reason (MDR and GDPR
 * clocks still run).
 */
export function computeObligations(raw: unknown, records: NationalRecords): ObligationsResult {
  const input = parseClockInput(raw);
  const country = input.country === undefined ? undefined : canonicalMemberState(input.country);
  const record = country === undefined ? undefined : records.get(country);
  const zone = resolveZone(input, record);
  const awareMs = parseInstant(input.awareAt) as number;
  const submissions = indexSubmissions(input);
  const ctx: Ctx = {
    input,
    awareMs,
    zone,
    submittedAt: (id) => {
      const s = submissions.get(id);
      return s === undefined ? undefined : parseInstant(s.submittedAt);
    },
  };
  const national: NationalContext | undefined = record ? nationalContext(record, awareMs) : undefined;

  const significant = input.significance === "significant";
  const specs: ObligationSpec[] = [
    ...(significant ? nis2Specs(ctx) : []),
    ...(significant && record && national ? nationalSpecs(record, national, ctx) : []),
    ...vigilanceSpecs(ctx),
    ...gdprSpecs(ctx),
    // Intermediate requests recorded on an incident are the NIS2 CSIRT's; a CRA request is not yet recorded apart.
    ...(input.cra ? craObligationSpecs({ ...input.cra, awareAt: input.awareAt, intermediateRequests: [] }, zone, ctx.submittedAt) : []),
  ];
  checkSubmissionsMatch(input, specs);

  const nowMs = parseInstant(input.now) as number;
  const obligations: Obligation[] = specs.map((spec) => applyStatus(spec, submissions.get(spec.id), nowMs));

  const notes = [
    `Hours and days are exact elapsed time from the awareness instant (a daylight-saving switch never moves them); "one month" is calendar arithmetic in ${zone}${national ? ` (${national.name}'s competent authority)` : input.timeZone ? "" : " (no member state given)"}.`,
    "No deadline is extended for weekends or public holidays.",
  ];
  if (country !== undefined && !record) notes.push(`${country}: the catalog holds no transposition record; the Directive's Art. 23 baseline is shown.`);
  if (national && significant) notes.push(...nationalNotes(national));

  return {
    obligations,
    nis2: significant
      ? { reportable: true, reason: "classified significant (NIS2 Art. 23(3)): Art. 23(4) stages apply" }
      : {
          reportable: false,
          reason:
            "not classified significant (NIS2 Art. 23(3)): no Art. 23(4) reporting; keep a record of the incident and its assessment. Voluntary notification remains possible (NIS2 Art. 30).",
        },
    timeZone: zone,
    ...(country !== undefined ? { memberState: country } : {}),
    ...(national ? { national } : {}),
    notes,
  };
}
