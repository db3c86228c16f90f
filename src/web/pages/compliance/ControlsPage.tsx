import { Badge, Button, Checkbox, Group, Select, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api, errorMessage } from "../../api/client";
import { type PagedList, useListParams } from "../../api/paging";
import { useSession } from "../../auth/session";
import { DataTable } from "../../components/DataTable";
import { ListFilterInput, ListTotal } from "../../components/ListControls";
import { Page } from "../../components/Page";
import { CONTROL_STATUSES, type Control, label, statusColor, useComplianceMutation } from "./workspace-api";

const PAGE_SIZE = 25;
const SHOWN_STATUSES = [...CONTROL_STATUSES, "needs_review"] as const;

/** The organisation's controls, paged, filtered and sorted by the server: status, owner, evidence; select several to change them at once. */
export function ControlsPage() {
  const { params, set, page, sort, order, remote } = useListParams({ sort: "code", order: "asc" });
  const domain = params.get("domain");
  const status = params.get("status");
  const [text] = useDebouncedValue((params.get("q") ?? "").trim(), 250);
  const query = new URLSearchParams({ limit: String(PAGE_SIZE), page: String(page), sort, order });
  if (domain) query.set("domain", domain);
  if (status) query.set("effectiveStatus", status);
  if (text) query.set("q", text);
  const controls = useQuery({
    queryKey: ["compliance", "controls", query.toString()],
    queryFn: () => api.get<PagedList<Control>>(`/api/compliance/controls?${query}`),
    placeholderData: keepPreviousData,
  });
  const domains = useQuery({ queryKey: ["compliance", "controls", "domains"], queryFn: () => api.get<string[]>("/api/compliance/controls/domains") });
  const { user } = useSession();
  const canWrite = user.permissions.includes("compliance:write");
  const [selected, setSelected] = useState<string[]>([]);
  const [bulkStatus, setBulkStatus] = useState<string | null>(null);
  const bulk = useComplianceMutation((v: { ids: string[]; status: string }) => api.post("/api/compliance/controls/bulk", { ids: v.ids, set: { status: v.status } }));
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  return (
    <Page title="Controls" description="Your harmonised controls. Each one counts for every framework requirement it is mapped to.">
      {canWrite && (
        <Group>
          <Text size="sm">{selected.length} selected</Text>
          <Select aria-label="Set status" placeholder="Set status…" data={CONTROL_STATUSES.filter((s) => s !== "not_applicable").map((s) => ({ value: s, label: label(s) }))} value={bulkStatus} onChange={setBulkStatus} w={180} />
          <Button
            size="xs"
            disabled={selected.length === 0 || !bulkStatus}
            loading={bulk.isPending}
            onClick={() => bulk.mutate({ ids: selected, status: bulkStatus! }, { onSuccess: () => setSelected([]) })}
          >
            Apply to selected
          </Button>
          {bulk.error && <Text c="red" size="sm">{errorMessage(bulk.error)}</Text>}
        </Group>
      )}
      <DataTable<Control>
        label="Controls"
        records={controls.data?.items}
        fetching={controls.isPending || controls.isPlaceholderData}
        pageSize={PAGE_SIZE}
        initialSort={{ columnAccessor: sort, direction: order }}
        remote={remote(controls.data?.total ?? 0)}
        emptyText="No controls match"
        toolbar={
          <>
            <ListFilterInput label="Filter controls" placeholder="Filter by ID, title or description" value={params.get("q") ?? ""} onChange={(v) => set({ q: v })} />
            <Select aria-label="Domain" placeholder="All domains" clearable data={domains.data ?? []} value={domain} onChange={(v) => set({ domain: v })} w={180} />
            <Select aria-label="Status" placeholder="Any status" clearable data={SHOWN_STATUSES.map((s) => ({ value: s, label: label(s) }))} value={status} onChange={(v) => set({ status: v })} w={180} />
            <ListTotal total={controls.data?.total} noun="control" />
          </>
        }
        columns={[
          ...(canWrite
            ? [{ accessor: "select", title: "", width: 40, render: (c: Control) => <Checkbox aria-label={`Select ${c.code}`} checked={selected.includes(c.id)} onChange={() => toggle(c.id)} /> }]
            : []),
          { accessor: "code", title: "ID", sortable: true, render: (c) => <Link to={`/compliance/controls/${c.id}`}>{c.code}</Link> },
          { accessor: "title", title: "Control", sortable: true },
          { accessor: "domain", title: "Domain", sortable: true },
          { accessor: "status", title: "Status", sortable: true, render: (c) => <Badge color={statusColor[c.effectiveStatus]} variant="light">{label(c.effectiveStatus)}</Badge> },
          { accessor: "ownerName", title: "Owner" },
          { accessor: "dueDate", title: "Due", sortable: true },
          { accessor: "maturity", title: "Maturity", sortable: true },
          { accessor: "evidenceCount", title: "Evidence" },
          { accessor: "frameworks", title: "Frameworks", render: (c) => Object.keys(c.frameworks).length },
        ]}
      />
    </Page>
  );
}
