import { euMemberStates } from "../../../core/organisation/member-states";

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });

/** The 27 member states as options, "DE — Germany". */
export const memberStateOptions = euMemberStates.map((code) => ({ value: code, label: `${code} — ${regionNames.of(code) ?? code}` }));

/**
 * Activities that make an entity one of the entity types of NIS2 Annex I or II that matter to device
 * manufacturers (Directive (EU) 2022/2555). The values are those the applicability check reads.
 */
export const activityOptions = [
  { value: "medical_devices", label: "Manufacture of medical devices (MDR Art. 2(1)) — Annex II, 5(a)" },
  { value: "in_vitro_diagnostics", label: "Manufacture of in vitro diagnostic medical devices (IVDR Art. 2(2)) — Annex II, 5(a)" },
  { value: "critical_devices_list", label: "Devices on the public health emergency critical devices list (Reg. (EU) 2022/123 Art. 22) — Annex I, 5" },
  { value: "pharmaceutical_manufacturing", label: "Basic pharmaceutical products and preparations (NACE C21) — Annex I, 5" },
  { value: "medicinal_rd", label: "Research and development of medicinal products — Annex I, 5" },
  { value: "electromedical_equipment", label: "Computer, electronic and optical products incl. electromedical equipment (NACE C26) — Annex II, 5(b)" },
  { value: "cloud_computing_service", label: "Cloud computing service provider — Annex I, 8" },
  { value: "healthcare_provider", label: "Healthcare provider — Annex I, 5" },
  { value: "eu_reference_laboratory", label: "EU reference laboratory — Annex I, 5" },
  { value: "research_organisation", label: "Research organisation — Annex II, 7" },
];

/** Identifications by a member state that make an entity essential or important regardless of its size. */
export const designationOptions = [
  { value: "designated_essential", label: "Identified as essential by a member state (Art. 2(2)(b)–(e), Art. 3(1)(e))" },
  { value: "designated_important", label: "Identified as important by a member state (Art. 2(2)(b)–(e), Art. 3(2))" },
  { value: "cer_critical_entity", label: "Critical entity under the CER Directive (EU) 2022/2557 (Art. 2(3), Art. 3(1)(f))" },
  { value: "former_nis1_operator_essential", label: "Former NIS 1 operator of essential services kept essential (Art. 3(1)(g))" },
];
