import { date, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { createdAt, id, updatedAt } from "../platform/db/columns";
import { customers, sites } from "../customers/schema";

export const deviceModels = pgTable(
  "device_models",
  {
    id: id(),
    name: text("name").notNull(),
    modelNumber: text("model_number").notNull(),
    udiDi: text("udi_di"),
    riskClass: text("risk_class"),
    intendedUse: text("intended_use"),
    connectivity: jsonb("connectivity").$type<string[]>().notNull(),
    softwareSafetyClass: text("software_safety_class"),
    /** medical_device | ivd | accessory | non_device_software | non_device_hardware | service (src/core/cra/regime.ts). */
    kind: text("kind").notNull(),
    /** CRA category where known: default | important_class_i | important_class_ii | critical. */
    craCategory: text("cra_category"),
    /** End of the support period declared under CRA Art. 13(8). */
    supportPeriodEnd: date("support_period_end", { mode: "string" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("device_models_number_idx").on(t.modelNumber), index("device_models_name_id_idx").on(t.name, t.id)],
);

export const softwareVersions = pgTable(
  "software_versions",
  {
    id: id(),
    deviceModelId: text("device_model_id")
      .notNull()
      .references(() => deviceModels.id, { onDelete: "cascade" }),
    version: text("version").notNull(),
    releaseDate: date("release_date", { mode: "string" }),
    /** supported | limited | end_of_support | unknown (nobody has stated it yet, e.g. a version created by an SBOM import). */
    supportStatus: text("support_status").notNull().default("unknown"),
    endOfSupport: date("end_of_support", { mode: "string" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("software_versions_model_version_idx").on(t.deviceModelId, t.version),
    // Keyset paging of versions by number across models, with the id as tie-breaker.
    index("software_versions_version_id_idx").on(t.version, t.id),
  ],
);

/** Which customer site runs which software version, how many units, since when. */
export const installations = pgTable(
  "installations",
  {
    id: id(),
    softwareVersionId: text("software_version_id")
      .notNull()
      .references(() => softwareVersions.id, { onDelete: "cascade" }),
    customerId: text("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    siteId: text("site_id").references(() => sites.id, { onDelete: "set null" }),
    units: integer("units").notNull(),
    since: date("since", { mode: "string" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // With the units, a version's installed units are summed from the index alone (the device list's counts).
    index("installations_version_units_idx").on(t.softwareVersionId, t.units),
    index("installations_customer_idx").on(t.customerId),
  ],
);
