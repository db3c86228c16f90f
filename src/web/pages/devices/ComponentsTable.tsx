import { Alert, Anchor, Autocomplete, Badge, Button, Code, Group, Modal, Select, Stack, Text, TextInput } from "@mantine/core";
import { DateInput } from "@mantine/dates";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage } from "../../api/client";
import { useCan } from "../../auth/session";
import { type Column, DataTable } from "../../components/DataTable";
import { formatDate } from "../../components/format";
import type { SbomComponent, SbomDetail, SupportReport } from "./sbom-types";
import { DEPENDENCY_RELATIONSHIPS, type DependencyRelationship } from "../../../core/sbom/relationship";

const PAGE = 25;
/** Suggestions only: SBOM properties carry free text, which is kept as written. */
const SUPPORT_LEVELS = ["active", "limited", "security fixes only", "end of life", "unknown"];
type Support = { supplier: string | null; supportLevel: string | null; endOfSupport: string | null; source: string | null };

function SupportForm({ component, current, onDone }: { component: SbomComponent; current: Support; onDone: () => void }) {
  const [supplier, setSupplier] = useState(current.supplier ?? "");
  const [level, setLevel] = useState<string>(current.supportLevel ?? "");
  const [end, setEnd] = useState<string | null>(current.endOfSupport);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await api.patch("/api/components/support", {
        purl: component.purl,
        ...(supplier.trim() ? { supplier: supplier.trim() } : {}),
        supportLevel: level.trim() || null,
        endOfSupport: end ? end.slice(0, 10) : null,
      });
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Stack gap="sm">
      <Text size="sm">
        Applies wherever <Code>{component.purl}</Code> is used.
      </Text>
      <TextInput label="Supplier" value={supplier} onChange={(e) => setSupplier(e.currentTarget.value)} />
      <Autocomplete label="Level of support" data={SUPPORT_LEVELS} value={level} onChange={setLevel} />
      <DateInput label="End of support" value={end} onChange={(v) => setEnd(v ? String(v) : null)} valueFormat="YYYY-MM-DD" clearable />
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      <Group justify="flex-end">
        <Button onClick={save} loading={saving}>
          Save support
        </Button>
      </Group>
    </Stack>
  );
}

const RELATIONSHIP_LABELS: Record<DependencyRelationship, string> = { product: "product", direct: "direct", transitive: "transitive", unknown: "unknown" };
// The SBOM states no dependency graph that reaches these: "unknown", never presented as transitive.
const RELATIONSHIP_COLORS: Record<DependencyRelationship, string> = { product: "violet", direct: "blue", transitive: "gray", unknown: "yellow" };

