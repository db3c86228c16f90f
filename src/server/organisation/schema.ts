import { bigint, integer, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { updatedAt } from "../platform/db/columns";

/** The manufacturer's own profile; one row. NIS2 applicability is computed from it. */
export const organisationProfile = pgTable("organisation_profile", {
  id: text("id").primaryKey(),
  legalName: text("legal_name").notNull(),
  mainEstablishment: text("main_establishment"),
  otherMemberStates: jsonb("other_member_states").$type<string[]>().notNull(),
  staffHeadcount: integer("staff_headcount"),
  annualTurnoverEur: bigint("annual_turnover_eur", { mode: "number" }),
  balanceSheetTotalEur: bigint("balance_sheet_total_eur", { mode: "number" }),
  productLines: jsonb("product_lines").$type<string[]>().notNull(),
  activities: jsonb("activities").$type<string[]>().notNull(),
  designations: jsonb("designations").$type<string[]>().notNull(),
  updatedAt: updatedAt(),
});
