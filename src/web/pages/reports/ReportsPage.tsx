import { Alert, Anchor, Button, Code, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { ApiError, api, csrfHeaders, errorMessage } from "../../api/client";
import { formatDateTime, todayIso } from "../../components/format";
import { Page } from "../../components/Page";

type Generated = { id: string; kind: string; title: string; fileName: string; mediaType: string; size: number; sha256: string; generatedBy: string; generatedAt: string };

/** Posts to a report route and saves the answer under the file name the server gives. */
async function download(path: string, body: unknown, fallbackName: string): Promise<void> {
  const res = await fetch(path, { method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json", ...csrfHeaders() }, body: JSON.stringify(body) });
  if (!res.ok) {
    const err = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new ApiError(res.status, err?.error?.code ?? "http_error", err?.error?.message ?? `The server answered ${res.status}`);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const KIND_LABELS: Record<string, string> = { board_report: "Board report", evidence_pack: "Audit evidence pack", registers: "Registers workbook", premarket_package: "Premarket cybersecurity package" };

export function ReportsPage() {
  const history = useQuery({ queryKey: ["reports"], queryFn: () => api.get<Generated[]>("/api/reports") });
  const client = useQueryClient();
  const today = todayIso();
  const [from, setFrom] = useState(`${today.slice(0, 4)}-01-01`);
  const [to, setTo] = useState(today);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (key: string, work: () => Promise<void>) => {
    setBusy(key);
    setError(null);
    try {
      await work();
      await client.invalidateQueries({ queryKey: ["reports"] });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Page title="Reports" description="Documents for management, auditors and authorities. Every document produced here is listed below with who produced it, when, and its SHA-256.">
      {error && (
        <Alert color="red" title="The document could not be produced">
          {error}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <Paper withBorder p="md" radius="md">
          <Title order={2} size="h4" mb="xs">
            Board report
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            Posture, trends, top risks, incidents and their reporting compliance, overdue items and the decisions needed, as PDF (NIS2 Art. 20: management oversight).
          </Text>
          <Group align="flex-end">
            <TextInput type="date" label="From" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
            <TextInput type="date" label="To" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
            <Button loading={busy === "board"} onClick={() => run("board", () => download("/api/reports/board", { from, to }, "board-report.pdf"))}>
              Board report PDF
            </Button>
          </Group>
        </Paper>
        <Paper withBorder p="md" radius="md">
          <Title order={2} size="h4" mb="xs">
            Audit evidence pack
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            ZIP with the Statement of Applicability, the NIS2 self-assessment, every current evidence file, the policy set, training records, incident reports and the audit-chain verification; manifest.json gives each file's SHA-256, controls and requirements.
          </Text>
          <Button loading={busy === "pack"} onClick={() => run("pack", () => download("/api/reports/evidence-pack", {}, "evidence-pack.zip"))}>
            Evidence pack ZIP
          </Button>
        </Paper>
        <Paper withBorder p="md" radius="md">
          <Title order={2} size="h4" mb="xs">
            Registers workbook
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            Every register in one XLSX file, a sheet each: device models and versions, installed base, findings, advisories, disclosure reports, incidents, risks and actions, suppliers with contracts and certificates, controls, evidence, policies, training, continuity.
          </Text>
          <Button loading={busy === "registers"} onClick={() => run("registers", () => download("/api/reports/registers", {}, "vigil-registers.xlsx"))}>
            Registers XLSX
          </Button>
        </Paper>
      </SimpleGrid>
      <Paper withBorder p="md" radius="md">
        <Title order={2} size="h4" mb="xs">
          Exports kept with their registers
        </Title>
        <Stack gap={4}>
          <Anchor component={Link} to="/compliance/soa">
            Statement of Applicability (PDF, XLSX, CSV) and NIS2 self-assessment
          </Anchor>
          <Anchor component={Link} to="/incidents/list">
            Incident reports to authorities (each incident's drafts as PDF and JSON)
          </Anchor>
          <Anchor component={Link} to="/advisories">
            Security advisories (CSAF)
          </Anchor>
          <Anchor component={Link} to="/admin/audit">
            Audit trail and its chain verification
          </Anchor>
        </Stack>
      </Paper>
      <Stack gap="xs">
        <Title order={2} size="h4">
          History
        </Title>
        {history.error && <Alert color="red">{errorMessage(history.error)}</Alert>}
        <Table striped aria-label="Generated documents">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Document</Table.Th>
              <Table.Th>File</Table.Th>
              <Table.Th>By</Table.Th>
              <Table.Th>When</Table.Th>
              <Table.Th>SHA-256</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(history.data ?? []).map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {r.title}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {KIND_LABELS[r.kind] ?? r.kind}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{r.fileName}</Text>
                  <Text size="xs" c="dimmed">
                    {Math.ceil(r.size / 1024)} KiB
                  </Text>
                </Table.Td>
                <Table.Td>{r.generatedBy}</Table.Td>
                <Table.Td>{formatDateTime(r.generatedAt)}</Table.Td>
                <Table.Td>
                  <Code fz="xs" title={r.sha256}>
                    {r.sha256.slice(0, 16)}…
                  </Code>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {history.data?.length === 0 && <Text c="dimmed">Nothing produced yet.</Text>}
      </Stack>
    </Page>
  );
}
