import { z } from "zod";
import { CRA_CATEGORIES, PRODUCT_KINDS, type ProductKind, type ProductRegime, productRegime } from "../../core/cra/regime";
import { badRequest } from "../platform/http/errors";

/** Body fields of a device model that decide its regulatory regime. */
export const regimeFields = {
  kind: z.enum(PRODUCT_KINDS).optional(),
  craCategory: z.enum(CRA_CATEGORIES).nullable().optional(),
  supportPeriodEnd: z.iso.date({ message: "must be a date YYYY-MM-DD" }).nullable().optional(),
};

export const regimeView = z.object({
  regime: z.enum(["mdr", "ivdr", "cra", "none"]),
  cra: z.enum(["excluded", "in_scope", "not_a_product", "out_of_scope"]),
  label: z.string(),
  reasons: z.array(z.object({ text: z.string(), basis: z.string(), confidence: z.string() })),
  category: z.string().nullable(),
  supportPeriodEnd: z.string().nullable(),
});

type ModelFields = { kind: string; riskClass: string | null; connectivity: string[]; craCategory: string | null; supportPeriodEnd: string | null };

const DEVICE_KINDS: readonly string[] = ["medical_device", "ivd", "accessory"];
const IVD_CLASSES = ["A", "B", "C", "D"];

/**
 * Refuses combinations that contradict the product's kind: an MDR/IVDR class on a product that is not a device,
 * a CRA category or support period on a device (the CRA does not apply to it), a class of the wrong regulation.
 */
export function checkRegimeFields(m: ModelFields): void {
  const isDevice = DEVICE_KINDS.includes(m.kind);
  const problems: { path: string; message: string }[] = [];
  if (!isDevice && m.riskClass) {
    problems.push({ path: "riskClass", message: `a ${m.kind.replaceAll("_", " ")} has no MDR/IVDR class; clear riskClass or choose the kind medical_device, ivd or accessory` });
  }
  if (m.kind === "medical_device" && m.riskClass && IVD_CLASSES.includes(m.riskClass)) {
    problems.push({ path: "riskClass", message: `class ${m.riskClass} is an IVDR class; choose the kind ivd or an MDR class (I … III)` });
  }
  if (m.kind === "ivd" && m.riskClass && !IVD_CLASSES.includes(m.riskClass)) {
    problems.push({ path: "riskClass", message: `class ${m.riskClass} is an MDR class; an IVD has class A, B, C or D` });
  }
  if (isDevice && m.craCategory) {
    problems.push({ path: "craCategory", message: "the CRA does not apply to a product under the MDR or IVDR (CRA Art. 2(2)); clear craCategory or change the kind" });
  }
  if (isDevice && m.supportPeriodEnd) {
    problems.push({ path: "supportPeriodEnd", message: "the CRA support period (Art. 13(8)) applies only to products in the CRA's scope; clear supportPeriodEnd or change the kind" });
  }
  if (problems.length > 0) throw badRequest(problems.map((p) => `${p.path}: ${p.message}`).join("; "), problems);
}

export function regimeOf(m: ModelFields): ProductRegime {
  return productRegime({
    kind: m.kind as ProductKind,
    riskClass: m.riskClass,
    connectivity: m.connectivity,
    craCategory: m.craCategory as ProductRegime["category"],
    supportPeriodEnd: m.supportPeriodEnd,
  });
}
