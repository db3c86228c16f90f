import { Alert, Button, Checkbox, Group, List, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { ApiError, api, errorMessage } from "../../api/client";
import { Page } from "../../components/Page";
import type { Obligations } from "./api";
import { DueCell } from "./BoardPage";
import { memberStateOptions } from "./IncidentForm";
import { NationalVerified, REGIME_LABELS, stageLabel } from "./format";

const DEVICE = [
  { value: "", label: "None" },
  { value: "serious", label: "Serious incident (15 days)" },
  { value: "death", label: "Death or serious deterioration (10 days)" },
  { value: "public-health", label: "Serious public health threat (2 days)" },
];

/** What-if: every deadline for given instants, the same inputs as `vigil incident clocks`. */
export function ClockCalculatorPage() {
  const [v, setV] = useState({ aware: new Date().toISOString().slice(0, 16) + "Z", notified: "", handled: "", country: "DE" as string | null, device: "", regulation: "mdr" });
  const [ongoing, setOngoing] = useState(false);
  const [gdpr, setGdpr] = useState(false);
  const [gdprHighRisk, setGdprHighRisk] = useState(false);
  const [result, setResult] = useState<Obligations | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: "aware" | "notified" | "handled") => (e: React.ChangeEvent<HTMLInputElement>) => {
    const value = e.currentTarget.value;
    setV((x) => ({ ...x, [k]: value }));
  };
  const calculate = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const q = new URLSearchParams({ aware: v.aware.trim() });
    if (v.notified.trim()) q.set("notified", v.notified.trim());
    if (v.handled.trim()) q.set("handled", v.handled.trim());
    if (v.country) q.set("country", v.country);
    if (v.device) q.set(v.regulation, v.device);
    if (ongoing) q.set("ongoing", "true");
    if (gdpr) q.set("gdpr", "true");
    if (gdpr && gdprHighRisk) q.set("gdprHighRisk", "true");
    try {
      setResult(await api.get<Obligations>(`/api/incidents/clocks?${q}`));
    } catch (err) {
      setResult(null);
      setError(err instanceof ApiError && err.details.length ? err.details.map((d) => `${d.path.replace("querystring/", "")}: ${d.message}`).join("; ") : errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page
      title="Clock calculator"
      description={
        <>
          What-if for every reporting deadline: the same calculation as <code>vigil incident clocks</code>. Instants are ISO 8601 with an offset, e.g.
          2026-03-29T08:30:00Z or 2026-03-29T10:30:00+02:00.
        </>
      }
    >
      <Paper withBorder p="md" component="form" onSubmit={calculate} aria-label="Clock inputs">
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label="Aware at" required value={v.aware} onChange={set("aware")} />
            <TextInput label="Incident notification submitted at" description="Starts the final report's month" value={v.notified} onChange={set("notified")} />
            <TextInput label="Handled at" value={v.handled} onChange={set("handled")} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Select label="Member state" data={memberStateOptions} searchable clearable value={v.country} onChange={(c) => setV((x) => ({ ...x, country: c }))} />
            <Select label="MDR/IVDR vigilance" data={DEVICE} value={v.device} onChange={(d) => setV((x) => ({ ...x, device: d ?? "" }))} allowDeselect={false} />
            <Select
              label="Regulation"
              data={[
                { value: "mdr", label: "MDR" },
                { value: "ivdr", label: "IVDR" },
              ]}
              value={v.regulation}
              onChange={(r) => setV((x) => ({ ...x, regulation: r ?? "mdr" }))}
              allowDeselect={false}
              disabled={!v.device}
            />
          </SimpleGrid>
          <Group>
            <Checkbox label="Still ongoing" checked={ongoing} onChange={(e) => setOngoing(e.currentTarget.checked)} />
            <Checkbox label="Personal data breach (GDPR)" checked={gdpr} onChange={(e) => setGdpr(e.currentTarget.checked)} />
            <Checkbox label="High risk to data subjects" checked={gdprHighRisk} disabled={!gdpr} onChange={(e) => setGdprHighRisk(e.currentTarget.checked)} />
          </Group>
          <Group justify="flex-end">
            <Button type="submit" loading={busy}>
              Calculate
            </Button>
          </Group>
        </Stack>
      </Paper>
      {error && (
        <Alert color="red" role="alert" title="Cannot calculate">
          {error}
        </Alert>
      )}
      {result && (
        <Stack gap="xs">
          <Text size="sm" c="dimmed">
            Computed in {result.timeZone}
            {result.memberState ? ` (${result.memberState})` : ""}.
          </Text>
          <Table withTableBorder striped fz="sm" aria-label="Calculated obligations">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Obligation</Table.Th>
                <Table.Th>Due</Table.Th>
                <Table.Th>Rule</Table.Th>
                <Table.Th>Basis</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {result.obligations.map((o) => (
                <Table.Tr key={o.id}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {REGIME_LABELS[o.regime] ?? o.regime} · {stageLabel(o.stage)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {o.id}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <DueCell o={o} />
                  </Table.Td>
                  <Table.Td>{o.rule}</Table.Td>
                  <Table.Td>
                    {o.basis}
                    <NationalVerified o={o} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {result.notes.length > 0 && (
            <List size="xs" c="dimmed">
              {result.notes.map((n) => (
                <List.Item key={n}>{n}</List.Item>
              ))}
            </List>
          )}
        </Stack>
      )}
    </Page>
  );
}
