import { Alert, Anchor, Badge, Button, Checkbox, FileButton, Group, List, Modal, SegmentedControl, Select, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconDownload, IconPlus, IconUpload } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { ApiError, api, errorMessage } from "../../api/client";
import { useListParams } from "../../api/paging";
import { useCan } from "../../auth/session";
import { type Column, DataTable } from "../../components/DataTable";
import { formatDate } from "../../components/format";
import { ListFilterInput, ListTotal } from "../../components/ListControls";
import { Page } from "../../components/Page";
import { RISK_COLORS, type SupplierSummary, supplierKeys, TIER_COLORS, useSupplierPage, useSupplierReference } from "./api";
import { SupplierForm } from "./SupplierForms";

export function TierBadge({ tier }: { tier: 1 | 2 | 3 }) {
  return (
    <Badge color={TIER_COLORS[tier]} variant={tier === 1 ? "filled" : "light"} radius="sm">
      Tier {tier}
    </Badge>
  );
}

export function RiskBadge({ risk }: { risk: SupplierSummary["risk"] }) {
  return (
    <Badge color={RISK_COLORS[risk.level]} variant="light" radius="sm" title={risk.factors.map((f) => `${f.factor}: +${f.points}`).join("\n")}>
      {risk.level} · {risk.score}
    </Badge>
  );
}

type ImportProblem = { line: number; column: string; reason: string };

function toBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(",")[1] ?? "");
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

