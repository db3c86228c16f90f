import { bigint, index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, id } from "../platform/db/columns";

/** History of every document produced from the Reports page, the API or the CLI: what, by whom, when, its hash. */
export const generatedReports = pgTable(
  "generated_reports",
  {
    id: id(),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    fileName: text("file_name").notNull(),
    mediaType: text("media_type").notNull(),
    size: bigint("size", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    /** Period or options the document was produced for. */
    parameters: jsonb("parameters").$type<Record<string, unknown>>().notNull(),
    generatedBy: text("generated_by").notNull(),
    generatedAt: createdAt(),
  },
  (t) => [index("generated_reports_generated_at").on(t.generatedAt)],
);
