import { Anchor, Badge, Drawer, Group, Loader, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconSearch } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { api } from "../../api/client";
import { DataTable } from "../../components/DataTable";
import { Page } from "../../components/Page";
import { ConfidenceBadge } from "./ConfidenceBadge";

type Source = { document: string; ref: string; url?: string };
type ItemSummary = { id: string; framework: string; kind: string; title: string; parent: string | null; confidence: string; source: Source };
type Frameworks = { version: string; lastReviewed: string; frameworks: Array<{ id: string; name: string; items: number; idsAndTitlesOnly: boolean }> };
type ItemDetail = ItemSummary & {
  summary: string | null;
  text: string | null;
  note: string | null;
  lastReviewed: string;
  ancestors: ItemSummary[];
  children: ItemSummary[];
  mappings: Array<{ direction: "from" | "to"; other: ItemSummary; relationship: string; strength: string | null; source: string; confidence: string; note: string | null }>;
};

const PAGE_SIZE = 50;

/** The regulatory catalog: search every framework, open an item, follow its mappings in every direction. */
export function CatalogPage() {
  const [params, setParams] = useSearchParams();
  const framework = params.get("framework") ?? "";
  const openId = params.get("item");
  const [q, setQ] = useState(params.get("q") ?? "");
  const [debounced] = useDebouncedValue(q, 250);
  const [page, setPage] = useState(1);

  const frameworks = useQuery({ queryKey: ["catalog", "frameworks"], queryFn: () => api.get<Frameworks>("/api/catalog/frameworks"), staleTime: Infinity });
  const search = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String((page - 1) * PAGE_SIZE) });
  if (framework) search.set("framework", framework);
  if (debounced.trim()) search.set("q", debounced.trim());
  const items = useQuery({
    queryKey: ["catalog", "items", search.toString()],
    queryFn: () => api.get<{ total: number; items: Array<ItemSummary & { mappings: number }> }>(`/api/catalog/items?${search}`),
    placeholderData: (prev) => prev,
  });

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: key !== "item" });
  };

  return (
    <Page
      title="Regulatory catalog"
      description={
        frameworks.data
          ? `Catalog ${frameworks.data.version}, last reviewed ${frameworks.data.lastReviewed}. Every item cites its source and shows how well it is verified. ISO/IEC standards appear by ID and short title only.`
          : "Every item cites its source and shows how well it is verified."
      }
    >
      <Group align="flex-end">
        <Select
          label="Framework"
          placeholder="All frameworks"
          clearable
          w={320}
          data={(frameworks.data?.frameworks ?? []).map((f) => ({ value: f.id, label: `${f.name} (${f.items})` }))}
          value={framework || null}
          onChange={(v) => {
            setPage(1);
            setParam("framework", v);
          }}
        />
        <TextInput
          label="Search"
          placeholder="ID, title, summary or article"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={q}
          onChange={(e) => {
            setPage(1);
            setQ(e.currentTarget.value);
          }}
          w={320}
        />
      </Group>
      <DataTable
        label="Catalog items"
        records={items.data?.items}
        fetching={items.isFetching}
        idAccessor="id"
        emptyText="No catalog item matches"
        remote={{ page, onPageChange: setPage, totalRecords: items.data?.total ?? 0 }}
        pageSize={PAGE_SIZE}
        columns={[
          {
            accessor: "id",
            title: "ID",
            render: (r) => (
              <Anchor component="button" type="button" onClick={() => setParam("item", r.id)} ff="monospace" size="sm">
                {r.id}
              </Anchor>
            ),
          },
          { accessor: "title", title: "Title" },
          { accessor: "source.ref", title: "Source", render: (r) => r.source.ref },
          { accessor: "confidence", title: "Confidence", render: (r) => <ConfidenceBadge confidence={r.confidence} /> },
          { accessor: "mappings", title: "Mappings", textAlign: "right" },
        ]}
      />
      <Drawer opened={!!openId} onClose={() => setParam("item", null)} position="right" size="lg" title={openId ?? ""}>
        {openId && <ItemPanel id={openId} open={(id) => setParam("item", id)} />}
      </Drawer>
    </Page>
  );
}

function ItemLink({ item, open }: { item: ItemSummary; open: (id: string) => void }) {
  return (
    <Anchor component="button" type="button" onClick={() => open(item.id)} size="sm" ta="left">
      <Text span ff="monospace" size="sm">
        {item.id}
      </Text>{" "}
      {item.title}
    </Anchor>
  );
}

function ItemPanel({ id, open }: { id: string; open: (id: string) => void }) {
  const item = useQuery({ queryKey: ["catalog", "item", id], queryFn: () => api.get<ItemDetail>(`/api/catalog/items/${encodeURIComponent(id)}`) });
  if (item.isLoading) return <Loader size="sm" />;
  if (item.error || !item.data) return <Text c="red">This catalog item could not be loaded.</Text>;
  const i = item.data;
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        {i.title}
      </Title>
      <Group gap="xs">
        <Badge variant="outline">{i.framework}</Badge>
        <Badge variant="outline">{i.kind}</Badge>
        <ConfidenceBadge confidence={i.confidence} />
      </Group>
      <Text size="sm">
        Source: {i.source.document}, {i.source.ref}
        {i.source.url && (
          <>
            {" "}
            (<Anchor href={i.source.url} target="_blank" rel="noreferrer">link</Anchor>)
          </>
        )}
        . Last reviewed {i.lastReviewed}.
      </Text>
      {i.summary && <Text size="sm">{i.summary}</Text>}
      {i.text && (
        <Text size="sm" fs="italic" style={{ whiteSpace: "pre-wrap" }}>
          “{i.text}”
        </Text>
      )}
      {i.note && (
        <Text size="xs" c="dimmed">
          Note: {i.note}
        </Text>
      )}
      {i.ancestors.length > 0 && (
        <Stack gap={2}>
          <Text fw={600} size="sm">
            Part of
          </Text>
          {i.ancestors.map((a) => (
            <ItemLink key={a.id} item={a} open={open} />
          ))}
        </Stack>
      )}
      {i.children.length > 0 && (
        <Stack gap={2}>
          <Text fw={600} size="sm">
            Contains ({i.children.length})
          </Text>
          {i.children.map((c) => (
            <ItemLink key={c.id} item={c} open={open} />
          ))}
        </Stack>
      )}
      <Text fw={600} size="sm">
        Mappings ({i.mappings.length})
      </Text>
      {i.mappings.length === 0 ? (
        <Text size="sm" c="dimmed">
          No mapping to or from this item.
        </Text>
      ) : (
        <Table striped aria-label="Mappings">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Other item</Table.Th>
              <Table.Th>Relationship</Table.Th>
              <Table.Th>Source</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {i.mappings.map((m) => (
              <Table.Tr key={`${m.direction}-${m.other.id}-${m.source}`}>
                <Table.Td>
                  <ItemLink item={m.other} open={open} />
                </Table.Td>
                <Table.Td>
                  <Text size="xs">
                    {m.direction === "from" ? "this → other" : "other → this"}: {m.relationship}
                    {m.strength ? ` (${m.strength})` : ""}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="xs">{m.source}</Text> <ConfidenceBadge confidence={m.confidence} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
