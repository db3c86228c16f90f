import { Accordion, Badge, Button, Card, Group, Progress, SimpleGrid, Stack, Table, Text } from "@mantine/core";
import { IconUpload } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api } from "../../api/client";
import { useCan } from "../../auth/session";
import { Page } from "../../components/Page";
import { ImportFrameworkModal } from "./ImportFrameworkModal";
import { type Contribution, type FrameworkCoverage, label, type Requirement, statusColor, useCoverage } from "./workspace-api";

const pct = (p: number | null) => (p === null ? "–" : `${p} %`);

/** Suggested (intersect) links nobody has confirmed yet: a confirmed link shows up as the control's direct contribution. */
const openSuggestions = (r: Requirement): Contribution[] => r.suggestions.filter((s) => !r.contributions.some((c) => c.control === s.control && c.chain.length === 1));

function SuggestedLinks({ requirement }: { requirement: Requirement }) {
  const open = openSuggestions(requirement);
  if (open.length === 0) return null;
  return (
    <Text size="xs" c="orange">
      Suggested, to confirm on the control:{" "}
      {open.map((s, i) => (
        <span key={s.control}>
          {i > 0 && ", "}
          {s.controlId ? <Link to={`/compliance/controls/${s.controlId}`}>{s.control}</Link> : s.control}
        </span>
      ))}
    </Text>
  );
}

function FrameworkTree({ id }: { id: string }) {
  const q = useQuery({ queryKey: ["compliance", "framework", id], queryFn: () => api.get<{ coverage: FrameworkCoverage; requirements: Requirement[] }>(`/api/compliance/frameworks/${id}`) });
  if (!q.data) return <Text size="sm">Loading…</Text>;
  return (
    <Accordion multiple variant="separated">
      {q.data.coverage.groups.map((g) => (
        <Accordion.Item key={g.id} value={g.id}>
          <Accordion.Control>
            <Group justify="space-between" wrap="nowrap">
              <Text size="sm" fw={500}>{g.title}</Text>
              <Text size="sm" data-testid={`group-${g.id}`}>{pct(g.percent)}</Text>
            </Group>
          </Accordion.Control>
          <Accordion.Panel>
            <Table fz="sm" verticalSpacing={4}>
              <Table.Tbody>
                {q.data.requirements
                  .filter((r) => r.group === g.id)
                  .map((r) => (
                    <Table.Tr key={r.id}>
                      <Table.Td w={150}>{r.ref}</Table.Td>
                      <Table.Td>
                        <Text size="sm">{r.title}</Text>
                        <Text size="xs" c="dimmed">{r.explanation}</Text>
                        {r.contributions.slice(0, 4).map((c) => (
                          <Text size="xs" key={`${c.control}-${c.chain.length}`}>
                            {c.controlId ? <Link to={`/compliance/controls/${c.controlId}`}>{c.control}</Link> : c.control} {c.controlTitle}:{" "}
                            {c.chain.map((s) => `${s.relationship} → ${s.to} (${s.source}${s.strength ? `, ${s.strength}` : ""})`).join(" · ")} ⇒ {c.effect}
                          </Text>
                        ))}
                        <SuggestedLinks requirement={r} />
                      </Table.Td>
                      <Table.Td w={130}>
                        <Badge color={statusColor[r.status]} variant="light">{label(r.status)}</Badge>
                        {r.needsReview && <Badge color="orange" variant="outline" ml={4}>review</Badge>}
                      </Table.Td>
                    </Table.Tr>
                  ))}
              </Table.Tbody>
            </Table>
          </Accordion.Panel>
        </Accordion.Item>
      ))}
    </Accordion>
  );
}

/** Frameworks with their coverage, drilling down to each requirement's derivation chain. */
export function FrameworksPage() {
  const coverage = useCoverage();
  const canWrite = useCan("compliance:write");
  const [open, setOpen] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  return (
    <Page
      title="Frameworks"
      description="Each requirement's status is derived from the controls mapped to it: equal or superset mappings carry a status across, a subset mapping counts as partial at most, an intersect mapping is only a suggestion until someone confirms it."
      actions={
        canWrite && (
          <Button leftSection={<IconUpload size={16} aria-hidden />} onClick={() => setImporting(true)}>
            Import framework
          </Button>
        )
      }
    >
      {importing && <ImportFrameworkModal onClose={() => setImporting(false)} />}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
        {(coverage.data ?? []).map((f) => (
          <Card key={f.id} withBorder padding="sm" style={{ cursor: "pointer" }} onClick={() => setOpen(f.id)} data-testid={`coverage-${f.id}`} aria-label={`${f.name} coverage`}>
            <Stack gap={4}>
              <Group justify="space-between" wrap="nowrap">
                <Text fw={600} size="sm">{f.name}</Text>
                {f.optional && <Badge size="xs" variant="outline">optional</Badge>}
                {f.custom && <Badge size="xs" variant="outline">imported</Badge>}
              </Group>
              <Text size="xl" fw={700} data-testid={`percent-${f.id}`}>{pct(f.percent)}</Text>
              <Progress.Root size="sm">
                <Progress.Section value={(f.met / Math.max(1, f.total)) * 100} color="green" />
                <Progress.Section value={(f.partial / Math.max(1, f.total)) * 100} color="yellow" />
              </Progress.Root>
              <Text size="xs" c="dimmed">
                {f.met} met · {f.partial} partial · {f.notMet} not met · {f.unmapped} unmapped · {f.notApplicable} n/a
              </Text>
            </Stack>
          </Card>
        ))}
      </SimpleGrid>
      {open && (
        <Stack>
          <Text fw={600}>{coverage.data?.find((f) => f.id === open)?.name}: requirements by article / clause</Text>
          <FrameworkTree id={open} />
        </Stack>
      )}
    </Page>
  );
}
