import { index, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, ts, updatedAt } from "../platform/db/columns";
import { incidents } from "./schema";

export const MIR_TYPES = ["initial", "follow_up", "final"] as const;
export type MirType = (typeof MIR_TYPES)[number];

export const FSCA_STATUSES = ["planned", "in_progress", "completed", "cancelled"] as const;
export type FscaStatus = (typeof FSCA_STATUSES)[number];

/** Manufacturer incident reports (MDR Art. 87 / IVDR Art. 82) sent to a competent authority, with their own dates. */
export const incidentMirReports = pgTable(
  "incident_mir_reports",
  {
    id: id(),
    incidentId: text("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    /** The manufacturer's or the authority's MIR reference number. */
    reference: text("reference").notNull(),
    type: text("type").$type<MirType>().notNull(),
    submittedAt: ts("submitted_at").notNull(),
    competentAuthority: text("competent_authority").notNull(),
    notes: text("notes"),
    recordedBy: text("recorded_by").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("incident_mir_reports_incident_idx").on(t.incidentId, t.submittedAt)],
);

/** Field safety corrective actions (MDR Art. 89) taken for an incident, with the field safety notice's date. */
export const incidentFscas = pgTable(
  "incident_fscas",
  {
    id: id(),
    incidentId: text("incident_id")
      .notNull()
      .references(() => incidents.id, { onDelete: "cascade" }),
    reference: text("reference").notNull(),
    description: text("description").notNull().default(""),
    startedAt: ts("started_at").notNull(),
    fieldSafetyNoticeSentAt: ts("field_safety_notice_sent_at"),
    /** Software versions of the inventory the action covers (checked on write). */
    affectedVersionIds: jsonb("affected_version_ids").$type<string[]>().notNull(),
    /** Further detail on the devices concerned: serial or lot ranges, sites. */
    affectedDevices: text("affected_devices"),
    status: text("status").$type<FscaStatus>().notNull(),
    completedAt: ts("completed_at"),
    recordedBy: text("recorded_by").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("incident_fscas_reference_idx").on(t.incidentId, t.reference), index("incident_fscas_incident_idx").on(t.incidentId)],
);
