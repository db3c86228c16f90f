import { doublePrecision, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id } from "../platform/db/columns";

/** One value of one dashboard metric per calendar day (UTC); the daily job writes them, the trends read them. */
export const metricSnapshots = pgTable(
  "metric_snapshots",
  {
    id: id(),
    day: text("day").notNull(),
    metric: text("metric").notNull(),
    value: doublePrecision("value").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("metric_snapshots_day_metric").on(t.day, t.metric)],
);
