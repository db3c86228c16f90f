import { Alert, Anchor, Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { errorMessage } from "../../api/client";
import { formatDate } from "../../components/format";
import { Page } from "../../components/Page";
import { type PortfolioEntry, usePortfolio, useSupplierReference } from "./api";
import { RiskBadge, TierBadge } from "./SuppliersPage";

function Block({ title, count, children }: { title: string; count: number; children: ReactNode }) {
  return (
    <Card withBorder component="section" aria-label={title}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          {title}
        </Title>
        <Badge color={count > 0 ? "red" : "teal"}>{count}</Badge>
      </Group>
      {count === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing to do.
        </Text>
      ) : (
        children
      )}
    </Card>
  );
}

const name = (e: { id: string; name: string }) => (
  <Anchor component={Link} to={`/suppliers/${e.id}`} size="sm">
    {e.name}
  </Anchor>
);

function Entries({ rows, extra }: { rows: PortfolioEntry[]; extra?: (e: PortfolioEntry) => ReactNode }) {
  return (
    <Table fz="sm">
      <Table.Tbody>
        {rows.map((e) => (
          <Table.Tr key={e.id}>
            <Table.Td>{name(e)}</Table.Td>
            <Table.Td>
              <TierBadge tier={e.tier} />
            </Table.Td>
            <Table.Td>
              <RiskBadge risk={e.risk} />
            </Table.Td>
            <Table.Td>{extra ? extra(e) : `due ${formatDate(e.nextAssessmentDue)}`}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

export function SupplierPortfolioPage() {
  const p = usePortfolio();
  const reference = useSupplierReference();
  const clauseTitle = (c: string) => reference.data?.clauses.find((x) => x.id === c)?.title ?? c;
  const d = p.data;
  return (
    <Page title="Supplier portfolio" description="Where the supply chain needs attention: assessments, contract clauses, certificates and risk.">
      {p.isError && <Alert color="red">{errorMessage(p.error)}</Alert>}
      {d && (
        <Stack gap="md">
          <Text size="sm">
            {d.totals.suppliers} suppliers · tier 1: {d.totals.byTier[1]} · tier 2: {d.totals.byTier[2]} · tier 3: {d.totals.byTier[3]} · risk critical {d.totals.byRisk.critical}, high {d.totals.byRisk.high}
          </Text>
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <Block title="Critical suppliers without a current assessment" count={d.criticalWithoutCurrentAssessment.length}>
              <Entries rows={d.criticalWithoutCurrentAssessment} extra={(e) => (e.openAssessment ? `questionnaire ${e.openAssessment.status.replace("_", " ")}` : e.lastAssessment ? `overdue since ${formatDate(e.nextAssessmentDue)}` : "never assessed")} />
            </Block>
            <Block title="Missing contract clauses" count={d.missingClauses.length}>
              <Entries rows={d.missingClauses} extra={(e) => (e as (typeof d.missingClauses)[number]).missingClauses.map(clauseTitle).join(", ")} />
            </Block>
            <Block title="Expired or expiring certificates" count={d.certificates.length}>
              <Table fz="sm">
                <Table.Tbody>
                  {d.certificates.map((c) => (
                    <Table.Tr key={`${c.supplierId}${c.name}`}>
                      <Table.Td>{name({ id: c.supplierId, name: c.supplier })}</Table.Td>
                      <Table.Td>{c.name}</Table.Td>
                      <Table.Td>
                        <Badge color={c.state === "expired" ? "red" : "yellow"}>
                          {c.state} {formatDate(c.expiresOn)}
                        </Badge>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Block>
            <Block title="Re-assessments due" count={d.assessmentsDue.length}>
              <Entries rows={d.assessmentsDue} />
            </Block>
          </SimpleGrid>
          <Card withBorder component="section" aria-label="Highest supplier risk">
            <Title order={2} size="h4" mb="xs">
              Highest supplier risk
            </Title>
            <Entries rows={d.highestRisk} extra={(e) => e.risk.factors.map((f) => f.factor).join(", ")} />
          </Card>
        </Stack>
      )}
    </Page>
  );
}
