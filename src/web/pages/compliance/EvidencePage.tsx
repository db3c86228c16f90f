import { Anchor, Badge, SegmentedControl } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../../api/client";
import { type PagedList, useListParams } from "../../api/paging";
import { DataTable } from "../../components/DataTable";
import { ListFilterInput, ListTotal } from "../../components/ListControls";
import { Page } from "../../components/Page";
import type { Evidence } from "./workspace-api";

const PAGE_SIZE = 25;

/** The evidence library, paged, filtered and sorted by the server, with each item's validity and the controls it serves. */
export function EvidencePage() {
  const { params, set, page, sort, order, remote } = useListParams({ sort: "title", order: "asc" });
  const expired = params.get("expired") ?? "all";
  const [text] = useDebouncedValue((params.get("q") ?? "").trim(), 250);
  const query = new URLSearchParams({ limit: String(PAGE_SIZE), page: String(page), sort, order });
  if (expired !== "all") query.set("expired", expired);
  if (text) query.set("q", text);
  const q = useQuery({
    queryKey: ["compliance", "evidence", query.toString()],
    queryFn: () => api.get<PagedList<Evidence>>(`/api/compliance/evidence?${query}`),
    placeholderData: keepPreviousData,
  });
  return (
    <Page title="Evidence" description="Uploaded files (with SHA-256 and versions) and links to records in Vigil. Expired evidence sets its controls to needs review.">
      <DataTable<Evidence>
        label="Evidence"
        records={q.data?.items}
        fetching={q.isPending || q.isPlaceholderData}
        emptyText="No evidence matches"
        pageSize={PAGE_SIZE}
        initialSort={{ columnAccessor: sort, direction: order }}
        remote={remote(q.data?.total ?? 0)}
        toolbar={
          <>
            <ListFilterInput label="Filter evidence" placeholder="Filter by title or description" value={params.get("q") ?? ""} onChange={(v) => set({ q: v })} />
            <SegmentedControl
              aria-label="Validity"
              value={expired}
              onChange={(v) => set({ expired: v === "all" ? null : v })}
              data={[
                { value: "all", label: "All" },
                { value: "false", label: "Valid" },
                { value: "true", label: "Expired" },
              ]}
            />
            <ListTotal total={q.data?.total} noun="evidence item" />
          </>
        }
        columns={[
          { accessor: "title", title: "Evidence", sortable: true },
          {
            accessor: "file",
            title: "File / record",
            render: (e) =>
              e.file ? (
                <Anchor href={`/api/compliance/evidence/${e.id}/versions/${e.currentVersion}/content`}>
                  {e.file.fileName} (v{e.currentVersion}, {e.file.sha256.slice(0, 12)}…)
                </Anchor>
              ) : (
                `${e.record?.kind} ${e.record?.id}`
              ),
          },
          { accessor: "validUntil", title: "Valid until", sortable: true, render: (e) => (e.expired ? <Badge color="orange">expired {e.validUntil}</Badge> : (e.validUntil ?? "—")) },
          {
            accessor: "controls",
            title: "Controls",
            render: (e) =>
              e.controls.map((c) => (
                <Link key={c.id} to={`/compliance/controls/${c.id}`} style={{ marginRight: 6 }}>
                  {c.code}
                </Link>
              )),
          },
        ]}
      />
    </Page>
  );
}
