import { Alert, Anchor, Badge, Button, Group, NumberInput, Select, Stack, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconPlus } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api, errorMessage } from "../../api/client";
import { useCan } from "../../auth/session";
import { type Column, DataTable } from "../../components/DataTable";
import { formatDateTime } from "../../components/format";
import { Page } from "../../components/Page";
import { useSuppliers } from "../suppliers/api";
import { type CsafProvider, csafProviderKeys, useCsafProviders } from "./csaf-providers-api";

/** Good when the last fetch was the last good one; otherwise the page names what went wrong. */
export function ProviderStatus({ p }: { p: CsafProvider }) {
  if (!p.lastFetchAt) return <Badge color="gray">Not fetched yet</Badge>;
  if (!p.lastError) return <Badge color="teal">Up to date</Badge>;
  return <Badge color={p.lastError.startsWith("unreachable") ? "red" : "orange"}>{p.lastError.startsWith("unreachable") ? "Unreachable" : "Documents refused"}</Badge>;
}

function AddProvider({ onAdded }: { onAdded: () => void }) {
  const suppliers = useSuppliers();
  const [name, setName] = useState("");
  const [url, setUrl] = useState("");
  const [supplierId, setSupplierId] = useState<string | null>(null);
  const [hours, setHours] = useState<number | string>(24);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const add = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await api.post("/api/csaf-providers", { name: name.trim(), url: url.trim(), supplierId, intervalHours: Number(hours) });
      setName("");
      setUrl("");
      setSupplierId(null);
      notifications.show({ color: "teal", title: "Provider registered", message: "The first fetch is queued." });
      onAdded();
    } catch (err) {
      setFailure(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="xs" maw={640} component="form" onSubmit={(e) => { e.preventDefault(); void add(); }}>
      <Group align="flex-end" wrap="wrap">
        <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} w={200} />
        <TextInput label="provider-metadata.json URL" required value={url} onChange={(e) => setUrl(e.currentTarget.value)} w={400} placeholder="https://psirt.example.com/.well-known/csaf/provider-metadata.json" />
        <Select label="Supplier" clearable w={220} data={(suppliers.data ?? []).map((s) => ({ value: s.id, label: s.name }))} value={supplierId} onChange={setSupplierId} />
        <NumberInput label="Fetch every (hours)" min={1} max={720} value={hours} onChange={setHours} w={160} />
        <Button type="submit" loading={busy} disabled={!name.trim() || !url.trim()} leftSection={<IconPlus size={16} aria-hidden />}>
          Add provider
        </Button>
      </Group>
      {failure && (
        <Alert color="red" role="alert" title="Not registered">
          {failure}
        </Alert>
      )}
    </Stack>
  );
}

/** Suppliers' CSAF providers: Vigil fetches their documents on a schedule and turns their VEX statements into suggestions. */
export function CsafProvidersPage() {
  const canWrite = useCan("vulnerabilities:write");
  const queryClient = useQueryClient();
  const providers = useCsafProviders();
  const columns: Column<CsafProvider>[] = [
    { accessor: "name", title: "Provider", sortable: true, render: (p) => <Anchor component={Link} to={`/vulnerabilities/csaf-providers/${p.id}`}>{p.name}</Anchor> },
    { accessor: "supplierName", title: "Supplier", render: (p) => p.supplierName ?? "—" },
    { accessor: "lastError", title: "Status", render: (p) => <ProviderStatus p={p} /> },
    { accessor: "lastGoodFetchAt", title: "Last good fetch", sortable: true, render: (p) => formatDateTime(p.lastGoodFetchAt) },
    { accessor: "documentCount", title: "Documents", sortable: true },
  ];
  return (
    <Page
      title="CSAF providers"
      description={
        <Text size="sm" c="dimmed" span>
          Suppliers' CSAF providers: Vigil reads their directory and ROLIE feeds on a schedule, checks each document's published hash, validates it with the strict schema and
          every mandatory test, and keeps each revision. VEX statements become suggestions beside the findings of versions whose SBOM holds the product. Documents above TLP:WHITE stay internal.
        </Text>
      }
    >
      {canWrite && <AddProvider onAdded={() => void queryClient.invalidateQueries({ queryKey: csafProviderKeys.all })} />}
      {providers.isError && (
        <Alert color="red" role="alert" title="Providers could not be loaded">
          {errorMessage(providers.error)}
        </Alert>
      )}
      <DataTable label="CSAF providers" records={providers.data?.items} fetching={providers.isPending} columns={columns} emptyText="No CSAF provider registered yet." />
    </Page>
  );
}
