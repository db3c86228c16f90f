import { Alert, Anchor, Badge, Button, Checkbox, FileButton, Group, List, Modal, Select, Stack, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconDownload, IconPlus, IconUpload } from "@tabler/icons-react";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { LIFECYCLE_PHASES, PHASE_LABELS, RISK_LEVELS, RISK_STATUSES } from "../../../core/risks";
import { ApiError, api, errorMessage } from "../../api/client";
import { useListParams } from "../../api/paging";
import { useCan } from "../../auth/session";
import { type Column, DataTable } from "../../components/DataTable";
import { formatDate } from "../../components/format";
import { ListFilterInput, ListTotal } from "../../components/ListControls";
import { Page } from "../../components/Page";
import { levelColor, type Risk, statusLabels, treatmentLabels, useMatrix, useRefreshRisks, useRiskOwners, useRiskPage } from "./api";
import { DeviceModelSelect } from "../devices/DeviceModelSelect";
import { RiskForm } from "./RiskForm";

const FILTERS = ["phase", "status", "deviceModelId", "owner", "overdue", "noOwner", "cell", "level", "q"] as const;
const PAGE_SIZE = 25;
const DEFAULT_SORT = { sort: "reference", order: "asc" } as const;

function describeCell(cell: string, labels: { likelihood: string[]; impact: string[] }): string {
  const [view, l, i] = cell.split(":");
  return `${view === "inherent" ? "Inherent" : "Residual"} likelihood ${l} (${labels.likelihood[Number(l) - 1] ?? "?"}) × impact ${i} (${labels.impact[Number(i) - 1] ?? "?"})`;
}

async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

type ImportProblem = { line: number; column: string; reason: string };

