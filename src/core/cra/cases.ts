/** The two Art. 14 cases: an actively exploited vulnerability (14(1)–(2)) or a severe incident (14(3)–(5)). */
export const CRA_CASES = ["exploited_vulnerability", "severe_incident"] as const;
export type CraCase = (typeof CRA_CASES)[number];
