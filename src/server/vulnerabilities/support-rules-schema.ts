import { date, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import type { SupportLevel } from "../../core/sbom";
import { createdAt, id, updatedAt } from "../platform/db/columns";

/** A rule stating the support of every component its purl pattern (and version range) covers (see core/sbom/support-rules). */
export const supportRules = pgTable(
  "support_rules",
  {
    id: id(),
    name: text("name").notNull(),
    purlPattern: text("purl_pattern").notNull(),
    versionRange: text("version_range"),
    level: text("level").$type<SupportLevel>().notNull(),
    endOfSupport: date("end_of_support", { mode: "string" }),
    note: text("note"),
    createdBy: text("created_by").notNull(),
    updatedBy: text("updated_by").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("support_rules_name_idx").on(t.name)],
);
