import { Badge, Button, Card, Group, MultiSelect, Select, Stack, Table, Text, Title, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useState } from "react";
import { api, errorMessage } from "../../api/client";
import { useCan } from "../../auth/session";
import { Page } from "../../components/Page";
import { type Cell, govKeys, type Letter, type Responsibility, type ResponsibilitiesState, usePeople, useResponsibilities } from "./api";
import { GapsAlert } from "./GapsAlert";

const OBLIGATION: Record<Responsibility["obligation"], string> = { law: "Required by law", standard: "Required by a standard", good_practice: "Good practice" };

function HolderCell({ r, canWrite }: { r: Responsibility; canWrite: boolean }) {
  const people = usePeople();
  const queryClient = useQueryClient();
  const [saving, setSaving] = useState(false);
  const value = r.holders.map((h) => h.userId);
  if (!canWrite) return <Text size="sm">{r.holders.map((h) => h.name).join(", ") || "—"}</Text>;
  return (
    <MultiSelect
      aria-label={`Holders of ${r.title}`}
      data={(people.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
      value={value}
      disabled={saving}
      placeholder={value.length === 0 ? "Nobody" : undefined}
      error={r.mandatory && value.length === 0 ? "Mandatory role without a holder" : undefined}
      searchable
      size="xs"
      onChange={async (userIds) => {
        setSaving(true);
        try {
          const next = await api.put<ResponsibilitiesState>(`/api/governance/responsibilities/${r.key}/holders`, { userIds });
          queryClient.setQueryData(govKeys.responsibilities, next);
          void queryClient.invalidateQueries({ queryKey: govKeys.gaps });
        } catch (err) {
          notifications.show({ color: "red", title: "Not saved", message: errorMessage(err) });
        } finally {
          setSaving(false);
        }
      }}
    />
  );
}

function RaciMatrix({ state, canWrite }: { state: ResponsibilitiesState; canWrite: boolean }) {
  const queryClient = useQueryClient();
  const [cells, setCells] = useState<Cell[]>(state.cells);
  const [saving, setSaving] = useState(false);
  useEffect(() => setCells(state.cells), [state.cells]);
  const letterOf = (a: string, r: string) => cells.find((c) => c.activityKey === a && c.responsibilityKey === r)?.letter ?? null;
  const dirty = JSON.stringify(cells) !== JSON.stringify(state.cells);
  const problems = useMemo(() => {
    const byActivity = new Map<string, string[]>();
    for (const a of state.activities) {
      const own = cells.filter((c) => c.activityKey === a.key);
      const list: string[] = [];
      const accountable = own.filter((c) => c.letter === "A").length;
      if (accountable === 0) list.push("no Accountable");
      if (accountable > 1) list.push(`${accountable} Accountable: exactly one allowed`);
      if (!own.some((c) => c.letter === "R")) list.push("no Responsible");
      if (list.length > 0) byActivity.set(a.key, list);
    }
    return byActivity;
  }, [cells, state.activities]);

  const set = (activityKey: string, responsibilityKey: string, letter: Letter | null) =>
    setCells((prev) => {
      const rest = prev.filter((c) => !(c.activityKey === activityKey && c.responsibilityKey === responsibilityKey));
      return letter ? [...rest, { activityKey, responsibilityKey, letter }] : rest;
    });

  const save = async () => {
    setSaving(true);
    try {
      const next = await api.put<ResponsibilitiesState>("/api/governance/raci", { cells });
      queryClient.setQueryData(govKeys.responsibilities, next);
      void queryClient.invalidateQueries({ queryKey: govKeys.gaps });
      notifications.show({ color: "green", message: "RACI matrix saved" });
    } catch (err) {
      notifications.show({ color: "red", title: "Not saved", message: errorMessage(err) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card withBorder>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          RACI matrix
        </Title>
        {canWrite && (
          <Group gap="xs">
            <Button variant="default" size="xs" disabled={!dirty || saving} onClick={() => setCells(state.cells)}>
              Discard
            </Button>
            <Button size="xs" disabled={!dirty} loading={saving} onClick={save}>
              Save matrix
            </Button>
          </Group>
        )}
      </Group>
      <Text size="xs" c="dimmed" mb="xs">
        R responsible, A accountable (exactly one per activity), C consulted, I informed.
      </Text>
      <Table.ScrollContainer minWidth={900}>
        <Table withTableBorder withColumnBorders fz="xs" aria-label="RACI matrix">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Activity</Table.Th>
              {state.responsibilities.map((r) => (
                <Table.Th key={r.key} ta="center" bg={r.mandatory && r.holders.length === 0 ? "var(--mantine-color-red-0)" : undefined}>
                  <Tooltip label={r.holders.map((h) => h.name).join(", ") || "Nobody holds this role"}>
                    <span>{r.title}</span>
                  </Tooltip>
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {state.activities.map((a) => {
              const issue = problems.get(a.key);
              return (
                <Table.Tr key={a.key} bg={issue ? "var(--mantine-color-orange-0)" : undefined} data-problem={issue ? "true" : undefined}>
                  <Table.Td>
                    <Text size="xs" fw={600}>
                      {a.title}
                    </Text>
                    {issue && (
                      <Text size="xs" c="red">
                        {issue.join("; ")}
                      </Text>
                    )}
                  </Table.Td>
                  {state.responsibilities.map((r) => {
                    const letter = letterOf(a.key, r.key);
                    return (
                      <Table.Td key={r.key} ta="center" p={2}>
                        {canWrite ? (
                          <Select
                            aria-label={`${a.title} × ${r.title}`}
                            data={["R", "A", "C", "I"]}
                            value={letter}
                            onChange={(v) => set(a.key, r.key, (v as Letter) ?? null)}
                            clearable
                            size="xs"
                            w={62}
                            mx="auto"
                            comboboxProps={{ withinPortal: true }}
                          />
                        ) : (
                          <Text size="xs" fw={letter === "A" ? 700 : 400}>
                            {letter ?? ""}
                          </Text>
                        )}
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Card>
  );
}

export function ResponsibilitiesPage() {
  const state = useResponsibilities();
  const canWrite = useCan("compliance:write");
  return (
    <Page
      title="Responsibilities"
      description="Security roles, who holds them and who does what (NIS2 Art. 20, Implementing Regulation (EU) 2024/2690 Annex 1.2, ISO/IEC 27001 clause 5.3). A mandatory role without a holder is a gap."
    >
      <GapsAlert kinds={["mandatory_role_unassigned", "raci"]} />
      {state.data && (
        <>
          <Card withBorder>
            <Title order={2} size="h4" mb="sm">
              Security roles
            </Title>
            <Table fz="sm" aria-label="Security roles" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Why</Table.Th>
                  <Table.Th w={320}>Held by</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {state.data.responsibilities.map((r) => (
                  <Table.Tr key={r.key} data-gap={r.mandatory && r.holders.length === 0 ? "true" : undefined} bg={r.mandatory && r.holders.length === 0 ? "var(--mantine-color-red-0)" : undefined}>
                    <Table.Td>
                      <Stack gap={2}>
                        <Text size="sm" fw={600}>
                          {r.title}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {r.description}
                        </Text>
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={2}>
                        <Group gap={4}>
                          <Badge size="sm" variant={r.mandatory ? "filled" : "light"} color={r.mandatory ? "red" : "gray"}>
                            {r.mandatory ? "Mandatory" : "Optional"}
                          </Badge>
                          <Badge size="sm" variant="outline" color="gray">
                            {OBLIGATION[r.obligation]}
                          </Badge>
                        </Group>
                        <Text size="xs">{r.rationale}</Text>
                        {r.basis.length > 0 && (
                          <Text size="xs" c="dimmed">
                            {r.basis.join(", ")}
                          </Text>
                        )}
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      <HolderCell r={r} canWrite={canWrite} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
          <RaciMatrix state={state.data} canWrite={canWrite} />
        </>
      )}
    </Page>
  );
}
