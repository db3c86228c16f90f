/**
 * EU member states as far as incident reporting needs them: the zone in which the competent
 * authority counts calendar dates (capital's zone), the CSIRT and the transposition status.
 * Source: /work/shared/reference/nis2-mdm-facts.md §4 (national transposition trackers, mostly
 * V3 = secondary sources). `confidence` carries the reference's tag so the UI can show it.
 */

export type Confidence = "V1" | "V2" | "V3" | "UNVERIFIED";

export type MemberState = {
  code: string;
  name: string;
  timeZone: string;
  csirt: string;
  /** Transposition status in the reference's words. */
  inForce: string;
  /** True where the reference says the national NIS2 law is not yet applicable. */
  notYetApplicable: boolean;
  confidence: Confidence;
};

const ms = (
  code: string,
  name: string,
  timeZone: string,
  csirt: string,
  inForce: string,
  confidence: Confidence,
  notYetApplicable = false,
): MemberState => ({ code, name, timeZone, csirt, inForce, notYetApplicable, confidence });

export const MEMBER_STATES: readonly MemberState[] = [
  ms("AT", "Austria", "Europe/Vienna", "GovCERT Austria; CERT.at", "NISG 2026 in force 2026-10-01 (NISG 2018 until 2026-09-30)", "V3"),
  ms("BE", "Belgium", "Europe/Brussels", "CCB / CERT.be", "in force 2024-10-18", "V3"),
  ms("BG", "Bulgaria", "Europe/Sofia", "CERT Bulgaria", "reported transposed 2025", "UNVERIFIED"),
  ms("HR", "Croatia", "Europe/Zagreb", "CERT.hr / national CERT", "in force 2024-02-15 (approx.)", "V3"),
  ms("CY", "Cyprus", "Asia/Nicosia", "CSIRT-CY", "in force 2025", "V3"),
  ms("CZ", "Czechia", "Europe/Prague", "NÚKIB (GovCERT.CZ) / CSIRT.CZ", "in force 2025-11-01", "V3"),
  ms("DK", "Denmark", "Europe/Copenhagen", "Centre for Cyber Security (CFCS)", "in force 2025-07-01", "V3"),
  ms("EE", "Estonia", "Europe/Tallinn", "CERT-EE (RIA)", "in force 2026-01-01", "V3"),
  ms("FI", "Finland", "Europe/Helsinki", "NCSC-FI (Traficom)", "in force 2025-04-08", "V3"),
  ms("FR", "France", "Europe/Paris", "CERT-FR (ANSSI)", "not in force per latest sources (Mar–Jun 2026)", "V3", true),
  ms("DE", "Germany", "Europe/Berlin", "BSI", "in force 2025-12-06", "V3"),
  ms("GR", "Greece", "Europe/Athens", "National Cybersecurity Authority", "in force 2024-11-27", "V3"),
  ms("HU", "Hungary", "Europe/Budapest", "NKI / National Cyber Defence Institute (unverified)", "in force 2025-01-01", "V3"),
  ms("IE", "Ireland", "Europe/Dublin", "NCSC (CSIRT-IE)", "not in force per latest sources (Sep 2025)", "V3", true),
  ms("IT", "Italy", "Europe/Rome", "CSIRT Italia", "in force 2024-10-16 (staged applicability)", "V3"),
  ms("LV", "Latvia", "Europe/Riga", "CERT.LV", "in force 2024-09-01", "V3"),
  ms("LT", "Lithuania", "Europe/Vilnius", "NKSC", "in force 2024-10-18", "V3"),
  ms("LU", "Luxembourg", "Europe/Luxembourg", "CIRCL (private sector), GOVCERT.LU (public)", "2025 (exact title unverified)", "UNVERIFIED"),
  ms("MT", "Malta", "Europe/Malta", "unknown", "unknown", "UNVERIFIED"),
  ms("NL", "Netherlands", "Europe/Amsterdam", "NCSC-NL", "passed parliament 2026; entry into force to confirm", "V3"),
  ms("PL", "Poland", "Europe/Warsaw", "CSIRT NASK / CSIRT GOV / CSIRT MON", "in force 2026-04-03", "V3"),
  ms("PT", "Portugal", "Europe/Lisbon", "CERT.PT (CNCS)", "in force 2026-04-03", "V3"),
  ms("RO", "Romania", "Europe/Bucharest", "DNSC", "late 2024/early 2025", "V3"),
  ms("SK", "Slovakia", "Europe/Bratislava", "SK-CERT (unverified)", "in force 2025-01-01", "V3"),
  ms("SI", "Slovenia", "Europe/Ljubljana", "SI-CERT (unverified)", "in force 2025-06-19", "V3"),
  ms("ES", "Spain", "Europe/Madrid", "INCIBE-CERT (private), CCN-CERT (public)", "not in force per latest sources (2025–Mar 2026)", "V3", true),
  ms("SE", "Sweden", "Europe/Stockholm", "CSIRT unit at MCF (CERT-SE)", "in force 2026-01-15", "V3"),
];

/** Greece is "EL" in EU usage and "GR" in ISO 3166; both are accepted. */
const ALIASES: Record<string, string> = { EL: "GR" };

export function findMemberState(code: string): MemberState | undefined {
  const upper = code.trim().toUpperCase();
  const canonical = ALIASES[upper] ?? upper;
  return MEMBER_STATES.find((m) => m.code === canonical);
}
