import { Group, Paper, Select, Stack, Text, Textarea, Title } from "@mantine/core";
import { answerOptions, NOTES_MAX, type StatementAnswer, type StatementSection } from "./security-statement-types";

export type SectionDraft = { answer: StatementAnswer | null; notes: string };

/** One statement section: what to describe, the answer and plain-text notes. */
export function StatementSectionField({
  section,
  index,
  value,
  error,
  readOnly,
  onChange,
}: {
  section: StatementSection;
  index: number;
  value: SectionDraft;
  error?: { answer?: string; notes?: string };
  readOnly: boolean;
  onChange: (next: SectionDraft) => void;
}) {
  return (
    <Paper withBorder p="sm" component="section" aria-label={section.title}>
      <Stack gap={6}>
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={2}>
            <Title order={3} size="h5">
              {index + 1}. {section.title}
            </Title>
            <Text size="xs" c="dimmed">
              {section.prompt}
            </Text>
          </Stack>
          <Select
            aria-label={`Answer: ${section.title}`}
            placeholder="Not answered"
            data={answerOptions}
            value={value.answer}
            onChange={(v) => onChange({ ...value, answer: (v as StatementAnswer | null) ?? null })}
            readOnly={readOnly}
            allowDeselect={false}
            error={error?.answer}
            w={170}
            style={{ flexShrink: 0 }}
          />
        </Group>
        {(!readOnly || value.notes) && (
          <Textarea
            aria-label={`Notes: ${section.title}`}
            placeholder={value.answer === "see_note" ? "Required for “See note”: plain text, no formatting" : "Notes (plain text, optional)"}
            value={value.notes}
            onChange={(e) => onChange({ ...value, notes: e.currentTarget.value })}
            readOnly={readOnly}
            autosize
            minRows={1}
            maxRows={10}
            maxLength={NOTES_MAX}
            error={error?.notes}
            description={!readOnly && value.notes.length > NOTES_MAX - 400 ? `${value.notes.length} / ${NOTES_MAX} characters` : undefined}
          />
        )}
      </Stack>
    </Paper>
  );
}
