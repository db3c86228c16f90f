import { Alert, Anchor, Badge, Button, Card, Group, List, Modal, NumberInput, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconShieldCheck } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, errorMessage } from "../../api/client";
import { formatDate, formatDateTime } from "../../components/format";
import { Page } from "../../components/Page";
import { ackStatusLabels, vexStatusLabels, type VexStatus } from "../advisories/types";

type Ack = { siteId: string; status: string; unitsPatched: number; comment: string | null; revision: string; by: string; at: string };
export type PortalAdvisory = {
  id: string;
  trackingId: string;
  title: string;
  summary: string;
  tlp: string;
  version: string;
  initialReleaseDate: string;
  currentReleaseDate: string;
  cves: string[];
  affectedUnits: number;
  affectedSites: string[];
  acknowledgements: Ack[];
  severity: { score: number; severity: string } | null;
  devices: string[];
  installationIds: string[];
  sites: Array<{ siteId: string | null; site: string | null; units: number; devices: string[]; actionNeeded: boolean }>;
  actionNeeded: boolean;
};
type Detail = {
  id: string;
  version: string;
  advisory: {
    trackingId: string;
    title: string;
    summary: string;
    vulnerabilities: Array<{
      cve?: string;
      title?: string;
      description: string;
      patientSafetyImpact?: string;
      productStatus: Array<{ productId: string; status: VexStatus; impactStatement?: string; recommended?: boolean }>;
      remediations: Array<{ category: string; details: string; url?: string; productIds: string[] }>;
    }>;
  };
  yourProductIds: string[];
  sites: Array<{ siteId: string | null; site: string | null; units: number; products: string[]; acknowledgement: Ack | null }>;
};

/**
 * Nothing is assumed: a new acknowledgement starts as "Received" with no unit patched, and a "Patched"
 * report is confirmed with its units before it is sent.
 */
