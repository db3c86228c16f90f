import { Button, Group, Modal, Select, Stack, TextInput } from "@mantine/core";
import { useState } from "react";
import { DateField } from "../../components/DateField";
import type { ThreatModel } from "./types";

export type Verification = ThreatModel["controls"][number]["verifications"][number];

export const VERIFICATION_RESULTS = [
  { value: "not_run", label: "Not run" },
  { value: "pass", label: "Passed" },
  { value: "fail", label: "Failed" },
];
export const METHODS = [
  { value: "test", label: "Test" },
  { value: "penetration_test", label: "Penetration test" },
  { value: "fuzz_test", label: "Fuzz test" },
  { value: "static_analysis", label: "Static analysis" },
  { value: "review", label: "Review" },
  { value: "inspection", label: "Inspection" },
];
export const resultLabel = (result: string) => VERIFICATION_RESULTS.find((r) => r.value === result)?.label ?? result;
export const methodLabel = (method: string | null) => (method === null ? "method not stated" : (METHODS.find((m) => m.value === method)?.label ?? method));

/**
 * One verification of a control: test case, method, result, evidence and date. A new one has no method and the result
 * "not run": a test nobody reported is never recorded as passed.
 */
export function VerificationEditor({ control, verification, onClose, onSave }: { control: string; verification: Verification | null; onClose: () => void; onSave: (next: Verification) => void }) {
  const [draft, setDraft] = useState<{ testCaseId: string; method: string | null; result: string; evidence: string; date: string }>({
    testCaseId: verification?.testCaseId ?? "",
    method: verification?.method ?? null,
    result: verification?.result ?? "not_run",
    evidence: verification?.evidence ?? "",
    date: verification?.date ?? "",
  });
  const complete = Boolean(draft.testCaseId.trim() && draft.method);
  return (
    <Modal opened onClose={onClose} title={`Verification of ${control}`} size="lg">
      <Stack gap="sm">
        <TextInput label="Test case id" required value={draft.testCaseId} onChange={(e) => setDraft({ ...draft, testCaseId: e.currentTarget.value })} />
        <Select label="Method" required placeholder="Choose how it was verified" data={METHODS} value={draft.method} onChange={(method) => setDraft({ ...draft, method })} />
        <Select label="Result" data={VERIFICATION_RESULTS} value={draft.result} allowDeselect={false} onChange={(result) => setDraft({ ...draft, result: result ?? "not_run" })} />
        <TextInput label="Evidence" description="A link to the test report or its document reference" value={draft.evidence} onChange={(e) => setDraft({ ...draft, evidence: e.currentTarget.value })} />
        <DateField label="Date of the verification" value={draft.date} onChange={(date) => setDraft({ ...draft, date })} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button
            disabled={!complete}
            onClick={() => onSave({ testCaseId: draft.testCaseId.trim(), method: draft.method, result: draft.result, evidence: draft.evidence.trim(), date: draft.date || null })}
          >
            Save verification
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
