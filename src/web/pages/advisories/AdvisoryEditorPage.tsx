import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, List, Modal, MultiSelect, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconCircleCheck, IconPlus, IconTrash } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useNavigate, useParams } from "react-router";
import { ApiError, api, errorMessage } from "../../api/client";
import { useCan } from "../../auth/session";
import { formatDateTime, formatNumber } from "../../components/format";
import { Page } from "../../components/Page";
import { PublicationBadge } from "./AdvisoriesPage";
import { PublicationConfirm } from "./PublicationConfirm";
import { type FindingItem, fromFindings } from "./findings";
import { type AdvisoryDetail, type AdvisoryInput, ackStatusLabels, type FieldStatus, type InventoryProduct, type Problem, type Validation, type VexStatus, vexStatusLabels, type VulnerabilityInput } from "./types";

const emptyAdvisory = (): AdvisoryInput => ({
  trackingId: `SA-${new Date().getFullYear()}-`,
  title: "",
  summary: "",
  // Nothing is public or final until the author says so.
  tlp: "AMBER",
  documentStatus: "draft",
  profile: "csaf_security_advisory",
  products: [],
  vulnerabilities: [],
  acknowledgments: [],
  linkedFindingIds: [],
});

const emptyVulnerability = (): VulnerabilityInput => ({ description: "", productStatus: [], remediations: [], findingIds: [] });

const blank = (s: string | null | undefined) => s?.trim() || undefined;

/** The editable input of a stored advisory. */
function inputOf(d: AdvisoryDetail): AdvisoryInput {
  return {
    trackingId: d.trackingId,
    title: d.title,
    summary: d.summary,
    tlp: d.tlp,
    documentStatus: d.documentStatus,
    profile: d.profile,
    products: d.products.map((p) => ({ softwareVersionId: p.softwareVersionId, ...(p.family ? { family: p.family } : {}) })),
    vulnerabilities: d.vulnerabilities.map((v) => ({
      cve: v.cve ?? undefined,
      title: v.title ?? undefined,
      description: v.description,
      cwe: v.cwe ? { id: v.cwe.id } : undefined,
      cvssV31: v.cvssV31 ?? undefined,
      cvssV40: v.cvssV40 ?? undefined,
      patientSafetyImpact: v.patientSafetyImpact ?? undefined,
      productStatus: v.productStatus.map((s) => ({
        softwareVersionId: s.softwareVersionId,
        status: s.status,
        ...(s.justification ? { justification: s.justification } : {}),
        ...(s.impactStatement ? { impactStatement: s.impactStatement } : {}),
        ...(s.recommended ? { recommended: true } : {}),
      })),
      remediations: v.remediations.map((r) => ({
        category: r.category,
        details: r.details,
        ...(r.url ? { url: r.url } : {}),
        ...(r.date ? { date: r.date } : {}),
        softwareVersionIds: r.softwareVersionIds,
      })),
      findingIds: v.findingIds,
    })),
    acknowledgments: d.acknowledgments,
    linkedFindingIds: d.linkedFindingIds,
  };
}

/** Drops empty optional fields so that the server sees only what was entered. */
function cleaned(input: AdvisoryInput): AdvisoryInput {
  return {
    ...input,
    vulnerabilities: input.vulnerabilities.map((v) => ({
      ...v,
      cve: blank(v.cve),
      title: blank(v.title),
      cwe: blank(v.cwe?.id) ? { id: v.cwe!.id.trim() } : undefined,
      cvssV31: blank(v.cvssV31),
      cvssV40: blank(v.cvssV40),
      patientSafetyImpact: blank(v.patientSafetyImpact),
      productStatus: v.productStatus.map((s) => ({
        ...s,
        impactStatement: blank(s.impactStatement),
        justification: s.status === "not_affected" ? s.justification : undefined,
        recommended: s.recommended || undefined,
      })),
      remediations: v.remediations.filter((r) => r.details.trim()).map((r) => ({ ...r, url: blank(r.url) })),
    })),
  };
}

function ProblemList({ problems }: { problems: Array<{ path: string; message: string; test?: string }> }) {
  return (
    <List size="sm" spacing={2} aria-label="Failing rules">
      {problems.map((p) => (
        <List.Item key={`${p.test}:${p.path}:${p.message}`}>
          {p.test && <Badge size="xs" variant="light" mr={6}>{p.test}</Badge>}
          <code>{p.path || "/"}</code> {p.message}
        </List.Item>
      ))}
    </List>
  );
}

