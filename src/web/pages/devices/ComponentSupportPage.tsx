import { Alert, Anchor, Badge, Button, Code, Group, Modal, Paper, SimpleGrid, Stack, Switch, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconDownload, IconTableImport } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { ApiError, api, errorMessage } from "../../api/client";
import { useCan } from "../../auth/session";
import { type Column, DataTable } from "../../components/DataTable";
import { formatDate } from "../../components/format";
import { NotSavedAlert } from "./NotSavedAlert";
import { Page } from "../../components/Page";
import { SupportRules, sourceLabel } from "./SupportRules";

type Reason = "end_of_support_passed" | "end_of_support_near" | "no_longer_maintained" | "abandoned";
type Item = {
  purl: string | null;
  name: string;
  componentVersion: string | null;
  supplier: string | null;
  level: "actively_maintained" | "no_longer_maintained" | "abandoned" | "unknown";
  levelAsWritten: string | null;
  endOfSupport: string | null;
  endOfSupportState: "past" | "near" | "ahead" | "unknown";
  source: string | null;
  reasons: Reason[];
  versions: { versionId: string; deviceModel: string; version: string; installedUnits: number }[];
  installedUnits: number;
};
type Portfolio = {
  generatedOn: string;
  summary: { components: number; endOfSupportPassed: number; endOfSupportNear: number; notMaintained: number; levelUnknown: number; endOfSupportUnknown: number };
  items: Item[];
};

const REASONS: Record<Reason, { label: string; color: string }> = {
  end_of_support_passed: { label: "End of support passed", color: "red" },
  end_of_support_near: { label: "End of support near", color: "orange" },
  no_longer_maintained: { label: "No longer maintained", color: "red" },
  abandoned: { label: "Abandoned", color: "red" },
};
const LEVELS: Record<Item["level"], string> = {
  actively_maintained: "Actively maintained",
  no_longer_maintained: "No longer maintained",
  abandoned: "Abandoned",
  unknown: "Unknown",
};

/** Lines of "purl, level of support, end-of-support date"; an empty field leaves that value as it is. */
export function parseBulkLines(text: string): { items: Record<string, string | null>[]; lines: number[]; problems: string[] } {
  const items: Record<string, string | null>[] = [];
  const lines: number[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith("#") || /^purl\s*[,;\t]/i.test(line)) return;
    const [purl, level, end] = line.split(/\s*[,;\t]\s*/);
    if (!purl?.startsWith("pkg:")) {
      problems.push(`Line ${i + 1}: starts with "${purl}", not a package URL (pkg:…)`);
      return;
    }
    if (!level && !end) {
      problems.push(`Line ${i + 1}: states neither a level of support nor an end-of-support date`);
      return;
    }
    if (end && !/^\d{4}-\d{2}-\d{2}$/.test(end)) {
      problems.push(`Line ${i + 1}: end of support "${end}" is not a date as YYYY-MM-DD`);
      return;
    }
    items.push({ purl, ...(level ? { supportLevel: level } : {}), ...(end ? { endOfSupport: end } : {}) });
    lines.push(i + 1);
  });
  return { items, lines, problems };
}

