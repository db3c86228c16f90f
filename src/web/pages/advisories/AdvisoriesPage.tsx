import { Badge, Button, Group, Text } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api } from "../../api/client";
import { useCan } from "../../auth/session";
import { type Column, DataTable } from "../../components/DataTable";
import { formatDateTime } from "../../components/format";
import { Page } from "../../components/Page";
import type { AdvisoryListItem } from "./types";

export function PublicationBadge({ item }: { item: Pick<AdvisoryListItem, "published" | "currentVersion" | "changedSincePublication"> }) {
  if (item.published) {
    return (
      <Group gap={4} wrap="nowrap">
        <Badge color="green" variant="light">
          Published {item.currentVersion}
        </Badge>
        {item.changedSincePublication && (
          <Badge color="yellow" variant="light">
            Unpublished changes
          </Badge>
        )}
      </Group>
    );
  }
  return item.currentVersion ? (
    <Badge color="gray" variant="light">
      Withdrawn ({item.currentVersion})
    </Badge>
  ) : (
    <Badge color="blue" variant="light">
      Not published
    </Badge>
  );
}

export function AdvisoriesPage() {
  const list = useQuery({ queryKey: ["advisories"], queryFn: () => api.get<AdvisoryListItem[]>("/api/advisories") });
  const canWrite = useCan("advisories:write");
  const columns: Column<AdvisoryListItem>[] = [
    {
      accessor: "trackingId",
      title: "Advisory",
      sortable: true,
      render: (a) => (
        <Text size="sm" component={Link} to={`/advisories/${a.id}`} fw={600} c="indigo.8">
          {a.trackingId}
        </Text>
      ),
    },
    { accessor: "title", title: "Title", sortable: true },
    { accessor: "products", title: "Products", render: (a) => a.products.join(", ") },
    { accessor: "tlp", title: "TLP", render: (a) => <Badge variant="outline">TLP:{a.tlp}</Badge> },
    { accessor: "documentStatus", title: "Status", sortable: true },
    { accessor: "published", title: "Publication", render: (a) => <PublicationBadge item={a} /> },
    { accessor: "updatedAt", title: "Changed", sortable: true, render: (a) => formatDateTime(a.updatedAt) },
  ];
  return (
    <Page
      title="Advisories"
      description="Security advisories about your devices, published as CSAF 2.0 for customers and the public provider directory."
      actions={
        canWrite && (
          <Button component={Link} to="/advisories/new" leftSection={<IconPlus size={16} aria-hidden />}>
            New advisory
          </Button>
        )
      }
    >
      <DataTable
        label="Advisories"
        records={list.data}
        fetching={list.isPending}
        columns={columns}
        searchText={(a) => `${a.trackingId} ${a.title} ${a.products.join(" ")}`}
        emptyText="No advisories yet."
      />
    </Page>
  );
}
