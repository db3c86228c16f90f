import type { Activity, Designation } from "../../../core/applicability/profile";
import { euMemberStates } from "../../../core/organisation/member-states";

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });

/** The 27 member states as options, "DE — Germany". */
export const memberStateOptions = euMemberStates.map((code) => ({ value: code, label: `${code} — ${regionNames.of(code) ?? code}` }));

/**
 * Activities that make an entity one of the entity types of NIS2 Annex I or II that matter to device
 * manufacturers (Directive (EU) 2022/2555). The keys are those the applicability check reads; the type keeps both in step.
 */
const activityLabels: Record<Activity, string> = {
  medical_devices: "Manufacture of medical devices (MDR Art. 2(1)) — Annex II, 5(a)",
  in_vitro_diagnostics: "Manufacture of in vitro diagnostic medical devices (IVDR Art. 2(2)) — Annex II, 5(a)",
  critical_devices_list: "Devices on the public health emergency critical devices list (Reg. (EU) 2022/123 Art. 22) — Annex I, 5",
  pharmaceutical_manufacturing: "Basic pharmaceutical products and preparations (NACE C21) — Annex I, 5",
  medicinal_rd: "Research and development of medicinal products — Annex I, 5",
  electromedical_equipment: "Computer, electronic and optical products incl. electromedical equipment (NACE C26) — Annex II, 5(b)",
  electrical_equipment: "Manufacture of electrical equipment (NACE C27) — Annex II, 5(c)",
  machinery: "Manufacture of machinery and equipment n.e.c. (NACE C28) — Annex II, 5(d)",
  motor_vehicles: "Manufacture of motor vehicles, trailers and semi-trailers (NACE C29) — Annex II, 5(e)",
  other_transport_equipment: "Manufacture of other transport equipment (NACE C30) — Annex II, 5(f)",
  cloud_computing_service: "Cloud computing service provider — Annex I, 8",
  healthcare_provider: "Healthcare provider — Annex I, 5",
  eu_reference_laboratory: "EU reference laboratory — Annex I, 5",
  research_organisation: "Research organisation — Annex II, 7",
};

/** Identifications by a member state that make an entity essential or important regardless of its size. */
const designationLabels: Record<Designation, string> = {
  designated_essential: "Identified as essential by a member state (Art. 2(2)(b)–(e), Art. 3(1)(e))",
  designated_important: "Identified as important by a member state (Art. 2(2)(b)–(e), Art. 3(2))",
  cer_critical_entity: "Critical entity under the CER Directive (EU) 2022/2557 (Art. 2(3), Art. 3(1)(f))",
  former_nis1_operator_essential: "Former NIS 1 operator of essential services kept essential (Art. 3(1)(g))",
};

const toOptions = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));
export const activityOptions = toOptions(activityLabels);
export const designationOptions = toOptions(designationLabels);
