import { date, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import type { ActionStatus, AssetType, Authority, Cia, HarmSeverity, LifecyclePhase, LinkKind, RiskLevel, RiskStatus, Treatment } from "../../core/risks";
import { deviceModels } from "../devices/schema";
import { createdAt, id, ts, updatedAt } from "../platform/db/columns";

/** The risk register. Ratings are levels of the workspace's matrix (settings key `risks.matrix`). */
export const risks = pgTable(
  "risks",
  {
    id: id(),
    /** Human reference, RISK-001 …; stable, usable as evidence. */
    reference: text("reference").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    asset: text("asset").notNull(),
    assetType: text("asset_type").$type<AssetType>().notNull(),
    phase: text("phase").$type<LifecyclePhase>().notNull(),
    threat: text("threat").notNull().default(""),
    vulnerability: text("vulnerability").notNull().default(""),
    cia: jsonb("cia").$type<Cia>().notNull(),
    patientSafety: text("patient_safety").$type<HarmSeverity>(),
    inherentLikelihood: integer("inherent_likelihood").notNull(),
    inherentImpact: integer("inherent_impact").notNull(),
    residualLikelihood: integer("residual_likelihood"),
    residualImpact: integer("residual_impact"),
    residualJustification: text("residual_justification"),
    treatment: text("treatment").$type<Treatment>(),
    treatmentPlan: text("treatment_plan").notNull().default(""),
    /** The accountable person, by name (people outside Vigil can own risks). */
    owner: text("owner"),
    deviceModelId: text("device_model_id").references(() => deviceModels.id, { onDelete: "set null" }),
    status: text("status").$type<RiskStatus>().notNull().default("open"),
    reviewDate: date("review_date", { mode: "string" }),
    templateId: text("template_id"),
    createdBy: text("created_by"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("risks_reference_idx").on(t.reference),
    index("risks_phase_idx").on(t.phase),
    index("risks_device_model_idx").on(t.deviceModelId),
    // Keyset paging of the register by title and by status, with the id as tie-breaker.
    index("risks_title_id_idx").on(t.title, t.id),
    index("risks_status_id_idx").on(t.status, t.id),
  ],
);

/** Treatment actions with an owner and a due date. */
export const riskActions = pgTable(
  "risk_actions",
  {
    id: id(),
    riskId: text("risk_id")
      .notNull()
      .references(() => risks.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    owner: text("owner"),
    dueDate: date("due_date", { mode: "string" }),
    status: text("status").$type<ActionStatus>().notNull().default("planned"),
    completedAt: ts("completed_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("risk_actions_risk_idx").on(t.riskId)],
);

/** Reviews of a risk: who reviewed, what they concluded and the ratings at that moment. Never edited. */
export const riskReviews = pgTable(
  "risk_reviews",
  {
    id: id(),
    riskId: text("risk_id")
      .notNull()
      .references(() => risks.id, { onDelete: "cascade" }),
    reviewedAt: ts("reviewed_at").notNull(),
    reviewedBy: text("reviewed_by").notNull(),
    notes: text("notes").notNull(),
    snapshot: jsonb("snapshot")
      .$type<{ inherent: { likelihood: number; impact: number; score: number; level: RiskLevel }; residual: { likelihood: number; impact: number; score: number; level: RiskLevel } | null; treatment: Treatment | null; status: RiskStatus }>()
      .notNull(),
    nextReviewDate: date("next_review_date", { mode: "string" }),
    createdAt: createdAt(),
  },
  (t) => [index("risk_reviews_risk_idx").on(t.riskId, t.reviewedAt)],
);

/** Formal acceptance of a residual risk by a named person with authority. Never edited; a new one supersedes. */
export const riskAcceptances = pgTable(
  "risk_acceptances",
  {
    id: id(),
    riskId: text("risk_id")
      .notNull()
      .references(() => risks.id, { onDelete: "cascade" }),
    acceptedBy: text("accepted_by").notNull(),
    authority: text("authority").$type<Authority>().notNull(),
    statement: text("statement").notNull(),
    benefitRisk: text("benefit_risk"),
    acceptedAt: ts("accepted_at").notNull(),
    validUntil: date("valid_until", { mode: "string" }),
    /** Score and level of the risk when it was accepted. */
    score: integer("score").notNull(),
    level: text("level").$type<RiskLevel>().notNull(),
    recordedBy: text("recorded_by").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("risk_acceptances_risk_idx").on(t.riskId, t.acceptedAt)],
);

/**
 * Links from a risk to other records by (kind, id): controls, findings, incidents, device models, suppliers, plans,
 * catalog requirements. No foreign key, so that a link survives modules that come and go.
 */
export const riskLinks = pgTable(
  "risk_links",
  {
    id: id(),
    riskId: text("risk_id")
      .notNull()
      .references(() => risks.id, { onDelete: "cascade" }),
    kind: text("kind").$type<LinkKind>().notNull(),
    refId: text("ref_id").notNull(),
    note: text("note"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("risk_links_unique_idx").on(t.riskId, t.kind, t.refId), index("risk_links_ref_idx").on(t.kind, t.refId)],
);
