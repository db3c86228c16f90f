// Type declarations for the parts of @secvisogram/csaf-validator-lib used here (the package ships JavaScript only).

declare module "@secvisogram/csaf-validator-lib/validate.js" {
  export interface CsafTestMessage {
    message: string;
    instancePath: string;
  }
  export interface CsafTestResult {
    name: string;
    isValid: boolean;
    errors: CsafTestMessage[];
    warnings: CsafTestMessage[];
    infos: CsafTestMessage[];
  }
  export type CsafDocumentTest = ((doc: unknown) => unknown) & { name: string };
  export default function validate(
    tests: CsafDocumentTest[],
    doc: unknown,
  ): Promise<{ isValid: boolean; tests: CsafTestResult[] }>;
}

declare module "@secvisogram/csaf-validator-lib/mandatoryTests.js" {
  import type { CsafDocumentTest } from "@secvisogram/csaf-validator-lib/validate.js";
  const tests: Record<string, CsafDocumentTest>;
  export = tests;
}

declare module "@secvisogram/csaf-validator-lib/schemaTests.js" {
  import type { CsafDocumentTest } from "@secvisogram/csaf-validator-lib/validate.js";
  export const csaf_2_0_strict: CsafDocumentTest;
  export const csaf_2_0: CsafDocumentTest;
}

declare module "@secvisogram/csaf-validator-lib/cwe.js" {
  export const weaknesses: ReadonlyArray<{ id: string; name: string }>;
}
