import { Alert, Badge, Button, Group, List, Loader, Modal, Stack, Table, Text, Title } from "@mantine/core";
import { IconDownload } from "@tabler/icons-react";
import { useState } from "react";
import { errorMessage } from "../../api/client";
import { useCan } from "../../auth/session";
import { formatDateTime } from "../../components/format";
import { CRA_DRAFT_STAGES, type CraCase, craDraftUrl, useCraDraft } from "./cra-api";
import { stageLabel } from "./format";

/** The draft of one stage: key facts, each point the article asks for with its source, and what is still to be confirmed. */
function CraDraftView({ incidentId, stage, onClose }: { incidentId: string; stage: string; onClose: () => void }) {
  const draft = useCraDraft(incidentId, stage);
  const canExport = useCan("reports:export");
  const d = draft.data;
  const url = craDraftUrl(incidentId, stage);
  return (
    <Modal opened onClose={onClose} size="xl" title={d?.title ?? `${stageLabel(stage)} draft`}>
      {draft.isLoading && <Loader size="sm" aria-label="Loading the draft" />}
      {draft.error && (
        <Alert color="red" role="alert">
          {errorMessage(draft.error)}
        </Alert>
      )}
      {d && (
        <Stack gap="sm" aria-label={`CRA draft: ${d.title}`}>
          <Group justify="space-between" wrap="wrap">
            <Text size="xs" c="dimmed">
              {d.basis} · generated from the record as it stands, {formatDateTime(d.generatedAt)}
            </Text>
            {canExport && (
              <Group gap="xs">
                <Button component="a" href={`${url}/pdf`} download variant="light" size="xs" leftSection={<IconDownload size={14} aria-hidden />}>
                  Download PDF
                </Button>
                <Button component="a" href={`${url}/json`} download variant="default" size="xs" leftSection={<IconDownload size={14} aria-hidden />}>
                  Download JSON
                </Button>
              </Group>
            )}
          </Group>
          {d.missing.length > 0 ? (
            <Alert color="orange" p="xs" title="To be confirmed before submission">
              <List size="sm">
                {d.missing.map((id) => (
                  <List.Item key={id}>{d.sections.find((s) => s.id === id)?.heading ?? id}</List.Item>
                ))}
              </List>
              <Text size="xs" mt={4}>
                Record these facts on the incident or its CRA case; the draft follows the record.
              </Text>
            </Alert>
          ) : (
            <Alert color="teal" p="xs">
              Every point the article asks for is filled from the record.
            </Alert>
          )}
          <Text size="sm">
            To: {d.addressee.role}. CSIRT: {d.addressee.csirt}. Via: {d.addressee.submissionChannel}.
          </Text>
          <Table withRowBorders={false} fz="sm">
            <Table.Tbody>
              {d.fields.map((f) => (
                <Table.Tr key={f.label}>
                  <Table.Th w={220}>{f.label}</Table.Th>
                  <Table.Td>{f.value}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {d.sections.map((s) => (
            <Stack key={s.id} gap={2}>
              <Group gap="xs">
                <Title order={4} size="h6">
                  {s.heading}
                </Title>
                <Badge size="xs" variant="light" color={s.confidence === "V3" ? "yellow" : "gray"} title="How well the catalog's wording of this point is established">
                  {s.confidence}
                </Badge>
              </Group>
              <Text size="sm" style={{ whiteSpace: "pre-wrap" }} c={s.complete ? undefined : "orange.8"} fs={s.complete ? undefined : "italic"}>
                {s.text}
              </Text>
            </Stack>
          ))}
        </Stack>
      )}
    </Modal>
  );
}

/** A "Draft" button per Art. 14 report stage of the case. */
export function CraDraftButtons({ incidentId, craCase }: { incidentId: string; craCase: NonNullable<CraCase["cra"]> }) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Group gap="xs">
      <Text size="sm">Report drafts:</Text>
      {CRA_DRAFT_STAGES[craCase.case].map((stage) => (
        <Button key={stage} size="xs" variant="default" onClick={() => setOpen(stage)} aria-label={`Draft: ${stageLabel(stage)}`}>
          Draft: {stageLabel(stage)}
        </Button>
      ))}
      {open && <CraDraftView incidentId={incidentId} stage={open} onClose={() => setOpen(null)} />}
    </Group>
  );
}
