import { jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import type { ThreatModel } from "../../core/threat-model";
import { softwareVersions } from "../devices/schema";
import { createdAt, id, updatedAt } from "../platform/db/columns";

/**
 * One threat model per software version, stored whole as the validated document (elements, boundaries, flows,
 * threats, controls, acceptance): an import or edit replaces it in one write, so nothing is ever half-written.
 */
export const threatModels = pgTable(
  "threat_models",
  {
    id: id(),
    softwareVersionId: text("software_version_id")
      .notNull()
      .references(() => softwareVersions.id, { onDelete: "cascade" }),
    /** The version whose model this one started from; its current model is what the diff compares against. */
    inheritedFromVersionId: text("inherited_from_version_id").references(() => softwareVersions.id, { onDelete: "set null" }),
    model: jsonb("model").$type<ThreatModel>().notNull(),
    updatedByLabel: text("updated_by_label").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("threat_models_version_idx").on(t.softwareVersionId)],
);
