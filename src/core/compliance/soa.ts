import type { Catalog } from "../catalog";
import type { ControlState, Derivation, RequirementStatus } from "./derive";

export const ANNEX_A_ID = /^iso27001:A\.\d+\.\d+$/;

export interface SoaRow {
  id: string;
  /** "A.5.1" */
  control: string;
  title: string;
  theme: string;
  applicable: boolean;
  justification: string;
  implemented: "yes" | "partly" | "no" | "not applicable";
  status: RequirementStatus;
  needsReview: boolean;
  controls: { id: string; title: string; status: string; relationship: string }[];
}

const implementedOf: Record<RequirementStatus, SoaRow["implemented"]> = {
  met: "yes",
  partial: "partly",
  not_met: "no",
  unmapped: "no",
  not_applicable: "not applicable",
};

/**
 * Statement of Applicability rows: exactly the Annex A controls of the catalog, in catalog order. A control is
 * excluded only when every organisation control mapped to it is excluded; the justification then joins theirs.
 */
export function buildSoaRows(
  catalog: Catalog,
  derivations: ReadonlyMap<string, Derivation>,
  controls: ReadonlyMap<string, ControlState & { justification?: string | null }>,
): SoaRow[] {
  const annexA = (catalog.itemsByFramework.get("iso27001") ?? []).filter((i) => ANNEX_A_ID.test(i.id));
  return annexA.map((item) => {
    const d = derivations.get(item.id);
    const status: RequirementStatus = d?.status ?? "unmapped";
    const linked = (d?.contributions ?? []).map((c) => ({
      id: c.control,
      title: controls.get(c.control)?.title ?? c.control,
      status: c.controlStatus,
      relationship: c.relationship,
    }));
    const applicable = status !== "not_applicable";
    const justification = applicable
      ? linked.length > 0
        ? `Selected to treat information security risks; implemented through ${linked.map((l) => l.id).join(", ")}.`
        : "Selected; no organisation control is mapped yet."
      : [...new Set(linked.map((l) => controls.get(l.id)?.justification?.trim()).filter((j): j is string => !!j))].join(" ") ||
        "Excluded: every mapped control is not applicable.";
    return {
      id: item.id,
      control: item.id.slice("iso27001:".length),
      title: item.title,
      theme: catalog.items.get(item.parent ?? "")?.title ?? "",
      applicable,
      justification,
      implemented: implementedOf[status],
      status,
      needsReview: d?.needsReview ?? false,
      controls: linked,
    };
  });
}
