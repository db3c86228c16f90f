import { Button, Group, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { formatDate, todayIso } from "../../components/format";
import type { ThreatModel } from "./types";

type Acceptance = { acceptedBy: string; role: string; statement: string; benefitRisk: string; acceptedAt: string };

/** Residual risk and benefit-risk acceptance for the version: shown as recorded, or a form that asks for every part of it. */
export function AcceptanceSection({ model, canEdit, onSave }: { model: ThreatModel; canEdit: boolean; onSave: (acceptance: Acceptance | null) => void }) {
  const current = model.acceptance as Acceptance | null;
  const [draft, setDraft] = useState<Acceptance>({ acceptedBy: "", role: "", statement: "", benefitRisk: "", acceptedAt: todayIso() });
  const complete = Object.values(draft).every((x) => x.trim() !== "");
  return (
    <Stack gap="xs">
      <Title order={3}>Residual risk acceptance</Title>
      {current ? (
        <Stack gap={2} aria-label="Recorded acceptance">
          <Text size="sm">
            Accepted by {current.acceptedBy} ({current.role}) on {formatDate(current.acceptedAt)}
          </Text>
          <Text size="sm">{current.statement}</Text>
          <Text size="sm">Benefit-risk: {current.benefitRisk}</Text>
          {canEdit && (
            <Group>
              <Button size="xs" variant="default" onClick={() => onSave(null)}>
                Withdraw acceptance
              </Button>
            </Group>
          )}
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          Not accepted for this version.
        </Text>
      )}
      {canEdit && !current && (
        <Stack gap="xs">
          <Group grow>
            <TextInput label="Accepted by" value={draft.acceptedBy} onChange={(e) => setDraft({ ...draft, acceptedBy: e.currentTarget.value })} />
            <TextInput label="Role" value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.currentTarget.value })} />
            <TextInput label="Accepted on" type="date" value={draft.acceptedAt} onChange={(e) => setDraft({ ...draft, acceptedAt: e.currentTarget.value })} />
          </Group>
          <Textarea label="Residual risk statement" autosize minRows={2} value={draft.statement} onChange={(e) => setDraft({ ...draft, statement: e.currentTarget.value })} />
          <Textarea label="Benefit-risk conclusion" autosize minRows={2} value={draft.benefitRisk} onChange={(e) => setDraft({ ...draft, benefitRisk: e.currentTarget.value })} />
          <Group>
            <Button size="xs" disabled={!complete} onClick={() => onSave({ ...draft })}>
              Record acceptance
            </Button>
          </Group>
        </Stack>
      )}
    </Stack>
  );
}
