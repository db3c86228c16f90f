import { Alert, Button, Checkbox, Group, Select, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconFileImport, IconSearch } from "@tabler/icons-react";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, errorMessage } from "../../api/client";
import { type PagedList, useListParams } from "../../api/paging";
import { useCan } from "../../auth/session";
import { Page } from "../../components/Page";
import { ListTotal } from "../../components/ListControls";
import { DeviceModelSelect } from "../devices/DeviceModelSelect";
import { FindingDrawer, findingKeys } from "./FindingDrawer";
import { FindingsTable } from "./FindingsTable";
import { type FindingItem, PRIORITIES, STATUS_LABELS, STATUSES } from "./types";

const PAGE_SIZE = 25;
const DEFAULT_SORT = { sort: "priority", order: "asc" } as const;

/** Findings across the portfolio, paged, filtered and sorted by the server; the state lives in the URL so a view can be shared. */
export function FindingsPage() {
  const list = useListParams(DEFAULT_SORT);
  const { params, page, sort, order } = list;
  const canImport = useCan("vulnerabilities:write");
  const status = params.get("status") ?? "";
  const priority = params.get("priority") ?? "";
  const deviceModelId = params.get("deviceModelId") ?? "";
  const kev = params.get("kev") === "true";
  const overdue = params.get("overdue") === "true";
  const q = params.get("q") ?? "";
  const open = params.get("finding");
  const [debouncedQ] = useDebouncedValue(q, 250);

  // Opening a finding keeps the page; "false" clears a checkbox filter.
  const set = (changes: Record<string, string | null>) =>
    list.set({ ...Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v === "false" ? null : v])), ...("finding" in changes ? { page: params.get("page") } : {}) });

  const query = new URLSearchParams({ limit: String(PAGE_SIZE), page: String(page), sort, order });
  if (status) query.set("status", status);
  if (priority) query.set("priority", priority);
  if (deviceModelId) query.set("deviceModelId", deviceModelId);
  if (kev) query.set("kev", "true");
  if (overdue) query.set("overdue", "true");
  if (debouncedQ.trim()) query.set("q", debouncedQ.trim());
  const findings = useQuery({
    queryKey: [...findingKeys.all, "list", query.toString()],
    queryFn: () => api.get<PagedList<FindingItem>>(`/api/findings?${query}`),
    placeholderData: keepPreviousData,
  });

  const toolbar = (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <TextInput
        label="Search"
        placeholder="CVE, component, purl…"
        leftSection={<IconSearch size={16} aria-hidden />}
        value={q}
        onChange={(e) => set({ q: e.currentTarget.value })}
        w={220}
      />
      <Select label="Status" placeholder="Any" clearable w={190} data={STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))} value={status || null} onChange={(v) => set({ status: v })} />
      <Select label="Priority" placeholder="Any" clearable w={130} data={PRIORITIES.map((p) => ({ value: p, label: p }))} value={priority || null} onChange={(v) => set({ priority: v })} />
      <DeviceModelSelect label="Device model" placeholder="Any" w={200} value={deviceModelId || null} onChange={(v) => set({ deviceModelId: v })} />
      <Checkbox label="KEV only" checked={kev} onChange={(e) => set({ kev: String(e.currentTarget.checked) })} mb={8} />
      <Checkbox label="Overdue only" checked={overdue} onChange={(e) => set({ overdue: String(e.currentTarget.checked) })} mb={8} />
      <ListTotal total={findings.data?.total} noun="finding" mb={8} />
    </Group>
  );

  return (
    <Page
      title="Vulnerabilities"
      description="Findings: known vulnerabilities in the components of your device versions, with their VEX triage, priority and remediation deadline."
      actions={
        <>
          <Button component={Link} to="/vulnerabilities/policies" variant="subtle">
            Triage policies
          </Button>
          <Button component={Link} to="/vulnerabilities/csaf-providers" variant="subtle">
            Suppliers' CSAF providers
          </Button>
          {canImport && (
            <Button component={Link} to="/vulnerabilities/imports" variant="light" leftSection={<IconFileImport size={16} aria-hidden />}>
              Import vulnerability data
            </Button>
          )}
        </>
      }
    >
      {findings.isError && (
        <Alert color="red" role="alert" title="Findings could not be loaded">
          {errorMessage(findings.error)}
        </Alert>
      )}
      <FindingsTable
        label="Findings"
        records={findings.data?.items}
        fetching={findings.isFetching}
        toolbar={toolbar}
        onOpen={(f) => set({ finding: f.id })}
        remote={list.remote(findings.data?.total ?? 0)}
        initialSort={{ columnAccessor: sort, direction: order }}
        emptyText="No findings match these filters."
      />
      <FindingDrawer id={open} onClose={() => set({ finding: null })} />
    </Page>
  );
}
