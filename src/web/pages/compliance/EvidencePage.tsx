import { Anchor, Badge } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../../api/client";
import { DataTable } from "../../components/DataTable";
import { Page } from "../../components/Page";
import type { Evidence } from "./workspace-api";

/** Every piece of evidence, its validity and the controls it serves. */
export function EvidencePage() {
  const q = useQuery({ queryKey: ["compliance", "evidence"], queryFn: () => api.get<Evidence[]>("/api/compliance/evidence") });
  return (
    <Page title="Evidence" description="Uploaded files (with SHA-256 and versions) and links to records in Vigil. Expired evidence sets its controls to needs review.">
      <DataTable<Evidence>
        label="Evidence"
        records={q.data}
        fetching={q.isFetching}
        emptyText="No evidence yet"
        searchText={(e) => `${e.title} ${e.controls.map((c) => c.code).join(" ")}`}
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
