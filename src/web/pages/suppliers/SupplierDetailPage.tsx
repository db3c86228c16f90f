import { ActionIcon, Alert, Anchor, Badge, Button, Card, Group, List, Modal, NumberInput, SimpleGrid, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconPlus, IconSend, IconTrash } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { Link, useParams } from "react-router";
import { api, errorMessage } from "../../api/client";
import { useCan } from "../../auth/session";
import { formatDate, formatDateTime } from "../../components/format";
import { OneTimeSecret } from "../../components/OneTimeSecret";
import { Page } from "../../components/Page";
import { ACCESS_LABELS, supplierKeys, useSupplier, useSupplierReference } from "./api";
import { AssessmentDrawer } from "./AssessmentDrawer";
import { CertificationForm, ComponentForm, ContractForm, SupplierForm } from "./SupplierForms";
import { RiskBadge, TierBadge } from "./SuppliersPage";

function Section({ title, action, children }: { title: string; action?: ReactNode; children: ReactNode }) {
  return (
    <Card withBorder padding="md" component="section" aria-label={title}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          {title}
        </Title>
        {action}
      </Group>
      {children}
    </Card>
  );
}

const STATE_COLORS = { valid: "teal", expiring: "yellow", expired: "red" } as const;

export function SupplierDetailPage() {
  const { id = "" } = useParams();
  const supplier = useSupplier(id);
  const reference = useSupplierReference();
  const canWrite = useCan("suppliers:write");
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<null | "edit" | "contract" | "cert" | "component" | "send">(null);
  const [link, setLink] = useState<string | null>(null);
  const [days, setDays] = useState<number | string>(30);
  const [recipient, setRecipient] = useState("");
  const [openAssessment, setOpenAssessment] = useState<string | null>(null);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: supplierKeys.all });
  const done = () => {
    setDialog(null);
    refresh();
  };
  const clauseTitle = (c: string) => reference.data?.clauses.find((x) => x.id === c)?.title ?? c;
  const remove = async (path: string) => {
    try {
      await api.delete(path);
      refresh();
    } catch (err) {
      notifications.show({ color: "red", message: errorMessage(err) });
    }
  };
  const sendQuestionnaire = async () => {
    try {
      const r = await api.post<{ path: string; url: string | null }>(`/api/suppliers/${id}/assessments`, { expiresInDays: Number(days), recipientEmail: recipient.trim() || null });
      setLink(r.url ?? `${window.location.origin}${r.path}`);
      refresh();
    } catch (err) {
      notifications.show({ color: "red", message: errorMessage(err) });
    }
  };

  if (supplier.isError) return <Alert color="red">{errorMessage(supplier.error)}</Alert>;
  const s = supplier.data;
  if (!s) return null;

  return (
    <Page
      title={s.name}
      description={s.supplies}
      actions={
        <>
          <Anchor component={Link} to="/suppliers" size="sm">
            All suppliers
          </Anchor>
          {canWrite && (
            <Button variant="default" onClick={() => setDialog("edit")}>
              Edit
            </Button>
          )}
          {canWrite && (
            <Button leftSection={<IconSend size={16} aria-hidden />} onClick={() => { setLink(null); setDialog("send"); }}>
              Send questionnaire
            </Button>
          )}
        </>
      }
    >
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <Card withBorder>
          <Group gap="xs">
            <TierBadge tier={s.tier} />
            <RiskBadge risk={s.risk} />
          </Group>
          <Text size="sm" mt="xs">
            Why: {s.tierReasons.join("; ")}
          </Text>
          <Text size="xs" c="dimmed" mt={4}>
            {ACCESS_LABELS.systemAccess[s.systemAccess]} · {ACCESS_LABELS.dataAccess[s.dataAccess]} · {ACCESS_LABELS.deviceImpact[s.deviceImpact]} ·{" "}
            {s.patientSafetyImpact ? "patient-safety relevant" : "no patient-safety relevance"} · {ACCESS_LABELS.substitutability[s.substitutability]}
          </Text>
        </Card>
        <Card withBorder>
          <Text size="sm" fw={600}>
            Next assessment: {formatDate(s.nextAssessmentDue)} {s.schedule === "overdue" && <Badge color="red">overdue</Badge>}
          </Text>
          <Text size="sm">Last reviewed: {s.lastAssessment ? `${formatDate(s.lastAssessment.reviewedOn)}, score ${s.lastAssessment.score ?? "—"} %` : "never"}</Text>
          <Text size="xs" c="dimmed">
            Risk factors: {s.risk.factors.map((f) => `${f.factor} (+${f.points})`).join(", ")}
          </Text>
        </Card>
        <Card withBorder>
          <Text size="sm" fw={600}>
            Contacts
          </Text>
          {s.contacts.length === 0 && (
            <Text size="sm" c="dimmed">
              none recorded
            </Text>
          )}
          {s.contacts.map((c) => (
            <Text key={c.name} size="sm">
              {c.name}
              {c.role ? `, ${c.role}` : ""} {c.email && <Anchor href={`mailto:${c.email}`}>{c.email}</Anchor>}
            </Text>
          ))}
        </Card>
      </SimpleGrid>

      <Section
        title="Contracts and security clauses"
        action={canWrite && <Button size="xs" variant="light" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => setDialog("contract")}>Add contract</Button>}
      >
        {s.missingClauses.length > 0 ? (
          <Alert color="red" variant="light" mb="sm" title="Required clauses missing from current contracts">
            <List size="sm">
              {s.missingClauses.map((c) => (
                <List.Item key={c}>{clauseTitle(c)}</List.Item>
              ))}
            </List>
          </Alert>
        ) : (
          <Text size="sm" c="teal" mb="sm">
            Every required clause ({s.requiredClauses.length}) is in a current contract.
          </Text>
        )}
        <Table fz="sm" withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Contract</Table.Th>
              <Table.Th>Term</Table.Th>
              <Table.Th>Clauses</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {s.contracts.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>
                  {c.title} {c.reference && <Text span c="dimmed">({c.reference})</Text>} {!c.current && <Badge color="gray">not current</Badge>}
                </Table.Td>
                <Table.Td>
                  {formatDate(c.startDate)} – {formatDate(c.endDate)}
                </Table.Td>
                <Table.Td>{c.clauses.map(clauseTitle).join(", ") || "—"}</Table.Td>
                <Table.Td>
                  {canWrite && (
                    <ActionIcon variant="subtle" color="red" aria-label={`Remove contract ${c.title}`} onClick={() => remove(`/api/suppliers/${id}/contracts/${c.id}`)}>
                      <IconTrash size={16} />
                    </ActionIcon>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Section>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Section
          title="Certifications"
          action={canWrite && <Button size="xs" variant="light" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => setDialog("cert")}>Add</Button>}
        >
          {s.certifications.length === 0 && <Text size="sm" c="dimmed">None recorded.</Text>}
          {s.certifications.map((c) => (
            <Group key={c.id} justify="space-between" wrap="nowrap">
              <Text size="sm">
                {c.name} {c.issuer && <Text span c="dimmed">({c.issuer})</Text>}
              </Text>
              <Group gap={4} wrap="nowrap">
                <Badge color={STATE_COLORS[c.state]} variant="light">
                  {c.state} {formatDate(c.expiresOn)}
                </Badge>
                {canWrite && (
                  <ActionIcon variant="subtle" color="red" aria-label={`Remove certification ${c.name}`} onClick={() => remove(`/api/suppliers/${id}/certifications/${c.id}`)}>
                    <IconTrash size={14} />
                  </ActionIcon>
                )}
              </Group>
            </Group>
          ))}
        </Section>
        <Section
          title="Components supplied (SBOM)"
          action={canWrite && <Button size="xs" variant="light" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => setDialog("component")}>Add</Button>}
        >
          {s.components.length === 0 && <Text size="sm" c="dimmed">No package URLs recorded.</Text>}
          {s.components.map((c) => (
            <Group key={c.id} justify="space-between" wrap="nowrap">
              <Text size="sm">
                <code>{c.purl}</code> <Text span c="dimmed">{c.match === "prefix" ? "and below" : "exact"}</Text> {c.description}
              </Text>
              {canWrite && (
                <ActionIcon variant="subtle" color="red" aria-label={`Remove component ${c.purl}`} onClick={() => remove(`/api/suppliers/${id}/components/${c.id}`)}>
                  <IconTrash size={14} />
                </ActionIcon>
              )}
            </Group>
          ))}
        </Section>
      </SimpleGrid>

      <Section title="Assessments">
        {s.assessments.length === 0 ? (
          <Text size="sm" c="dimmed">
            No questionnaire sent yet.
          </Text>
        ) : (
          <Table fz="sm" withTableBorder aria-label="Assessments">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Questionnaire</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Sent</Table.Th>
                <Table.Th>Link expires</Table.Th>
                <Table.Th>Score</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s.assessments.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{a.template}</Table.Td>
                  <Table.Td>
                    <Badge variant="light">{a.status.replace("_", " ")}</Badge>
                  </Table.Td>
                  <Table.Td>{formatDateTime(a.sentAt)}</Table.Td>
                  <Table.Td>{a.status === "sent" || a.status === "in_progress" ? formatDateTime(a.expiresAt) : "—"}</Table.Td>
                  <Table.Td>{a.overallScore === null ? "—" : `${a.overallScore} %`}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button size="xs" variant="light" onClick={() => setOpenAssessment(a.id)}>
                        Open
                      </Button>
                      {canWrite && (a.status === "sent" || a.status === "in_progress") && (
                        <Button size="xs" variant="subtle" color="red" onClick={() => api.post(`/api/suppliers/${id}/assessments/${a.id}/revoke`).then(refresh)}>
                          Withdraw link
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Section>

      <AssessmentDrawer supplierId={id} assessmentId={openAssessment} canWrite={canWrite} onClose={() => setOpenAssessment(null)} />

      <Modal opened={dialog === "edit"} onClose={() => setDialog(null)} title={`Edit ${s.name}`} size="lg">
        <SupplierForm initial={s} onCancel={() => setDialog(null)} onSaved={done} />
      </Modal>
      <Modal opened={dialog === "contract"} onClose={() => setDialog(null)} title="Add contract" size="lg">
        <ContractForm supplierId={id} reference={reference.data} onCancel={() => setDialog(null)} onSaved={done} />
      </Modal>
      <Modal opened={dialog === "cert"} onClose={() => setDialog(null)} title="Add certification">
        <CertificationForm supplierId={id} onCancel={() => setDialog(null)} onSaved={done} />
      </Modal>
      <Modal opened={dialog === "component"} onClose={() => setDialog(null)} title="Add component">
        <ComponentForm supplierId={id} onCancel={() => setDialog(null)} onSaved={done} />
      </Modal>
      <Modal opened={dialog === "send"} onClose={() => setDialog(null)} title="Send the supplier security questionnaire" size="lg">
        {link ? (
          <OneTimeSecret label="Questionnaire link" value={link} note="Send this link to the supplier. It is shown only now; it opens this one questionnaire without an account until it expires or is submitted." />
        ) : (
          <Stack gap="sm">
            <Text size="sm">The supplier answers through a link, without an account. Only a hash of the link is stored.</Text>
            <NumberInput label="Link valid for (days)" min={1} max={90} value={days} onChange={setDays} />
            <TextInput label="Recipient e-mail (for your records)" value={recipient} onChange={(e) => setRecipient(e.currentTarget.value)} />
            <Group justify="flex-end">
              <Button onClick={sendQuestionnaire}>Create link</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Page>
  );
}