function BulkEntry({ onClose }: { onClose: () => void }) {
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const [problems, setProblems] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    const parsed = parseBulkLines(text);
    setProblems(parsed.problems);
    if (parsed.problems.length > 0) return;
    if (parsed.items.length === 0) {
      setProblems(["Enter at least one component"]);
      return;
    }
    setSaving(true);
    try {
      const res = await api.post<{ items: unknown[] }>("/api/components/support/bulk", { items: parsed.items });
      await queryClient.invalidateQueries({ queryKey: ["components"] });
      await queryClient.invalidateQueries({ queryKey: ["versions"] });
      notifications.show({ color: "green", message: `Support recorded for ${res.items.length} components` });
      onClose();
    } catch (err) {
      const details = err instanceof ApiError ? (err.details ?? []) : [];
      const named = details.flatMap((d) => {
        const m = /^body\/items\/(\d+)/.exec(d.path);
        return m ? [`Line ${parsed.lines[Number(m[1])]}: ${d.message}`] : [];
      });
      setProblems(named.length > 0 ? [`Nothing was saved. ${errorMessage(err)}`, ...named] : [errorMessage(err)]);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title="Enter support in bulk" size="lg">
      <Stack>
        <Text size="sm">
          One component per line: package URL, level of support, end-of-support date (YYYY-MM-DD), separated by commas, semicolons or tabs — a
          spreadsheet's columns can be pasted as they are. An empty field keeps what is known. Every line is saved, or none.
        </Text>
        <Textarea
          label="Components"
          autosize
          minRows={6}
          maxRows={16}
          ff="monospace"
          placeholder={"pkg:generic/openssl@1.1.1w, no longer maintained, 2023-09-11\npkg:npm/react@18.3.1, actively maintained,"}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
        />
        <NotSavedAlert problems={problems} />
        <Group justify="flex-end">
          <Button onClick={save} loading={saving}>
            Save all
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Components past or near their end of support, or unmaintained, across the installed base (FDA premarket expectation). */
export function ComponentSupportPage() {
  const canEdit = useCan("vulnerabilities:write");
  const [all, setAll] = useState(false);
  const [bulk, setBulk] = useState(false);
  const portfolio = useQuery({
    queryKey: ["components", "support-portfolio", all],
    queryFn: () => api.get<Portfolio>(`/api/components/support-portfolio?all=${all}`),
  });
  const s = portfolio.data?.summary;
  const columns: Column<Item>[] = [
    {
      accessor: "name",
      title: "Component",
      sortable: true,
      render: (i) => (
        <Stack gap={0}>
          <Text size="sm" fw={600}>
            {i.name} {i.componentVersion}
          </Text>
          {i.purl ? <Code fz="xs">{i.purl}</Code> : <Text size="xs">no purl</Text>}
        </Stack>
      ),
    },
    { accessor: "supplier", title: "Supplier", sortable: true, render: (i) => i.supplier ?? "Unknown" },
    { accessor: "level", title: "Level of support", render: (i) => (i.level === "unknown" && i.levelAsWritten ? `Unknown ("${i.levelAsWritten}")` : LEVELS[i.level]) },
    { accessor: "endOfSupport", title: "End of support", sortable: true, render: (i) => (i.endOfSupport ? formatDate(i.endOfSupport) : "Unknown") },
    { accessor: "source", title: "Source", render: (i) => sourceLabel(i.source) },
    {
      accessor: "reasons",
      title: "Needs attention",
      render: (i) => (
        <Group gap={4}>
          {i.reasons.map((r) => (
            <Badge key={r} color={REASONS[r].color} variant="light" radius="sm">
              {REASONS[r].label}
            </Badge>
          ))}
        </Group>
      ),
    },
    {
      accessor: "versions",
      title: "Versions",
      render: (i) => (
        <Stack gap={0}>
          {i.versions.map((v) => (
            <Anchor key={v.versionId} component={Link} to={`/devices/versions/${v.versionId}`} size="sm">
              {v.deviceModel} {v.version}
            </Anchor>
          ))}
        </Stack>
      ),
    },
    { accessor: "installedUnits", title: "Installed units", sortable: true, render: (i) => i.installedUnits.toLocaleString() },
  ];
  return (
    <Page
      title="Component support"
      description="Level of support and end of support of every SBOM component across the device portfolio, as FDA's premarket cybersecurity guidance asks for each component. Unknown stays unknown until a supplier, the SBOM or a person says otherwise."
      actions={
        <Group gap="xs">
          <Button component="a" href={`/api/components/support-portfolio/export?all=${all}`} variant="default" leftSection={<IconDownload size={16} aria-hidden />}>
            Download XLSX
          </Button>
          {canEdit && (
            <Button leftSection={<IconTableImport size={16} aria-hidden />} onClick={() => setBulk(true)}>
              Enter support in bulk
            </Button>
          )}
        </Group>
      }
    >
      {portfolio.isError && (
        <Alert color="red" role="alert" title="The support portfolio could not be loaded">
          {errorMessage(portfolio.error)}
        </Alert>
      )}
      {s && (
        <SimpleGrid cols={{ base: 2, md: 4 }} mb="md">
          {[
            ["Past end of support", s.endOfSupportPassed],
            ["End of support within 180 days", s.endOfSupportNear],
            ["No longer maintained or abandoned", s.notMaintained],
            ["Level of support unknown", `${s.levelUnknown} of ${s.components}`],
          ].map(([label, value]) => (
            <Paper withBorder p="sm" key={label}>
              <Text size="xs">{label}</Text>
              <Text fw={700} size="xl">
                {value}
              </Text>
            </Paper>
          ))}
        </SimpleGrid>
      )}
      <Switch mb="sm" label="Show every component, not only those that need attention" checked={all} onChange={(e) => setAll(e.currentTarget.checked)} />
      <DataTable
        label="Component support"
        records={portfolio.data?.items}
        fetching={portfolio.isPending}
        columns={columns}
        idAccessor={(i) => i.purl ?? `${i.name}@${i.componentVersion ?? ""}`}
        searchText={(i) => `${i.name} ${i.purl ?? ""} ${i.supplier ?? ""} ${i.versions.map((v) => `${v.deviceModel} ${v.version}`).join(" ")}`}
        emptyText={all ? "No SBOM components yet" : "No component is past or near its end of support or unmaintained"}
      />
      <SupportRules canEdit={canEdit} />
      {bulk && <BulkEntry onClose={() => setBulk(false)} />}
    </Page>
  );
}