/** Components of the current SBOM, paged by the server, with the support data the FDA report needs. */
export function ComponentsTable({ sbomId, versionId }: { sbomId: string; versionId: string }) {
  const canEdit = useCan("vulnerabilities:write");
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [q, setQ] = useState("");
  const [relationship, setRelationship] = useState<string | null>(null);
  const [debouncedQ] = useDebouncedValue(q, 250);
  const [editing, setEditing] = useState<SbomComponent | null>(null);
  const params = new URLSearchParams({ offset: String((page - 1) * PAGE), limit: String(PAGE) });
  if (debouncedQ.trim()) params.set("q", debouncedQ.trim());
  if (relationship) params.set("relationship", relationship);
  const sbom = useQuery({
    queryKey: ["versions", "sbom", sbomId, params.toString()],
    queryFn: () => api.get<SbomDetail>(`/api/sboms/${encodeURIComponent(sbomId)}?${params}`),
    placeholderData: keepPreviousData,
  });
  const report = useQuery({
    queryKey: ["versions", versionId, "support-report"],
    queryFn: () => api.get<SupportReport>(`/api/versions/${encodeURIComponent(versionId)}/support-report`),
    retry: false,
  });
  const supportOf = (c: SbomComponent): Support => {
    const r = c.purl ? report.data?.items.find((i) => i.purl === c.purl) : undefined;
    return r
      ? { supplier: r.supplier, supportLevel: r.supportLevel, endOfSupport: r.endOfSupport, source: r.source }
      : { supplier: c.supplier, supportLevel: c.supportLevel, endOfSupport: c.endOfSupport, source: c.supportLevel || c.endOfSupport ? "sbom" : null };
  };

  const columns: Column<SbomComponent>[] = [
    {
      accessor: "name",
      title: "Component",
      render: (c) => (
        <Stack gap={0}>
          <Text size="sm" fw={600}>
            {c.group ? `${c.group}/` : ""}
            {c.name} {c.version}
          </Text>
          {c.purl ? <Code fz="xs">{c.purl}</Code> : c.cpe ? <Code fz="xs">{c.cpe}</Code> : <Text size="xs" c="dimmed">no purl</Text>}
        </Stack>
      ),
    },
    { accessor: "licenses", title: "Licence", render: (c) => [...c.licenses, ...c.licenseNames].join(", ") || "—" },
    { accessor: "supplier", title: "Supplier", render: (c) => supportOf(c).supplier ?? "—" },
    {
      accessor: "direct",
      title: "Dependency",
      render: (c) => (
        <Badge variant="light" radius="sm" color={RELATIONSHIP_COLORS[c.relationship]}>
          {RELATIONSHIP_LABELS[c.relationship]}
        </Badge>
      ),
    },
    {
      accessor: "support",
      title: "Support",
      render: (c) => {
        const s = supportOf(c);
        return (
          <Group gap={4} wrap="nowrap">
            <Text size="sm">
              {s.supportLevel ? s.supportLevel.replaceAll("_", " ") : "—"}
              {s.endOfSupport ? ` until ${formatDate(s.endOfSupport)}` : ""}
            </Text>
            {s.source && s.source !== "sbom" && (
              <Badge size="xs" variant="outline" radius="sm" tt="none">
                {s.source === "manual" ? "edited" : s.source}
              </Badge>
            )}
            {canEdit && c.purl && (
              <Anchor component="button" type="button" size="xs" onClick={() => setEditing(c)} aria-label={`Edit support of ${c.name}`}>
                edit
              </Anchor>
            )}
          </Group>
        );
      },
    },
  ];

  return (
    <>
      {sbom.isError && (
        <Alert color="red" role="alert">
          {errorMessage(sbom.error)}
        </Alert>
      )}
      <DataTable
        label="Components"
        records={sbom.data?.components.items}
        fetching={sbom.isFetching}
        columns={columns}
        pageSize={PAGE}
        remote={{ page, onPageChange: setPage, totalRecords: sbom.data?.components.total ?? 0 }}
        toolbar={
          <Group gap="sm" align="flex-end">
            <TextInput
              label="Search components"
              placeholder="Name or purl"
              value={q}
              onChange={(e) => {
                setQ(e.currentTarget.value);
                setPage(1);
              }}
              w={260}
            />
            <Select
              label="Dependency"
              placeholder="All"
              clearable
              w={160}
              data={DEPENDENCY_RELATIONSHIPS.map((r) => ({ value: r, label: RELATIONSHIP_LABELS[r] }))}
              value={relationship}
              onChange={(v) => {
                setRelationship(v);
                setPage(1);
              }}
            />
          </Group>
        }
        emptyText="No components."
      />
      <Modal opened={editing !== null} onClose={() => setEditing(null)} title={editing ? `Support of ${editing.name}` : ""}>
        {editing && (
          <SupportForm
            component={editing}
            current={supportOf(editing)}
            onDone={() => {
              setEditing(null);
              void queryClient.invalidateQueries({ queryKey: ["versions"] });
              notifications.show({ color: "teal", title: "Support saved", message: "The support report uses the new values." });
            }}
          />
        )}
      </Modal>
    </>
  );
}
