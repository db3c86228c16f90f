import { Alert, Anchor, Badge, Button, Card, Group, List, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconRefresh, IconTrash } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { api, errorMessage } from "../../api/client";
import { useCan } from "../../auth/session";
import { formatDateTime } from "../../components/format";
import { Page } from "../../components/Page";
import { csafProviderKeys, useCsafProvider, useCsafProviderDocuments } from "./csaf-providers-api";
import { ProviderStatus } from "./CsafProvidersPage";
import { CsafUploadButton, type UploadRefusal, UploadRefusalAlert } from "./CsafUploadButton";

/** One provider: when it was last fetched and last fetched without a problem, what it refused, and its documents with every revision. */
export function CsafProviderPage() {
  const { id = "" } = useParams();
  const provider = useCsafProvider(id);
  const documents = useCsafProviderDocuments(id);
  const canWrite = useCan("vulnerabilities:write");
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const p = provider.data;
  const [refusal, setRefusal] = useState<UploadRefusal | null>(null);

  const fetchNow = async () => {
    try {
      await api.post(`/api/csaf-providers/${encodeURIComponent(id)}/fetch`, {});
      notifications.show({ color: "teal", message: "A fetch is queued; this page shows its outcome once it ran." });
      void queryClient.invalidateQueries({ queryKey: csafProviderKeys.one(id) });
    } catch (err) {
      notifications.show({ color: "red", message: errorMessage(err) });
    }
  };
  const remove = async () => {
    if (!window.confirm("Stop fetching this provider and remove its stored documents? Suggestions already made stay beside the findings.")) return;
    try {
      await api.delete(`/api/csaf-providers/${encodeURIComponent(id)}`);
      void queryClient.invalidateQueries({ queryKey: csafProviderKeys.all });
      navigate("/vulnerabilities/csaf-providers");
    } catch (err) {
      notifications.show({ color: "red", message: errorMessage(err) });
    }
  };

  if (provider.isError) {
    return (
      <Page title="CSAF provider">
        <Alert color="red" role="alert" title="The provider could not be loaded">
          {errorMessage(provider.error)}
        </Alert>
      </Page>
    );
  }
  return (
    <Page
      title={p ? `CSAF provider: ${p.name}` : "CSAF provider"}
      description={p && (p.url ? <Anchor href={p.url} size="sm">{p.url}</Anchor> : <Text size="sm">Documents are uploaded, not fetched.</Text>)}
      actions={
        canWrite &&
        p && (
          <>
            {p.kind === "upload" ? (
              <CsafUploadButton providerId={p.id} providerName={p.name} onUploaded={() => void queryClient.invalidateQueries({ queryKey: csafProviderKeys.one(id) })} onRefused={setRefusal} />
            ) : (
              <Button variant="light" leftSection={<IconRefresh size={16} aria-hidden />} onClick={fetchNow}>
                Fetch now
              </Button>
            )}
            <Button variant="subtle" color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={remove}>
              Remove
            </Button>
          </>
        )
      }
    >
      {refusal && <UploadRefusalAlert refusal={refusal} />}
      {p && (
        <Card withBorder component="section" aria-label="Status">
          <Stack gap="xs">
            <Group gap="sm">
              <ProviderStatus p={p} />
              {p.supplierId && (
                <Anchor component={Link} to={`/suppliers/${p.supplierId}`} size="sm">
                  {p.supplierName}
                </Anchor>
              )}
            </Group>
            <Text size="sm">Last fetch: {formatDateTime(p.lastFetchAt)}</Text>
            <Text size="sm">Last good fetch: {formatDateTime(p.lastGoodFetchAt)}</Text>
            <Text size="sm">Next fetch: {formatDateTime(p.nextFetchAt)} (every {p.intervalHours} h)</Text>
            {p.lastError && (
              <Alert color={p.lastError.startsWith("unreachable") ? "red" : "orange"} role="alert" title="Last fetch">
                {p.lastError}
                {p.problems.length > 0 && (
                  <List size="sm" mt="xs">
                    {p.problems.slice(0, 50).map((x) => (
                      <List.Item key={`${x.path}|${x.reason}`}>
                        <Text span ff="monospace" size="sm">{x.path}</Text>: {x.reason}
                      </List.Item>
                    ))}
                  </List>
                )}
              </Alert>
            )}
          </Stack>
        </Card>
      )}
      <Title order={2} size="h4">
        Documents
      </Title>
      {documents.data?.items.length === 0 && <Text c="dimmed">No document accepted yet.</Text>}
      {documents.data?.items.map((d) => (
        <Card key={d.id} withBorder component="section" aria-label={d.trackingId}>
          <Group gap="xs" mb="xs">
            <Text fw={600}>{d.trackingId}</Text>
            <Text size="sm">{d.title}</Text>
            <Badge variant="light">{d.category}</Badge>
            {d.tlp && <Badge color={d.internal ? "orange" : "gray"}>TLP:{d.tlp}</Badge>}
            {d.internal && <Badge color="orange" variant="outline">Internal only</Badge>}
          </Group>
          <Table aria-label={`Revisions of ${d.trackingId}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Version</Table.Th>
                <Table.Th>Released</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Hash</Table.Th>
                <Table.Th>Signature</Table.Th>
                <Table.Th>Versions with suggestions</Table.Th>
                <Table.Th>Fetched</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {d.revisions.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{r.version}</Table.Td>
                  <Table.Td>{formatDateTime(r.currentReleaseDate)}</Table.Td>
                  <Table.Td>{r.status}</Table.Td>
                  <Table.Td title={r.sha256}>{r.hashChecked} checked</Table.Td>
                  <Table.Td>{r.signature}</Table.Td>
                  <Table.Td>
                    {r.appliedTo.length === 0
                      ? "—"
                      : r.appliedTo.map((v) => (
                          <Anchor key={v.versionId} component={Link} to={`/devices/versions/${v.versionId}`} size="sm" mr="xs">
                            {v.label}
                          </Anchor>
                        ))}
                  </Table.Td>
                  <Table.Td>{formatDateTime(r.fetchedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      ))}
    </Page>
  );
}