function AcknowledgeForm({ advisoryId, site, onDone }: { advisoryId: string; site: Detail["sites"][number]; onDone: () => void }) {
  const [status, setStatus] = useState(site.acknowledgement?.status ?? "received");
  const [units, setUnits] = useState<number>(site.acknowledgement?.unitsPatched ?? 0);
  const [comment, setComment] = useState(site.acknowledgement?.comment ?? "");
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const send = async () => {
    setError(null);
    setConfirming(false);
    try {
      await api.put(`/api/portal/advisories/${advisoryId}/acknowledgements`, { siteId: site.siteId, status, unitsPatched: units, comment: comment.trim() || undefined });
      notifications.show({ color: "green", message: `Acknowledged for ${site.site}` });
      onDone();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const submit = () => {
    if (status !== "patched") return void send();
    if (units === 0) return setError("Enter how many units at this site are patched.");
    setConfirming(true);
  };
  return (
    <Stack gap={6}>
      <Group align="flex-end" gap="xs">
        <Select
          label="Status"
          aria-label={`Status at ${site.site}`}
          data={Object.entries(ackStatusLabels).map(([value, label]) => ({ value, label }))}
          value={status}
          onChange={(v) => setStatus(v ?? "received")}
          allowDeselect={false}
          w={200}
        />
        <NumberInput label="Units patched" aria-label={`Units patched at ${site.site}`} min={0} max={site.units} value={units} onChange={(v) => setUnits(Number(v) || 0)} w={130} />
        <TextInput label="Comment" aria-label={`Comment for ${site.site}`} value={comment} onChange={(e) => setComment(e.currentTarget.value)} w={260} />
        <Button onClick={submit}>Acknowledge</Button>
      </Group>
      {error && (
        <Text c="red" size="sm" role="alert">
          {error}
        </Text>
      )}
      <Modal opened={confirming} onClose={() => setConfirming(false)} title="Report as patched?">
        <Text size="sm">
          You report {units} of {site.units} units at {site.site} as patched ({site.products.join(", ")}). The manufacturer counts these units as no
          longer exposed.
        </Text>
        <Group justify="flex-end" mt="md">
          <Button variant="default" onClick={() => setConfirming(false)}>
            Cancel
          </Button>
          <Button onClick={send}>Confirm: {units} patched</Button>
        </Group>
      </Modal>
    </Stack>
  );
}

function AdvisoryDetailCard({ id }: { id: string }) {
  const queryClient = useQueryClient();
  const detail = useQuery({ queryKey: ["portal", "advisories", id], queryFn: () => api.get<Detail>(`/api/portal/advisories/${id}`) });
  if (detail.isError) return <Alert color="red">{errorMessage(detail.error)}</Alert>;
  if (!detail.data) return null;
  const d = detail.data;
  const mine = new Set(d.yourProductIds);
  return (
    <Card withBorder padding="md" component="section" aria-label={`Advisory ${d.advisory.trackingId}`}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {d.advisory.title}
        </Title>
        <Text size="sm">{d.advisory.summary}</Text>
        {d.advisory.vulnerabilities.map((v) => (
          <Stack key={v.cve ?? v.description} gap={4}>
            <Text fw={600} size="sm">
              {v.cve ?? "Vulnerability"} {v.title ? `— ${v.title}` : ""}
            </Text>
            <Text size="sm">{v.description}</Text>
            {v.patientSafetyImpact && (
              <Alert color="orange" variant="light" title="Patient safety">
                {v.patientSafetyImpact}
              </Alert>
            )}
            <List size="sm">
              {v.productStatus
                .filter((s) => mine.has(s.productId))
                .map((s) => (
                  <List.Item key={s.productId}>
                    {s.productId}: {vexStatusLabels[s.status]}
                    {s.recommended && (
                      <Badge ml="xs" size="sm" color="teal" variant="light">
                        recommended version
                      </Badge>
                    )}
                    {s.impactStatement ? ` — ${s.impactStatement}` : ""}
                  </List.Item>
                ))}
            </List>
            {v.productStatus.some((s) => s.recommended) && (
              <Text size="sm">
                <b>Recommended version:</b>{" "}
                {v.productStatus
                  .filter((s) => s.recommended)
                  .map((s) => s.productId)
                  .join(", ")}
              </Text>
            )}
            {v.remediations
              .filter((r) => r.productIds.some((p) => mine.has(p)))
              .map((r) => (
                <Text key={r.details} size="sm">
                  <b>What to do:</b> {r.details} {r.url && <Anchor href={r.url}>{r.url}</Anchor>}
                </Text>
              ))}
          </Stack>
        ))}
        <Group gap="sm">
          <Text size="sm">Download:</Text>
          {[
            ["pdf", "PDF"],
            ["csaf", "CSAF 2.0"],
            ["cyclonedx-1.6", "CycloneDX VEX"],
            ["openvex", "OpenVEX"],
          ].map(([format, label]) => (
            <Anchor key={format} size="sm" href={`/api/portal/advisories/${d.id}/export?format=${format}`}>
              {label}
            </Anchor>
          ))}
        </Group>
        <Title order={3} size="h5">
          Your sites
        </Title>
        <Table fz="sm" aria-label="Affected sites">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Site</Table.Th>
              <Table.Th>Devices</Table.Th>
              <Table.Th ta="right">Units</Table.Th>
              <Table.Th>Acknowledgement</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {d.sites.map((s) => (
              <Table.Tr key={s.siteId ?? "none"}>
                <Table.Td>{s.site ?? "—"}</Table.Td>
                <Table.Td>{s.products.join(", ")}</Table.Td>
                <Table.Td ta="right">{s.units}</Table.Td>
                <Table.Td>
                  {s.acknowledgement && (
                    <Text size="sm" mb={4}>
                      {ackStatusLabels[s.acknowledgement.status]}: {s.acknowledgement.unitsPatched} of {s.units} units
                      {s.acknowledgement.comment ? ` (“${s.acknowledgement.comment}”)` : ""} · {formatDateTime(s.acknowledgement.at)}
                    </Text>
                  )}
                  {s.siteId && (
                    <AcknowledgeForm
                      advisoryId={d.id}
                      site={s}
                      onDone={() => void queryClient.invalidateQueries({ queryKey: ["portal", "advisories"] })}
                    />
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Card>
  );
}

const severityColor: Record<string, string> = { critical: "red", high: "orange", medium: "yellow", low: "gray", none: "gray" };

/** Published advisories about the devices installed at the customer's sites, with per-site acknowledgement. */
export function PortalAdvisoriesPage() {
  const list = useQuery({ queryKey: ["portal", "advisories"], queryFn: () => api.get<PortalAdvisory[]>("/api/portal/advisories") });
  const [open, setOpen] = useState<string | null>(null);
  const [site, setSite] = useState<string | null>(null);
  const siteNames = [...new Set((list.data ?? []).flatMap((a) => a.sites.map((s) => s.site ?? "—")))].sort();
  const shown = (list.data ?? [])
    .map((a) => (site ? { ...a, sites: a.sites.filter((s) => (s.site ?? "—") === site) } : a))
    .filter((a) => a.sites.length > 0);
  return (
    <Page title="Security advisories" description="Advisories the manufacturer has published about the devices installed at your sites.">
      {list.isError && <Alert color="red">{errorMessage(list.error)}</Alert>}
      {list.data?.length === 0 && (
        <Alert color="green" icon={<IconShieldCheck size={18} aria-hidden />}>
          No published advisory concerns your installed devices.
        </Alert>
      )}
      {siteNames.length > 1 && (
        <Select label="Site" placeholder="All sites" data={siteNames} value={site} onChange={setSite} clearable w={280} />
      )}
      <Table withTableBorder fz="sm" aria-label="Your advisories">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Advisory</Table.Th>
            <Table.Th>Title</Table.Th>
            <Table.Th>Severity</Table.Th>
            <Table.Th>Affected devices</Table.Th>
            <Table.Th>Sites</Table.Th>
            <Table.Th ta="right">Your units</Table.Th>
            <Table.Th>Updated</Table.Th>
            <Table.Th>Action</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {shown.map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td>
                <Anchor component="button" onClick={() => setOpen(open === a.id ? null : a.id)} aria-expanded={open === a.id}>
                  {a.trackingId}
                </Anchor>{" "}
                <Badge size="xs" variant="outline">
                  {a.version}
                </Badge>
              </Table.Td>
              <Table.Td>
                {a.title}
                {a.cves.length > 0 && (
                  <Text size="xs" c="dimmed">
                    {a.cves.join(", ")}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                {a.severity ? (
                  <Badge color={severityColor[a.severity.severity]} variant="light">
                    {a.severity.severity} {a.severity.score.toFixed(1)}
                  </Badge>
                ) : (
                  <Text size="sm" c="dimmed">
                    not scored
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{[...new Set(a.sites.flatMap((s) => s.devices))].join(", ")}</Table.Td>
              <Table.Td>{a.sites.map((s) => s.site ?? "—").join(", ")}</Table.Td>
              <Table.Td ta="right">{a.sites.reduce((n, s) => n + s.units, 0)}</Table.Td>
              <Table.Td>{formatDate(a.currentReleaseDate.slice(0, 10))}</Table.Td>
              <Table.Td>
                {a.sites.some((s) => s.actionNeeded) ? (
                  <Badge color="red">Action needed</Badge>
                ) : (
                  <Badge color="green" variant="light">
                    Done
                  </Badge>
                )}
                <Text size="xs" c="dimmed">
                  {a.acknowledgements.length} of {a.affectedSites.length} sites acknowledged
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {open && <AdvisoryDetailCard id={open} />}
    </Page>
  );
}
