import { index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import type { Profile } from "../../core/applicability";
import { id, ts } from "../platform/db/columns";

/**
 * Approved NIS2 applicability assessments: the answers given, the result computed from them with the catalog of
 * the day, when it was assessed and who approved it. Rows are never changed; a new assessment is a new row.
 */
export const applicabilityAssessments = pgTable(
  "applicability_assessments",
  {
    id: id(),
    answers: jsonb("answers").$type<Profile>().notNull(),
    result: jsonb("result").$type<Record<string, unknown>>().notNull(),
    classification: text("classification").notNull(),
    catalogVersion: text("catalog_version").notNull(),
    assessedAt: ts("assessed_at").notNull(),
    approvedById: text("approved_by_id"),
    approvedBy: text("approved_by").notNull(),
  },
  (t) => [index("applicability_assessments_assessed_idx").on(t.assessedAt)],
);
