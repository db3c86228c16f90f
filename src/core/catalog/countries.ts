/** The 27 EU Member States (ISO 3166-1 alpha-2; Greece is GR, not the EU's "EL"). */
export const EU_MEMBER_STATES = [
  "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
  "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
] as const;

export type EuMemberState = (typeof EU_MEMBER_STATES)[number];

/** All officially assigned ISO 3166-1 alpha-2 codes (249). */
export const ISO_3166_ALPHA2: ReadonlySet<string> = new Set(
  (
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
    "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR " +
    "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO " +
    "JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR " +
    "MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO " +
    "RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV " +
    "TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"
  ).split(" "),
);

const euSet: ReadonlySet<string> = new Set(EU_MEMBER_STATES);

export function isEuMemberState(code: string): code is EuMemberState {
  return euSet.has(code);
}

/** An EU Member State code as the catalog keys it: upper case, the EU's "EL" read as Greece's ISO code GR. */
export function canonicalMemberState(code: string): EuMemberState | undefined {
  const upper = code.trim().toUpperCase();
  const canonical = upper === "EL" ? "GR" : upper;
  return isEuMemberState(canonical) ? canonical : undefined;
}

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });

/** The English short name of a country code (e.g. "Portugal" for PT). */
export function countryName(code: string): string {
  return regionNames.of(code) ?? code;
}
