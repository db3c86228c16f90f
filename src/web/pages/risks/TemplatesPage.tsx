import { Alert, Anchor, Badge, Button, Card, Group, List, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { Link } from "react-router";
import { LIFECYCLE_PHASES, PHASE_LABELS, rate } from "../../../core/risks";
import { api, errorMessage } from "../../api/client";
import { useCan } from "../../auth/session";
import { Page } from "../../components/Page";
import { levelColor, type Risk, type RiskTemplate, treatmentLabels, useMatrix, useRefreshRisks, useTemplates } from "./api";

function TemplateCard({ t, canWrite }: { t: RiskTemplate; canWrite: boolean }) {
  const matrix = useMatrix();
  const refresh = useRefreshRisks();
  const [busy, setBusy] = useState(false);
  const rating = matrix.data ? rate(matrix.data, Math.min(t.likelihood, matrix.data.likelihood.length), Math.min(t.impact, matrix.data.impact.length)) : null;
  const adopt = async () => {
    setBusy(true);
    try {
      const r = await api.post<Risk>(`/api/risks/templates/${encodeURIComponent(t.id)}/adopt`, {});
      notifications.show({ color: "teal", title: "Template adopted", message: `${r.reference} · ${r.title} is now in the register.` });
      await refresh();
    } catch (err) {
      notifications.show({ color: "red", title: "Not adopted", message: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder radius="md" padding="md" data-template={t.id}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Title order={3} size="h5">
            {t.title}
          </Title>
          {rating && (
            <Badge color={levelColor[rating.level]} variant="light">
              {rating.score} {rating.level}
            </Badge>
          )}
        </Group>
        <Text size="sm">{t.description}</Text>
        <Text size="xs" c="dimmed">
          Asset: {t.asset} · {t.cia.join(", ")}
          {t.patientSafety ? ` · patient harm: ${t.patientSafety}` : ""} · suggested treatment: {treatmentLabels[t.treatment]}
        </Text>
        <List size="xs" spacing={2}>
          {t.measures.map((m) => (
            <List.Item key={m}>{m}</List.Item>
          ))}
        </List>
        <Group gap={4}>
          {t.requirements.map((r) => (
            <Badge key={r.id} variant="outline" color="indigo" size="sm" title={r.title}>
              {r.id}
            </Badge>
          ))}
        </Group>
        <Group justify="space-between">
          <Group gap={4}>
            {t.adopted.map((a) => (
              <Anchor key={a.id} component={Link} to={`/risks/${a.id}`} size="sm">
                {a.reference}
              </Anchor>
            ))}
          </Group>
          {canWrite && (
            <Button size="xs" onClick={adopt} loading={busy} aria-label={`Adopt ${t.title}`}>
              {t.adopted.length > 0 ? "Adopt again" : "Adopt"}
            </Button>
          )}
        </Group>
      </Stack>
    </Card>
  );
}

export function TemplatesPage() {
  const templates = useTemplates();
  const canWrite = useCan("risks:write");
  return (
    <Page
      title="Risk templates"
      description="Typical risks of a medical device manufacturer per lifecycle phase. Adopting one adds it to the register with its requirements linked; then adapt the ratings to your situation."
    >
      {templates.isError && (
        <Alert color="red" title="Templates could not be loaded">
          {errorMessage(templates.error)}
        </Alert>
      )}
      {LIFECYCLE_PHASES.map((phase) => {
        const list = (templates.data ?? []).filter((t) => t.phase === phase);
        if (list.length === 0) return null;
        return (
          <Stack key={phase} gap="sm">
            <Title order={2} size="h4">
              {PHASE_LABELS[phase]}
            </Title>
            <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }}>
              {list.map((t) => (
                <TemplateCard key={t.id} t={t} canWrite={canWrite} />
              ))}
            </SimpleGrid>
          </Stack>
        );
      })}
    </Page>
  );
}
