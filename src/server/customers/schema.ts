import { pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "../platform/db/columns";

/** Healthcare delivery organisations (HDOs) that run the manufacturer's devices. */
export const customers = pgTable("customers", {
  id: id(),
  name: text("name").notNull(),
  country: text("country"),
  contactEmail: text("contact_email"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const sites = pgTable("sites", {
  id: id(),
  customerId: text("customer_id")
    .notNull()
    .references(() => customers.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  city: text("city"),
  country: text("country"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
