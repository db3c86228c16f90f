import { weaknesses } from "@secvisogram/csaf-validator-lib/cwe.js";

const cweNames = new Map(weaknesses.map((w) => [w.id, w.name]));

/** Official CWE name for an id, from the CWE catalogue csaf-validator-lib checks against (CSAF test 6.1.11). */
export function cweName(id: string): string | undefined {
  return cweNames.get(id);
}
