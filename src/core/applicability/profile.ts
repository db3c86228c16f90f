import { z } from "zod";
import { ISO_3166_ALPHA2 } from "../catalog/countries";

/** Activities that make an entity one of the NIS2 Annex I or II entity types relevant to device manufacturers. */
export const ACTIVITIES = [
  "medical_devices",
  "in_vitro_diagnostics",
  "critical_devices_list",
  "pharmaceutical_manufacturing",
  "medicinal_rd",
  "electromedical_equipment",
  "electrical_equipment",
  "machinery",
  "motor_vehicles",
  "other_transport_equipment",
  "cloud_computing_service",
  "healthcare_provider",
  "eu_reference_laboratory",
  "research_organisation",
] as const;
export type Activity = (typeof ACTIVITIES)[number];

/** Activities of the entity types listed in Implementing Regulation (EU) 2024/2690 Art. 1 and NIS2 Art. 26(1)(b). */
export const REG_2024_2690_ACTIVITIES: readonly Activity[] = ["cloud_computing_service"];

/** For the significance assessment: whether the organisation is an entity type Reg. 2024/2690 binds. */
export function significanceEntityType(profile: Pick<Profile, "activities">): "medical_device_manufacturer" | "reg_2024_2690_entity" {
  return profile.activities.some((a) => REG_2024_2690_ACTIVITIES.includes(a)) ? "reg_2024_2690_entity" : "medical_device_manufacturer";
}

/**
 * Identifications made by a Member State: essential or important under Art. 2(2)(b)–(e), critical entity under the
 * CER Directive (Art. 2(3)), or former NIS 1 operator of essential services kept essential by the Member State
 * (Art. 3(1)(g)).
 */
export const DESIGNATIONS = [
  "designated_essential",
  "designated_important",
  "cer_critical_entity",
  "former_nis1_operator_essential",
] as const;
export type Designation = (typeof DESIGNATIONS)[number];

const amount = (what: string) =>
  z
    .number({
      error: (iss) =>
        iss.input === undefined
          ? `${what} is required`
          : typeof iss.input === "number"
            ? `${what} must be a finite number`
            : `${what} must be a number`,
    })
    .nonnegative(`${what} cannot be negative`);

const countryCode = z
  .string({ error: "must be a country code string" })
  .refine((c) => ISO_3166_ALPHA2.has(c), {
    error: (iss) => {
      const input = String(iss.input);
      if (input === "EL") return 'unknown country code "EL": ISO 3166-1 uses "GR" for Greece';
      if (input === "UK") return 'unknown country code "UK": ISO 3166-1 uses "GB" for the United Kingdom';
      if (/^[a-z]{2}$/.test(input) && ISO_3166_ALPHA2.has(input.toUpperCase())) {
        return `unknown country code "${input}": use upper case "${input.toUpperCase()}"`;
      }
      return `unknown country code "${input}" (expected ISO 3166-1 alpha-2, e.g. DE)`;
    },
  });

function noDuplicates<T>(label: string) {
  return (list: T[], ctx: z.RefinementCtx) => {
    const seen = new Set<T>();
    list.forEach((v, i) => {
      if (seen.has(v)) ctx.addIssue({ code: "custom", message: `duplicate ${label} "${String(v)}"`, path: [i] });
      seen.add(v);
    });
  };
}

function noContradictions(list: Designation[], ctx: z.RefinementCtx): void {
  const d = new Set(list);
  if (d.has("designated_essential") && d.has("designated_important")) {
    ctx.addIssue({
      code: "custom",
      message: "contradictory designations: an entity is identified as either essential or important, not both",
    });
  }
  if (d.has("designated_important") && (d.has("cer_critical_entity") || d.has("former_nis1_operator_essential"))) {
    ctx.addIssue({
      code: "custom",
      message:
        "contradictory designations: CER critical entities and retained NIS 1 operators are essential (Art. 3(1)(f)–(g)), not important",
    });
  }
}

export const profileSchema = z
  .strictObject({
    establishments: z
      .array(countryCode, { error: "establishments must be a list of ISO 3166-1 alpha-2 codes" })
      .min(1, "list at least one country of establishment")
      .superRefine(noDuplicates("country")),
    /** Staff in annual work units (full-time equivalents), group-consolidated where the SME rules require it. */
    staffHeadcount: amount("staffHeadcount"),
    annualTurnoverEur: amount("annualTurnoverEur"),
    balanceSheetTotalEur: amount("balanceSheetTotalEur"),
    activities: z
      .array(
        z.enum(ACTIVITIES, { error: (iss) => `unknown activity "${String(iss.input)}" (known: ${ACTIVITIES.join(", ")})` }),
        { error: "activities must be a list" },
      )
      .superRefine(noDuplicates("activity")),
    designations: z
      .array(
        z.enum(DESIGNATIONS, {
          error: (iss) => `unknown designation "${String(iss.input)}" (known: ${DESIGNATIONS.join(", ")})`,
        }),
        { error: "designations must be a list" },
      )
      .superRefine(noDuplicates("designation"))
      .superRefine(noContradictions)
      .default([]),
    /** Offers services in the Union (matters without an EU establishment: NIS2 Art. 26(3)–(4)). */
    offersServicesInEu: z.boolean({ error: "offersServicesInEu must be true or false" }).default(false),
  });

export type Profile = z.infer<typeof profileSchema>;
export type ProfileInput = z.input<typeof profileSchema>;

export interface ProfileFieldError {
  /** e.g. `establishments[1]`, `annualTurnoverEur` */
  path: string;
  message: string;
}

function fieldPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) out += typeof key === "number" ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out || "(profile)";
}

/** Validate an untrusted profile; field-level errors on failure. */
export function parseProfile(
  input: unknown,
): { ok: true; profile: Profile } | { ok: false; errors: ProfileFieldError[] } {
  const result = profileSchema.safeParse(input);
  if (result.success) return { ok: true, profile: result.data };
  const errors: ProfileFieldError[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        errors.push({ path: fieldPath([...issue.path, key]), message: `unknown field "${key}"` });
      }
    } else if (issue.code === "invalid_type" && issue.path.length === 0) {
      errors.push({ path: "(profile)", message: "profile must be a JSON object" });
    } else {
      errors.push({ path: fieldPath(issue.path), message: issue.message });
    }
  }
  return { ok: false, errors };
}