const justifications = [
  { value: "component_not_present", label: "Component not present" },
  { value: "vulnerable_code_not_present", label: "Vulnerable code not present" },
  { value: "vulnerable_code_not_in_execute_path", label: "Vulnerable code not in execute path" },
  { value: "vulnerable_code_cannot_be_controlled_by_adversary", label: "Cannot be controlled by an adversary" },
  { value: "inline_mitigations_already_exist", label: "Inline mitigations already exist" },
];

function VulnerabilityCard({
  index,
  vuln,
  products,
  onChange,
  onRemove,
}: {
  index: number;
  vuln: VulnerabilityInput;
  products: InventoryProduct[];
  onChange: (v: VulnerabilityInput) => void;
  onRemove: () => void;
}) {
  const set = (patch: Partial<VulnerabilityInput>) => onChange({ ...vuln, ...patch });
  const statusOf = (id: string) => vuln.productStatus.find((s) => s.softwareVersionId === id);
  const setStatus = (id: string, patch: Partial<VulnerabilityInput["productStatus"][number]> | null) => {
    const others = vuln.productStatus.filter((s) => s.softwareVersionId !== id);
    if (!patch) return set({ productStatus: others });
    const existing = statusOf(id) ?? { softwareVersionId: id, status: "affected" as VexStatus };
    set({ productStatus: [...others, { ...existing, ...patch }] });
  };
  const affected = vuln.productStatus.filter((s) => s.status === "affected").map((s) => s.softwareVersionId);
  const remediation = vuln.remediations[0] ?? { category: "vendor_fix", details: "", softwareVersionIds: affected };
  const setRemediation = (patch: Partial<typeof remediation>) =>
    set({ remediations: [{ ...remediation, ...patch, softwareVersionIds: affected }, ...vuln.remediations.slice(1)] });
  const label = `Vulnerability ${index + 1}`;
  return (
    <Card withBorder padding="md" aria-label={label} component="section">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">
          {label}
          {vuln.findingIds.length > 0 && (
            <Badge ml="xs" variant="light" size="sm">
              from {vuln.findingIds.length} finding(s)
            </Badge>
          )}
        </Title>
        <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} aria-hidden />} onClick={onRemove}>
          Remove
        </Button>
      </Group>
      <Stack gap="xs">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label="CVE" placeholder="CVE-2026-12345" value={vuln.cve ?? ""} onChange={(e) => set({ cve: e.currentTarget.value })} />
          <TextInput label="CWE" placeholder="CWE-798" value={vuln.cwe?.id ?? ""} onChange={(e) => set({ cwe: { id: e.currentTarget.value } })} />
          <TextInput label="Short title" value={vuln.title ?? ""} onChange={(e) => set({ title: e.currentTarget.value })} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label="CVSS v3.1 vector" placeholder="CVSS:3.1/AV:N/…" value={vuln.cvssV31 ?? ""} onChange={(e) => set({ cvssV31: e.currentTarget.value })} />
          <TextInput label="CVSS v4.0 vector" placeholder="CVSS:4.0/AV:N/…" value={vuln.cvssV40 ?? ""} onChange={(e) => set({ cvssV40: e.currentTarget.value })} />
        </SimpleGrid>
        <Textarea label="Description" required autosize minRows={2} value={vuln.description} onChange={(e) => set({ description: e.currentTarget.value })} />
        <Textarea
          label="Patient-safety impact"
          description="What could happen to patients if the vulnerability is exploited, and what clinicians should watch for."
          autosize
          minRows={2}
          value={vuln.patientSafetyImpact ?? ""}
          onChange={(e) => set({ patientSafetyImpact: e.currentTarget.value })}
        />
        <Table withTableBorder fz="sm" aria-label={`Product status of ${label}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Product version</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Justification and impact (not affected)</Table.Th>
              <Table.Th>Recommended</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {products.map((p) => {
              const s = statusOf(p.softwareVersionId);
              const name = `${p.product} ${p.version}`;
              return (
                <Table.Tr key={p.softwareVersionId}>
                  <Table.Td>{name}</Table.Td>
                  <Table.Td>
                    <Select
                      aria-label={`Status of ${name} for ${label}`}
                      data={[{ value: "", label: "— not stated —" }, ...Object.entries(vexStatusLabels).map(([value, l]) => ({ value, label: l }))]}
                      value={s?.status ?? ""}
                      onChange={(value) => setStatus(p.softwareVersionId, value ? { status: value as VexStatus } : null)}
                      allowDeselect={false}
                    />
                  </Table.Td>
                  <Table.Td>
                    {s?.status === "not_affected" && (
                      <Stack gap={4}>
                        <Select
                          aria-label={`Justification for ${name}`}
                          data={justifications}
                          value={s.justification ?? null}
                          onChange={(value) => setStatus(p.softwareVersionId, { justification: value ?? undefined })}
                        />
                        <TextInput
                          aria-label={`Impact statement for ${name}`}
                          placeholder="Why the product is not affected"
                          value={s.impactStatement ?? ""}
                          onChange={(e) => setStatus(p.softwareVersionId, { impactStatement: e.currentTarget.value })}
                        />
                      </Stack>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Checkbox
                      aria-label={`Recommend ${name} for ${label}`}
                      title="The version customers should move to (CSAF status “recommended”)"
                      disabled={!s}
                      checked={Boolean(s?.recommended)}
                      onChange={(e) => setStatus(p.softwareVersionId, { recommended: e.currentTarget.checked })}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
        {affected.length > 0 && (
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Select
              label="Remediation for the affected versions"
              data={[
                { value: "vendor_fix", label: "Vendor fix (update)" },
                { value: "workaround", label: "Workaround" },
                { value: "mitigation", label: "Mitigation" },
                { value: "no_fix_planned", label: "No fix planned" },
                { value: "none_available", label: "None available" },
              ]}
              value={remediation.category}
              onChange={(value) => setRemediation({ category: value ?? "vendor_fix" })}
              allowDeselect={false}
            />
            <TextInput label="What customers should do" value={remediation.details} onChange={(e) => setRemediation({ details: e.currentTarget.value })} />
            <TextInput label="Remediation URL" placeholder="https://…" value={remediation.url ?? ""} onChange={(e) => setRemediation({ url: e.currentTarget.value })} />
          </SimpleGrid>
        )}
      </Stack>
    </Card>
  );
}

function FindingsPicker({ opened, onClose, onPick }: { opened: boolean; onClose: () => void; onPick: (f: FindingItem[]) => void }) {
  const findings = useQuery({
    queryKey: ["findings", "for-advisory"],
    queryFn: () => api.get<{ items: FindingItem[] }>("/api/findings?limit=200"),
    enabled: opened,
  });
  const [chosen, setChosen] = useState<string[]>([]);
  return (
    <Modal opened={opened} onClose={onClose} title="Add vulnerabilities from findings" size="xl">
      {findings.isError && <Alert color="yellow">Findings are not available: {errorMessage(findings.error)}</Alert>}
      {findings.data && findings.data.items.length === 0 && <Text c="dimmed">No findings recorded yet.</Text>}
      <Stack gap={4} mah={420} style={{ overflow: "auto" }}>
        {findings.data?.items.map((f) => (
          <Checkbox
            key={f.id}
            checked={chosen.includes(f.id)}
            onChange={(e) => setChosen(e.currentTarget.checked ? [...chosen, f.id] : chosen.filter((x) => x !== f.id))}
            label={`${f.vulnerability.id} — ${f.deviceModel.name} ${f.version.version} — ${f.component.name} ${f.component.version} (${f.status})`}
          />
        ))}
      </Stack>
      <Group justify="flex-end" mt="md">
        <Button
          disabled={chosen.length === 0}
          onClick={() => {
            onPick(findings.data!.items.filter((f) => chosen.includes(f.id)));
            setChosen([]);
            onClose();
          }}
        >
          Add {chosen.length} finding(s)
        </Button>
      </Group>
    </Modal>
  );
}

/** JSON with sorted keys and no undefined values: two inputs that say the same compare equal. */
const canonical = (value: unknown) =>
  JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v)
            .filter(([, x]) => x !== undefined)
            .sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );

function PublishPanel({ detail, unsaved, onChanged }: { detail: AdvisoryDetail; unsaved: boolean; onChanged: () => void }) {
  const [confirming, setConfirming] = useState<"publish" | "unpublish" | null>(null);
  const canPublish = useCan("advisories:publish");
  const [validation, setValidation] = useState<Validation | null>(null);
  const [checking, setChecking] = useState(false);
  const [summary, setSummary] = useState(detail.currentVersion ? "" : "Initial public release.");
  const [refused, setRefused] = useState<{ message: string; problems: Problem[] } | null>(null);
  const check = async () => {
    setChecking(true);
    try {
      setValidation(await api.get<Validation>(`/api/advisories/${detail.id}/validation`));
    } finally {
      setChecking(false);
    }
  };
  const askToPublish = () => {
    setRefused(null);
    // Publishing publishes the saved working copy: edits on the screen would silently be left out.
    if (unsaved) return setRefused({ message: "You have unsaved changes. Save them (or reload to discard them) before publishing.", problems: [] });
    setConfirming("publish");
  };
  const publish = async () => {
    setConfirming(null);
    try {
      await api.post(`/api/advisories/${detail.id}/publish`, { summary: summary.trim() || "Updated.", workingCopyUpdatedAt: detail.updatedAt });
      notifications.show({ color: "green", message: `${detail.trackingId} published` });
      setValidation(null);
      onChanged();
    } catch (err) {
      setRefused({ message: errorMessage(err), problems: err instanceof ApiError ? (err.details as Problem[]) : [] });
    }
  };
  const unpublish = async () => {
    setConfirming(null);
    await api.post(`/api/advisories/${detail.id}/unpublish`);
    notifications.show({ message: `${detail.trackingId} withdrawn from the provider and the portal` });
    onChanged();
  };
  return (
    <Card withBorder padding="md" component="section" aria-label="Validation and publication">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            Validation and publication
          </Title>
          <PublicationBadge item={detail} />
        </Group>
        <Text size="sm" c="dimmed">
          Publishing builds the next revision as CSAF 2.0 and checks it against the strict OASIS schema and every mandatory test. A published
          revision never changes: editing and publishing again creates a new revision.
        </Text>
        <Group>
          <Button variant="light" onClick={check} loading={checking}>
            Check CSAF
          </Button>
          {validation &&
            (validation.valid ? (
              <Badge color="green" leftSection={<IconCircleCheck size={14} aria-hidden />}>
                Version {validation.version} passes the schema and all mandatory tests
              </Badge>
            ) : (
              <Badge color="red">{validation.problems.length} rule(s) fail</Badge>
            ))}
        </Group>
        {validation && !validation.valid && <ProblemList problems={validation.problems} />}
        {canPublish && (
          <Group align="flex-end">
            <TextInput label="Revision summary" value={summary} onChange={(e) => setSummary(e.currentTarget.value)} w={360} />
            <Button onClick={askToPublish}>{detail.currentVersion ? "Publish new revision" : "Publish"}</Button>
            {detail.published && (
              <Button variant="default" color="red" onClick={() => setConfirming("unpublish")}>
                Unpublish
              </Button>
            )}
          </Group>
        )}
        <PublicationConfirm detail={detail} action={confirming} onConfirm={confirming === "unpublish" ? unpublish : publish} onCancel={() => setConfirming(null)} />
        {refused && (
          <Alert color="red" title="Publication refused" role="alert" icon={<IconAlertTriangle size={18} aria-hidden />}>
            {refused.problems.length > 0 ? <ProblemList problems={refused.problems} /> : refused.message}
          </Alert>
        )}
        {detail.revisions.length > 0 && (
          <Table fz="sm" aria-label="Revision history">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Version</Table.Th>
                <Table.Th>Date</Table.Th>
                <Table.Th>Summary</Table.Th>
                <Table.Th>SHA-256</Table.Th>
                <Table.Th>Downloads</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {detail.revisions.map((r) => (
                <Table.Tr key={r.number}>
                  <Table.Td>{r.number}</Table.Td>
                  <Table.Td>{formatDateTime(r.date)}</Table.Td>
                  <Table.Td>{r.summary}</Table.Td>
                  <Table.Td>
                    <code>{r.sha256.slice(0, 16)}…</code>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={8}>
                      {[
                        ["csaf", "CSAF"],
                        ["csaf_vex", "CSAF VEX"],
                        ["cyclonedx-1.6", "CycloneDX VEX"],
                        ["openvex", "OpenVEX"],
                        ["pdf", "PDF"],
                      ].map(([format, text]) => (
                        <Anchor key={format} size="sm" href={`/api/advisories/${detail.id}/export?format=${format}&revision=${r.number}`}>
                          {text}
                        </Anchor>
                      ))}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Card>
  );
}

function FieldStatusPanel({ id }: { id: string }) {
  const status = useQuery({ queryKey: ["advisories", id, "field-status"], queryFn: () => api.get<FieldStatus>(`/api/advisories/${id}/field-status`) });
  if (!status.data) return null;
  const { totals } = status.data;
  return (
    <Card withBorder padding="md" component="section" aria-label="Field patch status">
      <Title order={2} size="h4" mb="xs">
        Field patch status
      </Title>
      <Text size="sm" mb="sm">
        {totals.acknowledged} of {totals.sites} affected sites acknowledged · {formatNumber(totals.patchedUnits)} of {formatNumber(totals.affectedUnits)} units patched
      </Text>
      <Table fz="sm" aria-label="Sites and acknowledgements">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Customer</Table.Th>
            <Table.Th>Site</Table.Th>
            <Table.Th>Products</Table.Th>
            <Table.Th ta="right">Units</Table.Th>
            <Table.Th>Acknowledgement</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {status.data.sites.map((s) => (
            <Table.Tr key={s.siteId}>
              <Table.Td>{s.customer}</Table.Td>
              <Table.Td>{s.site}</Table.Td>
              <Table.Td>{s.products.join(", ")}</Table.Td>
              <Table.Td ta="right">{s.affectedUnits}</Table.Td>
              <Table.Td>
                {s.acknowledgement ? (
                  <Text size="sm">
                    {ackStatusLabels[s.acknowledgement.status]} · {s.acknowledgement.unitsPatched} patched
                    {s.acknowledgement.comment ? ` · “${s.acknowledgement.comment}”` : ""} ({s.acknowledgement.by}, {formatDateTime(s.acknowledgement.at)})
                  </Text>
                ) : (
                  <Text size="sm" c="dimmed">
                    Not yet
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

export function AdvisoryEditorPage() {
  const { id } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canWrite = useCan("advisories:write");
  const inventory = useQuery({ queryKey: ["advisories", "products"], queryFn: () => api.get<InventoryProduct[]>("/api/advisories/products") });
  const detail = useQuery({ queryKey: ["advisories", id], queryFn: () => api.get<AdvisoryDetail>(`/api/advisories/${id}`), enabled: Boolean(id) });
  const [input, setInput] = useState<AdvisoryInput>(emptyAdvisory);
  const [failure, setFailure] = useState<{ message: string; details: Problem[] } | null>(null);
  const [saving, setSaving] = useState(false);
  const [picking, setPicking] = useState(false);

  useEffect(() => {
    if (detail.data) setInput(inputOf(detail.data));
  }, [detail.data]);

  const set = (patch: Partial<AdvisoryInput>) => setInput((i) => ({ ...i, ...patch }));
  const chosenProducts = (inventory.data ?? []).filter((p) => input.products.some((x) => x.softwareVersionId === p.softwareVersionId));

  const save = async () => {
    setSaving(true);
    setFailure(null);
    try {
      const body = cleaned(input);
      const saved = id ? await api.put<AdvisoryDetail>(`/api/advisories/${id}`, body) : await api.post<AdvisoryDetail>("/api/advisories", body);
      notifications.show({ color: "green", message: `${saved.trackingId} saved` });
      void queryClient.invalidateQueries({ queryKey: ["advisories"] });
      if (!id) navigate(`/advisories/${saved.id}`);
    } catch (err) {
      setFailure({ message: errorMessage(err), details: err instanceof ApiError ? (err.details as Problem[]) : [] });
    } finally {
      setSaving(false);
    }
  };

  if (id && detail.isError) {
    return (
      <Page title="Advisory">
        <Alert color="red">{errorMessage(detail.error)}</Alert>
      </Page>
    );
  }

  return (
    <Page
      title={id ? (detail.data?.trackingId ?? "Advisory") : "New advisory"}
      description="Affected device versions come from the inventory; vulnerabilities from findings or entered by hand."
    >
      <Card withBorder padding="md" component="section" aria-label="Advisory">
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Tracking ID" required value={input.trackingId} onChange={(e) => set({ trackingId: e.currentTarget.value })} />
            <TextInput label="Title" required value={input.title} onChange={(e) => set({ title: e.currentTarget.value })} />
          </SimpleGrid>
          <Textarea label="Summary" required autosize minRows={2} value={input.summary} onChange={(e) => set({ summary: e.currentTarget.value })} />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Select
              label="TLP"
              data={["WHITE", "GREEN", "AMBER", "RED"].map((t) => ({ value: t, label: `TLP:${t}` }))}
              value={input.tlp}
              onChange={(v) => set({ tlp: (v ?? "AMBER") as AdvisoryInput["tlp"] })}
              allowDeselect={false}
            />
            <Select
              label="Document status"
              data={[
                { value: "draft", label: "Draft" },
                { value: "interim", label: "Interim" },
                { value: "final", label: "Final" },
              ]}
              value={input.documentStatus}
              onChange={(v) => set({ documentStatus: (v ?? "draft") as AdvisoryInput["documentStatus"] })}
              allowDeselect={false}
            />
            <Select
              label="CSAF profile"
              data={[
                { value: "csaf_security_advisory", label: "Security advisory" },
                { value: "csaf_vex", label: "VEX" },
              ]}
              value={input.profile}
              onChange={(v) => set({ profile: (v ?? "csaf_security_advisory") as AdvisoryInput["profile"] })}
              allowDeselect={false}
            />
          </SimpleGrid>
          <MultiSelect
            label="Affected or assessed product versions"
            searchable
            data={(inventory.data ?? []).map((p) => ({ value: p.softwareVersionId, label: `${p.product} ${p.version} (${p.modelNumber}, ${p.installedUnits} units installed)` }))}
            value={input.products.map((p) => p.softwareVersionId)}
            onChange={(values) => set({ products: values.map((softwareVersionId) => input.products.find((p) => p.softwareVersionId === softwareVersionId) ?? { softwareVersionId }) })}
          />
        </Stack>
      </Card>

      <Group justify="space-between">
        <Title order={2} size="h4">
          Vulnerabilities
        </Title>
        <Group gap="xs">
          <Button variant="light" onClick={() => setPicking(true)}>
            Add from findings
          </Button>
          <Button variant="light" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => set({ vulnerabilities: [...input.vulnerabilities, emptyVulnerability()] })}>
            Add vulnerability
          </Button>
        </Group>
      </Group>
      {input.vulnerabilities.length === 0 && (
        <Text size="sm" c="dimmed">
          No vulnerabilities yet.
        </Text>
      )}
      {input.vulnerabilities.map((v, i) => (
        <VulnerabilityCard
          // biome-ignore lint/suspicious/noArrayIndexKey: vulnerabilities have no identity before they are saved
          key={i}
          index={i}
          vuln={v}
          products={chosenProducts}
          onChange={(next) => set({ vulnerabilities: input.vulnerabilities.map((x, j) => (j === i ? next : x)) })}
          onRemove={() => set({ vulnerabilities: input.vulnerabilities.filter((_, j) => j !== i) })}
        />
      ))}
      <FindingsPicker opened={picking} onClose={() => setPicking(false)} onPick={(f) => setInput((cur) => fromFindings(cur, f))} />

      {failure && (
        <Alert color="red" title="Not saved" role="alert" icon={<IconAlertTriangle size={18} aria-hidden />}>
          {failure.details.length > 0 ? <ProblemList problems={failure.details} /> : failure.message}
        </Alert>
      )}
      {canWrite && (
        <Group>
          <Button onClick={save} loading={saving}>
            {id ? "Save changes" : "Create advisory"}
          </Button>
        </Group>
      )}
      {id && detail.data && (
        <PublishPanel
          detail={detail.data}
          unsaved={canonical(cleaned(input)) !== canonical(cleaned(inputOf(detail.data)))}
          onChanged={() => {
            void queryClient.invalidateQueries({ queryKey: ["advisories"] });
          }}
        />
      )}
      {id && detail.data?.currentVersion && <FieldStatusPanel id={id} />}
    </Page>
  );
}
