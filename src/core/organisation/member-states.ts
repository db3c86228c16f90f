/** The 27 EU member states as ISO 3166-1 alpha-2 codes (Greece is GR here; EU documents also write EL). */
export const euMemberStates = [
  "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
  "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE",
] as const;
export type MemberState = (typeof euMemberStates)[number];
