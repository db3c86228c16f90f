import type { Catalog } from "../catalog";
import { basisOf, type LegalBasis } from "./basis";
import type { MemberStateAssessment } from "./member-states";

export interface AssessmentKeyDate {
  date: string;
  title: string;
  country: string | null;
  status: "past" | "today" | "upcoming";
  basis: LegalBasis | null;
  note: string | null;
}

function statusOf(date: string, today: string): AssessmentKeyDate["status"] {
  return date < today ? "past" : date === today ? "today" : "upcoming";
}

/** Directive-level key dates from the catalog plus national application and registration dates, in date order. */
export function keyDatesFor(
  catalog: Catalog,
  memberStates: readonly MemberStateAssessment[],
  today: string,
): AssessmentKeyDate[] {
  const out: AssessmentKeyDate[] = catalog.keyDates.map((k) => ({
    date: k.date,
    title: k.title,
    country: null,
    status: statusOf(k.date, today),
    basis: k.refs && k.refs.length > 0 ? basisOf(catalog, k.refs, k.confidence) : null,
    note: [k.source.ref, k.note].filter(Boolean).join("; ") || null,
  }));
  for (const ms of memberStates) {
    if (!ms.isEuMemberState) continue;
    if (ms.inForceSince) {
      out.push({
        date: ms.inForceSince,
        title: `${ms.country}: national NIS2 law applies (${ms.law})`,
        country: ms.country,
        status: statusOf(ms.inForceSince, today),
        basis: null,
        note: `confidence ${ms.confidence}; status as seen on ${ms.statusDate}`,
      });
    }
    if (ms.registration.required && ms.registration.deadline) {
      out.push({
        date: ms.registration.deadline,
        title: `${ms.country}: registration deadline`,
        country: ms.country,
        status: statusOf(ms.registration.deadline, today),
        basis: ms.registration.basis,
        note: ms.registration.text,
      });
    }
  }
  return out.sort((a, b) => a.date.localeCompare(b.date) || a.title.localeCompare(b.title));
}