export function RiskRegisterPage() {
  const { params, set, page, sort, order, remote } = useListParams(DEFAULT_SORT);
  const [q] = useDebouncedValue(params.get("q") ?? "", 250);
  const filters = FILTERS.flatMap((k) => {
    const value = k === "q" ? q.trim() : params.get(k);
    return value ? [[k, value]] : [];
  });
  const query = new URLSearchParams([...filters, ["limit", String(PAGE_SIZE)], ["page", String(page)], ["sort", sort], ["order", order]]).toString();
  const risks = useRiskPage(query);
  const ownerList = useRiskOwners();
  const matrix = useMatrix();
  const canWrite = useCan("risks:write");
  const refresh = useRefreshRisks();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const [importProblems, setImportProblems] = useState<{ message: string; problems: ImportProblem[] } | null>(null);

  const owners = (ownerList.data ?? []).map((o) => o.owner);
  const cell = params.get("cell");

  const onImport = async (file: File | null) => {
    if (!file) return;
    setImportProblems(null);
    try {
      const result = await api.post<{ created: number; updated: number }>("/api/risks/import", { fileName: file.name, contentBase64: await fileToBase64(file) });
      notifications.show({ color: "teal", title: "Risks imported", message: `${result.created} created, ${result.updated} updated from ${file.name}.` });
      void refresh();
    } catch (err) {
      if (err instanceof ApiError && err.code === "import_rejected") {
        const details = (err.details as unknown as ImportProblem[]).map((d) => ({ line: d.line, column: d.column, reason: d.reason }));
        setImportProblems({ message: err.message, problems: details });
      } else setImportProblems({ message: errorMessage(err), problems: [] });
    }
  };

  const columns: Column<Risk>[] = [
    {
      accessor: "reference",
      title: "Risk",
      sortable: true,
      render: (r) => (
        <Stack gap={0}>
          <Anchor component={Link} to={`/risks/${r.id}`} fw={600} size="sm">
            {r.reference} · {r.title}
          </Anchor>
          <Text size="xs" c="dimmed">
            {r.asset}
            {r.deviceModelName ? ` · ${r.deviceModelName}` : ""}
          </Text>
        </Stack>
      ),
    },
    { accessor: "phase", title: "Phase", sortable: true, render: (r) => PHASE_LABELS[r.phase] },
    {
      accessor: "inherent",
      title: "Inherent",
      sortable: true,
      render: (r) => (
        <Badge color={levelColor[r.inherent.level]} variant="light">
          {r.inherent.score} {r.inherent.level}
        </Badge>
      ),
    },
    {
      accessor: "residual",
      title: "Residual",
      sortable: true,
      render: (r) =>
        r.residual ? (
          <Badge color={levelColor[r.residual.level]} variant="light">
            {r.residual.score} {r.residual.level}
          </Badge>
        ) : (
          <Text size="sm" c="dimmed">
            —
          </Text>
        ),
    },
    { accessor: "treatment", title: "Treatment", sortable: true, render: (r) => (r.treatment ? treatmentLabels[r.treatment] : <Text size="sm" c="dimmed">undecided</Text>) },
    { accessor: "owner", title: "Owner", sortable: true, render: (r) => r.owner ?? <Badge color="gray" variant="outline">no owner</Badge> },
    {
      accessor: "reviewDate",
      title: "Review / status",
      sortable: true,
      render: (r) => (
        <Group gap={4}>
          <Text size="sm">{formatDate(r.reviewDate)}</Text>
          <Badge variant="dot" color="gray">
            {statusLabels[r.status]}
          </Badge>
          {r.overdue && (
            <Badge color="red" variant="filled">
              {r.overdueActions > 0 ? `${r.overdueActions} overdue` : "review overdue"}
            </Badge>
          )}
        </Group>
      ),
    },
  ];

  return (
    <Page
      title="Risk register"
      description="Risks across the device lifecycle with inherent and residual ratings, treatment, owners and reviews (NIS2 Art. 21(2)(a), ISO/IEC 27001 6.1.2–6.1.3)."
      actions={
        <>
          <Button variant="default" component="a" href="/api/risks/export?format=csv" leftSection={<IconDownload size={16} aria-hidden />}>
            CSV
          </Button>
          <Button variant="default" component="a" href="/api/risks/export?format=xlsx" leftSection={<IconDownload size={16} aria-hidden />}>
            XLSX
          </Button>
          {canWrite && (
            <FileButton onChange={onImport} accept=".csv,.xlsx">
              {(props) => (
                <Button variant="default" leftSection={<IconUpload size={16} aria-hidden />} {...props}>
                  Import
                </Button>
              )}
            </FileButton>
          )}
          {canWrite && (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)} disabled={!matrix.data}>
              New risk
            </Button>
          )}
        </>
      }
    >
      {importProblems && (
        <Alert color="red" title="Import rejected: nothing was imported" role="alert" withCloseButton onClose={() => setImportProblems(null)}>
          <Text size="sm">{importProblems.message}</Text>
          <List size="sm" mt={4}>
            {importProblems.problems.map((p) => (
              <List.Item key={`${p.line}-${p.column}-${p.reason}`}>
                Line {p.line}, column {p.column}: {p.reason}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {risks.isError && (
        <Alert color="red" title="Risks could not be loaded">
          {errorMessage(risks.error)}
        </Alert>
      )}
      {cell && matrix.data && (
        <Alert color="indigo" variant="light" title="Heat-map cell" withCloseButton onClose={() => set({ cell: null })} closeButtonLabel="Show all cells">
          {describeCell(cell, { likelihood: matrix.data.likelihood.map((l) => l.label), impact: matrix.data.impact.map((l) => l.label) })}.{" "}
          <Anchor component={Link} to="/risks/heatmap">
            Back to the heat map
          </Anchor>
        </Alert>
      )}
      <DataTable
        label="Risks"
        records={risks.data?.items}
        fetching={risks.isPending || risks.isPlaceholderData}
        columns={columns}
        pageSize={PAGE_SIZE}
        initialSort={{ columnAccessor: sort, direction: order }}
        remote={remote(risks.data?.total ?? 0)}
        emptyText={filters.length > 0 ? "No risk matches these filters." : "No risks yet. Adopt a template or create the first risk."}
        toolbar={
          <>
            <ListFilterInput label="Filter risks" placeholder="Filter by reference, title, asset, owner or threat" value={params.get("q") ?? ""} onChange={(v) => set({ q: v })} />
            <Select
              aria-label="Lifecycle phase"
              placeholder="All phases"
              clearable
              w={200}
              value={params.get("phase")}
              onChange={(v) => set({ phase: v })}
              data={LIFECYCLE_PHASES.map((p) => ({ value: p, label: PHASE_LABELS[p] }))}
            />
            <DeviceModelSelect aria-label="Device model" placeholder="All device models" w={220} value={params.get("deviceModelId")} onChange={(v) => set({ deviceModelId: v })} />
            <Select aria-label="Owner" placeholder="All owners" clearable searchable w={220} value={params.get("owner")} onChange={(v) => set({ owner: v })} data={owners} />
            <Select
              aria-label="Status"
              placeholder="All statuses"
              clearable
              w={160}
              value={params.get("status")}
              onChange={(v) => set({ status: v })}
              data={RISK_STATUSES.map((s) => ({ value: s, label: statusLabels[s] }))}
            />
            <Select
              aria-label="Level"
              placeholder="All levels"
              clearable
              w={140}
              value={params.get("level")}
              onChange={(v) => set({ level: v })}
              data={RISK_LEVELS.map((l) => ({ value: l, label: l }))}
            />
            <Checkbox label="Overdue" checked={params.get("overdue") === "true"} onChange={(e) => set({ overdue: e.currentTarget.checked ? "true" : null })} />
            <Checkbox label="Without owner" checked={params.get("noOwner") === "true"} onChange={(e) => set({ noOwner: e.currentTarget.checked ? "true" : null })} />
            <ListTotal total={risks.data?.total} noun="risk" />
          </>
        }
      />
      <Modal opened={creating} onClose={() => setCreating(false)} title="New risk" size="xl">
        {matrix.data && (
          <RiskForm
            matrix={matrix.data}
            onCancel={() => setCreating(false)}
            onSaved={(r) => {
              setCreating(false);
              void refresh();
              notifications.show({ color: "teal", title: "Risk created", message: `${r.reference} was added to the register.` });
              navigate(`/risks/${r.id}`);
            }}
          />
        )}
      </Modal>
    </Page>
  );
}
