import { Alert, Anchor, Badge, Button, Group, NumberInput, SegmentedControl, Select, Stack, Text, TextInput } from "@mantine/core";
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
import { CsafUploadButton, type UploadRefusal, UploadRefusalAlert } from "./CsafUploadButton";
import { TrustedSuppliers } from "./TrustedSuppliers";

/** Good when the last fetch was the last good one; otherwise the page names what went wrong. */
export function ProviderStatus({ p }: { p: CsafProvider }) {
  if (!p.lastFetchAt) return <Badge color="gray">{p.kind === "upload" ? "Nothing uploaded yet" : "Not fetched yet"}</Badge>;
  if (!p.lastError) return <Badge color="teal">Up to date</Badge>;
  return <Badge color={p.lastError.startsWith("unreachable") ? "red" : "orange"}>{p.lastError.startsWith("unreachable") ? "Unreachable" : "Documents refused"}</Badge>;
}

function AddProvider({ onAdded }: { onAdded: () => void }) {
  const suppliers = useSuppliers();
  const [name, setName] = useState("");
  const [kind, setKind] = useState<CsafProvider["kind"]>("metadata");
  const [url, setUrl] = useState("");
  const [supplierId, setSupplierId] = useState<string | null>(null);
  const [hours, setHours] = useState<number | string>(24);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const add = async () => {
    setBusy(true);
    setFailure(null);
    try {
      const source = kind === "upload" ? { kind } : { kind, url: url.trim(), intervalHours: Number(hours) };
      await api.post("/api/csaf-providers", { name: name.trim(), supplierId, ...source });
      setName("");
      setUrl("");
      setSupplierId(null);
      notifications.show({ color: "teal", title: "Provider registered", message: kind === "upload" ? "Upload its documents from the list." : "The first fetch is queued." });
      onAdded();
    } catch (err) {
      setFailure(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="xs" maw={640} component="form" onSubmit={(e) => { e.preventDefault(); void add(); }}>
      <SegmentedControl
        aria-label="Documents come"
        value={kind}
        onChange={(v) => setKind(v as CsafProvider["kind"])}
        data={[
          { value: "metadata", label: "Fetched from a provider URL" },
          { value: "upload", label: "Uploaded (zip or files)" },
        ]}
        w="fit-content"
      />
      <Group align="flex-end" wrap="wrap">
        <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} w={200} />
        {kind === "metadata" && (
          <TextInput label="provider-metadata.json URL" required value={url} onChange={(e) => setUrl(e.currentTarget.value)} w={400} placeholder="https://psirt.example.com/.well-known/csaf/provider-metadata.json" />
        )}
        <Select label="Supplier" clearable w={220} data={(suppliers.data ?? []).map((s) => ({ value: s.id, label: s.name }))} value={supplierId} onChange={setSupplierId} />
        {kind === "metadata" && <NumberInput label="Fetch every (hours)" min={1} max={720} value={hours} onChange={setHours} w={160} />}
        <Button type="submit" loading={busy} disabled={!name.trim() || (kind === "metadata" && !url.trim())} leftSection={<IconPlus size={16} aria-hidden />}>
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
  const refresh = () => void queryClient.invalidateQueries({ queryKey: csafProviderKeys.all });
  const [refusal, setRefusal] = useState<UploadRefusal | null>(null);
  const columns: Column<CsafProvider>[] = [
    { accessor: "name", title: "Provider", sortable: true, render: (p) => <Anchor component={Link} to={`/vulnerabilities/csaf-providers/${p.id}`}>{p.name}</Anchor> },
    { accessor: "supplierName", title: "Supplier", render: (p) => p.supplierName ?? "—" },
    { accessor: "lastError", title: "Status", render: (p) => <ProviderStatus p={p} /> },
    { accessor: "lastGoodFetchAt", title: "Last good fetch", sortable: true, render: (p) => formatDateTime(p.lastGoodFetchAt) },
    { accessor: "documentCount", title: "Documents", sortable: true },
    {
      accessor: "kind",
      title: "Source",
      render: (p) => (p.kind === "upload" ? canWrite ? <CsafUploadButton providerId={p.id} providerName={p.name} onUploaded={refresh} onRefused={setRefusal} /> : "Uploaded" : "Fetched"),
    },
  ];
  return (
    <Page
      title="CSAF providers"
      description={
        <Text size="sm" c="dimmed" span>
          Suppliers' CSAF providers: Vigil reads their directory and ROLIE feeds on a schedule (or takes their documents as an uploaded zip), checks each document's published hash, validates it with the strict schema and
          every mandatory test, and keeps each revision. VEX statements become suggestions beside the findings of versions whose SBOM holds the product. Documents above TLP:WHITE stay internal.
        </Text>
      }
    >
      {canWrite && <AddProvider onAdded={refresh} />}
      {providers.isError && (
        <Alert color="red" role="alert" title="Providers could not be loaded">
          {errorMessage(providers.error)}
        </Alert>
      )}
      {refusal && <UploadRefusalAlert refusal={refusal} />}
      <DataTable label="CSAF providers" records={providers.data?.items} fetching={providers.isPending} columns={columns} emptyText="No CSAF provider registered yet." />
      <TrustedSuppliers canWrite={canWrite} />
    </Page>
  );
}
