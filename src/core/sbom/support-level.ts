/**
 * A component's level of support and end of support, as FDA's premarket cybersecurity guidance asks for
 * each SBOM component. The level is read only from what a person or the SBOM wrote: words that say it
 * plainly map to one of three levels, anything else stays "unknown" (with the words kept beside it).
 * An end-of-support date in the past does not change the level either; it is reported as its own state.
 */
export const SUPPORT_LEVELS = ["actively_maintained", "no_longer_maintained", "abandoned", "unknown"] as const;
export type SupportLevel = (typeof SUPPORT_LEVELS)[number];

export type EndOfSupportState = "past" | "near" | "ahead" | "unknown";

/** Days before the end of support from which a component counts as near it. */
export const NEAR_END_OF_SUPPORT_DAYS = 180;

const WORDS: Record<Exclude<SupportLevel, "unknown">, string[]> = {
  actively_maintained: ["activelymaintained", "active", "maintained", "supported", "fullysupported", "activesupport"],
  no_longer_maintained: [
    "nolongermaintained",
    "notmaintained",
    "unmaintained",
    "nolongersupported",
    "notsupported",
    "unsupported",
    "endoflife",
    "eol",
    "endofsupport",
    "eos",
    "retired",
  ],
  abandoned: ["abandoned"],
};

export function supportLevelOf(asWritten: string | null | undefined): SupportLevel {
  if (!asWritten) return "unknown";
  const key = asWritten.toLowerCase().replace(/[^a-z]/g, "");
  for (const [level, words] of Object.entries(WORDS)) if (words.includes(key)) return level as SupportLevel;
  return "unknown";
}

/** The ISO date (YYYY-MM-DD) an end-of-support value names, or null when it names none. */
export function endOfSupportDate(asWritten: string | null | undefined): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(asWritten?.trim() ?? "");
  if (!m) return null;
  const t = Date.parse(`${m[1]}T00:00:00Z`);
  return Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== m[1] ? null : m[1];
}

export interface ComponentSupportStatus {
  level: SupportLevel;
  /** The words the level came from, when any were given (also when they map to "unknown"). */
  levelAsWritten: string | null;
  endOfSupport: string | null;
  /** The end-of-support value as written, when it is not a date. */
  endOfSupportAsWritten: string | null;
  endOfSupportState: EndOfSupportState;
}

export function componentSupportStatus(
  input: { supportLevel: string | null; endOfSupport: string | null },
  today: string,
  nearDays = NEAR_END_OF_SUPPORT_DAYS,
): ComponentSupportStatus {
  const endOfSupport = endOfSupportDate(input.endOfSupport);
  let endOfSupportState: EndOfSupportState = "unknown";
  if (endOfSupport) {
    const daysLeft = (Date.parse(endOfSupport) - Date.parse(today)) / 86_400_000;
    endOfSupportState = daysLeft < 0 ? "past" : daysLeft <= nearDays ? "near" : "ahead";
  }
  return {
    level: supportLevelOf(input.supportLevel),
    levelAsWritten: input.supportLevel?.trim() || null,
    endOfSupport,
    endOfSupportAsWritten: endOfSupport === null ? input.endOfSupport?.trim() || null : null,
    endOfSupportState,
  };
}
