import { Badge, Button, Checkbox, Group, Select, Text } from "@mantine/core";
import { useState } from "react";
import { Link } from "react-router";
import { errorMessage } from "../../api/client";
import { DataTable } from "../../components/DataTable";
import { Page } from "../../components/Page";
import { useSession } from "../../auth/session";
import { api } from "../../api/client";
import { CONTROL_STATUSES, type Control, label, statusColor, useComplianceMutation, useControls } from "./workspace-api";

/** The organisation's controls: status, owner, evidence; select several to change them at once. */
export function ControlsPage() {
  const controls = useControls();
  const { user } = useSession();
  const canWrite = user.permissions.includes("compliance:write");
  const [selected, setSelected] = useState<string[]>([]);
  const [bulkStatus, setBulkStatus] = useState<string | null>(null);
  const [domain, setDomain] = useState<string | null>(null);
  const bulk = useComplianceMutation((v: { ids: string[]; status: string }) => api.post("/api/compliance/controls/bulk", { ids: v.ids, set: { status: v.status } }));
  const domains = [...new Set((controls.data ?? []).map((c) => c.domain))].sort();
  const records = (controls.data ?? []).filter((c) => !domain || c.domain === domain);
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
        records={records}
        fetching={controls.isFetching}
        pageSize={25}
        emptyText="No controls yet"
        searchText={(c) => `${c.code} ${c.title} ${c.domain} ${c.ownerName ?? ""}`}
        toolbar={<Select aria-label="Domain" placeholder="All domains" clearable data={domains} value={domain} onChange={setDomain} w={180} />}
        columns={[
          ...(canWrite
            ? [{ accessor: "select", title: "", width: 40, render: (c: Control) => <Checkbox aria-label={`Select ${c.code}`} checked={selected.includes(c.id)} onChange={() => toggle(c.id)} /> }]
            : []),
          { accessor: "code", title: "ID", sortable: true, render: (c) => <Link to={`/compliance/controls/${c.id}`}>{c.code}</Link> },
          { accessor: "title", title: "Control", sortable: true },
          { accessor: "domain", title: "Domain", sortable: true },
          { accessor: "effectiveStatus", title: "Status", sortable: true, render: (c) => <Badge color={statusColor[c.effectiveStatus]} variant="light">{label(c.effectiveStatus)}</Badge> },
          { accessor: "ownerName", title: "Owner", sortable: true },
          { accessor: "dueDate", title: "Due", sortable: true },
          { accessor: "maturity", title: "Maturity", sortable: true },
          { accessor: "evidenceCount", title: "Evidence", sortable: true },
          { accessor: "frameworks", title: "Frameworks", render: (c) => Object.keys(c.frameworks).length },
        ]}
      />
    </Page>
  );
}
