import { jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { updatedAt } from "../platform/db/columns";

/** Workspace-wide settings as named JSON values (SLA tables, CVD policy, SMTP…). */
export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: updatedAt(),
});