function ImportExport({ canWrite }: { canWrite: boolean }) {
  const queryClient = useQueryClient();
  const [problems, setProblems] = useState<{ file: string; message: string; rows: ImportProblem[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const upload = async (file: File | null) => {
    if (!file) return;
    setBusy(true);
    setProblems(null);
    try {
      const r = await api.post<{ created: number; updated: number }>("/api/suppliers/import", { fileName: file.name, contentBase64: await toBase64(file) });
      notifications.show({ color: "teal", message: `${file.name}: ${r.created} supplier(s) added, ${r.updated} updated` });
      void queryClient.invalidateQueries({ queryKey: supplierKeys.all });
    } catch (err) {
      const rows = err instanceof ApiError ? (err.details as unknown as ImportProblem[]).filter((d) => typeof d.line === "number") : [];
      setProblems({ file: file.name, message: errorMessage(err), rows });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Group gap="xs">
        <Button component="a" href="/api/suppliers/export?format=csv" variant="default" leftSection={<IconDownload size={16} aria-hidden />}>
          CSV
        </Button>
        <Button component="a" href="/api/suppliers/export?format=xlsx" variant="default" leftSection={<IconDownload size={16} aria-hidden />}>
          XLSX
        </Button>
        {canWrite && (
          <FileButton onChange={upload} accept=".csv,.xlsx">
            {(props) => (
              <Button {...props} variant="default" loading={busy} leftSection={<IconUpload size={16} aria-hidden />}>
                Import
              </Button>
            )}
          </FileButton>
        )}
      </Group>
      <Modal opened={problems !== null} onClose={() => setProblems(null)} title="Import rejected" size="lg">
        {problems && (
          <Stack gap="sm">
            <Alert color="red" role="alert">
              {problems.message}
            </Alert>
            <List size="sm" aria-label="Problems in the file">
              {problems.rows.map((p) => (
                <List.Item key={`${p.line}:${p.column}`}>
                  Line {p.line}, column <code>{p.column}</code>: {p.reason}
                </List.Item>
              ))}
            </List>
          </Stack>
        )}
      </Modal>
    </>
  );
}

const PAGE_SIZE = 25;

/** The supplier register, paged, filtered and sorted by the server; the state lives in the URL (the portfolio links to it). */
export function SuppliersPage() {
  const { params, set, page, sort, order, remote } = useListParams({ sort: "tier", order: "asc" });
  const reference = useSupplierReference();
  const canWrite = useCan("suppliers:write");
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  // Filters start from the address (links from the portfolio) and then live in the page, so that a click shows at once;
  // changing one starts again at the first page.
  const [filters, setFilters] = useState({ tier: params.get("tier") ?? "all", missing: params.get("missing") === "1", certs: params.get("certs") ?? "all" });
  const { tier, missing, certs } = filters;
  const setFilter = <K extends keyof typeof filters>(key: K, value: (typeof filters)[K]) => {
    setFilters((f) => ({ ...f, [key]: value }));
    set({});
  };
  const [q] = useDebouncedValue((params.get("q") ?? "").trim(), 250);
  const query = new URLSearchParams({ limit: String(PAGE_SIZE), page: String(page), sort, order });
  if (tier !== "all") query.set("tier", tier);
  if (missing) query.set("missingClauses", "true");
  if (certs !== "all") query.set("certificates", certs);
  if (q) query.set("q", q);
  const suppliers = useSupplierPage(query.toString());
  const clauseTitle = (id: string) => reference.data?.clauses.find((c) => c.id === id)?.title ?? id;

  const columns: Column<SupplierSummary>[] = [
    {
      accessor: "name",
      title: "Supplier",
      sortable: true,
      render: (s) => (
        <Stack gap={0}>
          <Anchor component={Link} to={`/suppliers/${s.id}`} fw={600} size="sm">
            {s.name}
          </Anchor>
          <Text size="xs" c="dimmed" lineClamp={1}>
            {s.supplies}
          </Text>
        </Stack>
      ),
    },
    { accessor: "tier", title: "Tier", sortable: true, render: (s) => <TierBadge tier={s.tier} /> },
    // Risk is scored by the core from contracts, certificates and assessments, so the server does not sort by it.
    { accessor: "risk.score", title: "Risk", render: (s) => <RiskBadge risk={s.risk} /> },
    {
      accessor: "missingClauses",
      title: "Missing clauses",
      render: (s) =>
        s.missingClauses.length === 0 ? (
          <Text size="sm" c="dimmed">
            none
          </Text>
        ) : (
          <Text size="sm" c="red">
            {s.missingClauses.map(clauseTitle).join(", ")}
          </Text>
        ),
    },
    {
      accessor: "certificates",
      title: "Certificates",
      render: (s) => (
        <Group gap={4}>
          {s.expiredCertificates > 0 && (
            <Badge color="red" radius="sm">
              {s.expiredCertificates} expired
            </Badge>
          )}
          {s.expiringCertificates > 0 && (
            <Badge color="yellow" radius="sm">
              {s.expiringCertificates} expiring
            </Badge>
          )}
        </Group>
      ),
    },
    {
      accessor: "nextAssessmentDue",
      title: "Next assessment",
      sortable: true,
      render: (s) => (
        <Text size="sm" c={s.schedule === "overdue" ? "red" : s.schedule === "due_soon" ? "orange" : undefined} fw={s.schedule === "overdue" ? 600 : undefined}>
          {formatDate(s.nextAssessmentDue)}
          {s.schedule === "overdue" ? " · overdue" : ""}
        </Text>
      ),
    },
  ];

  return (
    <Page
      title="Suppliers"
      description="Your direct suppliers and service providers (NIS2 Art. 21(2)(d) and 21(3)): criticality tier, contract clauses, certificates and due-diligence assessments."
      actions={
        <>
          <Button component={Link} to="/suppliers/portfolio" variant="light">
            Portfolio view
          </Button>
          <ImportExport canWrite={canWrite} />
          {canWrite && (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
              New supplier
            </Button>
          )}
        </>
      }
    >
      {suppliers.isError && (
        <Alert color="red" role="alert" title="Suppliers could not be loaded">
          {errorMessage(suppliers.error)}
        </Alert>
      )}
      <DataTable
        label="Suppliers"
        records={suppliers.data?.items}
        fetching={suppliers.isPending || suppliers.isPlaceholderData}
        columns={columns}
        pageSize={PAGE_SIZE}
        remote={remote(suppliers.data?.total ?? 0)}
        toolbar={
          <Group gap="sm">
            <ListFilterInput label="Filter suppliers" placeholder="Filter by name, what they supply or country" value={params.get("q") ?? ""} onChange={(v) => set({ q: v })} />
            <SegmentedControl
              aria-label="Tier"
              size="xs"
              value={tier}
              onChange={(v) => setFilter("tier", v)}
              data={[
                { value: "all", label: "All tiers" },
                { value: "1", label: "Tier 1" },
                { value: "2", label: "Tier 2" },
                { value: "3", label: "Tier 3" },
              ]}
            />
            <Checkbox label="Missing clauses" checked={missing} onChange={(e) => setFilter("missing", e.currentTarget.checked)} />
            <Select
              aria-label="Certificates"
              size="xs"
              w={190}
              value={certs}
              allowDeselect={false}
              onChange={(v) => setFilter("certs", v ?? "all")}
              data={[
                { value: "all", label: "All certificates" },
                { value: "flagged", label: "Expired or expiring" },
                { value: "expiring", label: "Expiring" },
                { value: "expired", label: "Expired" },
              ]}
            />
            <ListTotal total={suppliers.data?.total} noun="supplier" />
          </Group>
        }
        initialSort={{ columnAccessor: sort, direction: order }}
        emptyText={canWrite ? "No suppliers match. Register one with “New supplier” or import a file." : "No suppliers match."}
      />
      <Modal opened={creating} onClose={() => setCreating(false)} title="New supplier" size="lg">
        <SupplierForm
          onCancel={() => setCreating(false)}
          onSaved={(s) => {
            setCreating(false);
            navigate(`/suppliers/${s.id}`);
          }}
        />
      </Modal>
    </Page>
  );
}
