import { Alert, Badge, Button, Group, Paper, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconCircleCheck } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, errorMessage } from "../../api/client";
import { useCan } from "../../auth/session";
import { formatDateTime } from "../../components/format";

export type SavedAssessment = {
  id: string;
  classification: string;
  catalogVersion: string;
  assessedAt: string;
  approvedBy: string;
  result: { sizeCategory: string };
};

const historyKey = ["applicability", "assessments"] as const;
const classificationColour: Record<string, string> = { essential: "red", important: "orange", out_of_scope: "gray" };

/** Approves the assessed answers: the server assesses them again and records today's date and the approver. */
export function SaveAssessmentButton({ answers }: { answers: object }) {
  const canApprove = useCan("org:write");
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: () => api.post<SavedAssessment>("/api/applicability/assessments", answers),
    onSuccess: (saved) => {
      notifications.show({ color: "teal", title: "Assessment saved", message: `Approved by ${saved.approvedBy} on ${formatDateTime(saved.assessedAt)}.` });
      return queryClient.invalidateQueries({ queryKey: historyKey });
    },
  });
  if (!canApprove) return null;
  return (
    <>
      <Button variant="light" loading={save.isPending} disabled={save.isSuccess} leftSection={<IconCircleCheck size={16} aria-hidden />} onClick={() => save.mutate()}>
        {save.isSuccess ? "Saved" : "Approve and save"}
      </Button>
      {save.error && (
        <Alert color="red" role="alert" title="Assessment not saved">
          {errorMessage(save.error)}
        </Alert>
      )}
    </>
  );
}

/** Every approved assessment, newest first: when, with what outcome, by whom. */
export function AssessmentHistory() {
  const history = useQuery({ queryKey: historyKey, queryFn: () => api.get<{ items: SavedAssessment[] }>("/api/applicability/assessments") });
  return (
    <Paper withBorder p="md" mt="xl">
      <Title order={2} size="h3">
        Saved assessments
      </Title>
      {history.error && (
        <Alert color="red" role="alert" mt="xs">
          {errorMessage(history.error)}
        </Alert>
      )}
      {history.data && history.data.items.length === 0 && (
        <Text size="sm" c="dimmed" mt="xs">
          No assessment has been approved yet. Assess the answers above, then approve and save the result to keep it on record.
        </Text>
      )}
      {history.data && history.data.items.length > 0 && (
        <Table.ScrollContainer minWidth={560}>
          <Table aria-label="Saved assessments" fz="sm" mt="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Assessed</Table.Th>
                <Table.Th>Classification</Table.Th>
                <Table.Th>Approved by</Table.Th>
                <Table.Th>Catalog</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {history.data.items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{formatDateTime(a.assessedAt)}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      <Badge color={classificationColour[a.classification] ?? "gray"} variant="light">
                        {a.classification.replace("_", " ")}
                      </Badge>
                      <Text span size="xs">
                        {a.result.sizeCategory} enterprise
                      </Text>
                    </Group>
                  </Table.Td>
                  <Table.Td>{a.approvedBy}</Table.Td>
                  <Table.Td>{a.catalogVersion}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
