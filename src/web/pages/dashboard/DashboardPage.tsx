import { useQueries } from "@tanstack/react-query";
import { Alert, Anchor, Badge, Group, Paper, SimpleGrid, Skeleton, Stack, Table, Text, Tooltip as MTooltip, UnstyledButton } from "@mantine/core";
import { useNavigate } from "react-router";
import { Link } from "react-router";
import { Bar, BarChart, CartesianGrid, Cell, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ReactNode } from "react";
import { errorMessage } from "../../api/client";
import { useSession } from "../../auth/session";
import { formatDate, formatDateTime, formatNumber } from "../../components/format";
import { Page } from "../../components/Page";
import { type Coverage, type Dashboard, hoursLeft, hrefOf, type ListLink, OBLIGATION_LABELS, timeLeft, type Trends, useTrends, useWidget, type Widget, widgetQuery, type WidgetName } from "./api";

const PRIORITY_COLORS: Record<string, string> = { critical: "#c92a2a", high: "#e8590c", medium: "#f08c00", low: "#1c7ed6" };

/** A card of the dashboard; its title links to the list behind it. */
function Card({ title, to, widget, children }: { title: string; to: ListLink | null; widget: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md" h="100%" data-widget={widget}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        {to ? (
          <Anchor component={Link} to={hrefOf(to)} fw={600} data-widget-link={widget}>
            {title}
          </Anchor>
        ) : (
          <Text fw={600}>{title}</Text>
        )}
      </Group>
      {children}
    </Paper>
  );
}

function NotAvailable({ reason }: { reason: string }) {
  return (
    <Alert color="gray" variant="light" title="Not available" data-not-available>
      {reason}
    </Alert>
  );
}

/** A number that clicks through to its list. */
function Figure({ label, value, to, color, widget }: { label: string; value: ReactNode; to: ListLink; color?: string; widget: string }) {
  return (
    <UnstyledButton component={Link} to={hrefOf(to)} data-widget-link={widget}>
      <Text fz={28} fw={700} lh={1.1} c={color} data-stat={label}>
        {value}
      </Text>{" "}
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </UnstyledButton>
  );
}

function CoverageCard({ title, widget, w }: { title: string; widget: string; w: Widget<Coverage> }) {
  const navigate = useNavigate();
  if (!w.available) {
    return (
      <Card title={title} to={null} widget={widget}>
        <NotAvailable reason={w.reason} />
      </Card>
    );
  }
  const data = w.groups.map((g) => ({ name: g.label, percent: g.percent ?? 0, to: hrefOf(g.link) }));
  return (
    <Card title={title} to={w.link} widget={widget}>
      <Group gap="lg" mb="xs">
        <Figure label="requirements met" value={`${w.percent ?? 0} %`} to={w.link} widget={widget} />
        <Text size="sm" c="dimmed">
          {w.met} met, {w.partial} partial of {w.total}
        </Text>
      </Group>
      <div style={{ width: "100%", height: Math.max(140, data.length * 22) }}>
        <ResponsiveContainer>
          <BarChart data={data} layout="vertical" margin={{ left: 8, right: 16 }}>
            <XAxis type="number" domain={[0, 100]} unit="%" fontSize={11} />
            <YAxis type="category" dataKey="name" width={190} fontSize={11} />
            <Tooltip formatter={(v) => `${v} %`} />
            <Bar dataKey="percent" fill="#4263eb" isAnimationActive={false} cursor="pointer" onClick={(d) => navigate((d as unknown as { to: string }).to)} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </Card>
  );
}

function VulnerabilityCard({ w }: { w: Dashboard["vulnerabilities"] }) {
  const navigate = useNavigate();
  if (!w.available) return <Card title="Vulnerability posture" to={null} widget="vulnerabilities"><NotAvailable reason={w.reason} /></Card>;
  const data = w.byPriority.map((p) => ({ name: p.priority, count: p.count, to: hrefOf(p.link) }));
  return (
    <Card title="Vulnerability posture" to={w.open.link} widget="vulnerabilities">
      <Group gap="xl" mb="xs">
        <Figure label="open findings" value={formatNumber(w.open.count)} to={w.open.link} widget="vulnerabilities" />
        <Figure label="in the KEV catalog" value={formatNumber(w.kev.count)} to={w.kev.link} color={w.kev.count > 0 ? "red" : undefined} widget="vulnerabilities" />
        <Figure label="overdue" value={formatNumber(w.overdue.count)} to={w.overdue.link} color={w.overdue.count > 0 ? "orange" : undefined} widget="vulnerabilities" />
      </Group>
      <div style={{ width: "100%", height: 150 }}>
        <ResponsiveContainer>
          <BarChart data={data}>
            <XAxis dataKey="name" fontSize={11} />
            <YAxis allowDecimals={false} fontSize={11} width={30} />
            <Tooltip />
            <Bar dataKey="count" isAnimationActive={false} cursor="pointer" onClick={(d) => navigate((d as unknown as { to: string }).to)}>
              {data.map((d) => (
                <Cell key={d.name} fill={PRIORITY_COLORS[d.name] ?? "#868e96"} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <Group gap="xs">
        {w.byPriority.map((p) => (
          <Anchor key={p.priority} component={Link} to={hrefOf(p.link)} size="xs" data-widget-link="vulnerabilities">
            {p.priority}: {p.count}
          </Anchor>
        ))}
      </Group>
    </Card>
  );
}

function ObligationsCard({ w }: { w: Dashboard["obligations"] }) {
  if (!w.available) return <Card title="Open obligations" to={null} widget="obligations"><NotAvailable reason={w.reason} /></Card>;
  const missing = w.sources.filter((s) => !s.available);
  return (
    <Card title="Open obligations (next 30 days)" to={w.link} widget="obligations">
      <Group gap="xl" mb="xs">
        <Figure label="overdue" value={w.overdue} to={w.link} color={w.overdue > 0 ? "red" : undefined} widget="obligations" />
        <Figure label="due within 30 days or overdue" value={w.total} to={w.link} widget="obligations" />
      </Group>
      {missing.length > 0 && (
        <Alert color="gray" variant="light" mb="xs" title="Not available">
          {missing.map((s) => `${s.source}: ${s.error}`).join("; ")}
        </Alert>
      )}
      <Table fz="sm" verticalSpacing={4}>
        <Table.Tbody>
          {w.items.map((o) => (
            <Table.Tr key={`${o.kind}:${o.title}:${o.dueAt}`} data-grouped={o.count > 1 ? o.count : undefined}>
              <Table.Td>
                <Badge size="xs" variant="light" color={o.overdue ? "red" : "gray"}>
                  {OBLIGATION_LABELS[o.kind] ?? o.kind}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Anchor component={Link} to={hrefOf(o.link)} size="sm" data-widget-link="obligations">
                  {o.title}
                </Anchor>
              </Table.Td>
              <Table.Td style={{ whiteSpace: "nowrap" }}>
                <MTooltip label={o.dueAt.length > 10 ? formatDateTime(o.dueAt) : formatDate(o.dueAt)}>
                  <Text size="xs" c={o.overdue ? "red" : "dimmed"} fw={o.overdue ? 600 : undefined}>
                    {o.count > 1 ? `first: ${timeLeft(o)}` : timeLeft(o)}
                  </Text>
                </MTooltip>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}

/** Deadlines owed to an authority by law, soonest first, counted down in hours. */
function ClocksCard({ w }: { w: Dashboard["obligations"] }) {
  if (!w.available) return <Card title="Reporting clocks" to={null} widget="clocks"><NotAvailable reason={w.reason} /></Card>;
  return (
    <Card title="Reporting clocks (legal deadlines)" to={w.clocksLink} widget="clocks">
      {w.clocks.length === 0 ? (
        <Text size="sm" c="dimmed">
          No reporting clock is running.
        </Text>
      ) : (
        <Table fz="sm" verticalSpacing={4} aria-label="Reporting clocks">
          <Table.Tbody>
            {w.clocks.map((c) => (
              <Table.Tr key={`${c.title}:${c.dueAt}`}>
                <Table.Td>
                  <Anchor component={Link} to={hrefOf(c.link)} size="sm" data-widget-link="clocks">
                    {c.title}
                  </Anchor>
                </Table.Td>
                <Table.Td style={{ whiteSpace: "nowrap" }}>
                  <MTooltip label={formatDateTime(c.dueAt)}>
                    <Text size="sm" fw={700} c={c.overdue ? "red" : c.hoursLeft < 24 ? "orange" : undefined} data-countdown>
                      {hoursLeft(c)}
                    </Text>
                  </MTooltip>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

function HeatMapCard({ w }: { w: Dashboard["risks"] }) {
  if (!w.available) return <Card title="Risk heat map" to={null} widget="risks"><NotAvailable reason={w.reason} /></Card>;
  const max = Math.max(1, ...w.cells.map((c) => c.count));
  const cell = (l: number, i: number) => w.cells.find((c) => c.view === "residual" && c.likelihood === l && c.impact === i)!;
  return (
    <Card title={`Risk heat map (residual, ${w.total} open)`} to={w.link} widget="risks">
      <table style={{ borderCollapse: "collapse", width: "100%" }} aria-label="Dashboard residual risk heat map">
        <tbody>
          {[...w.likelihood].reverse().map((l) => (
            <tr key={l.value}>
              <th style={{ fontSize: 11, fontWeight: 400, textAlign: "right", paddingRight: 6 }}>{l.label}</th>
              {w.impact.map((i) => {
                const c = cell(l.value, i.value);
                const risk = (l.value * i.value) / (w.likelihood.length * w.impact.length);
                const bg = risk > 0.55 ? "#ffc9c9" : risk > 0.3 ? "#ffe8cc" : "#d3f9d8";
                return (
                  <td key={i.value} style={{ border: "1px solid #dee2e6", background: bg, textAlign: "center", height: 30, opacity: c.count ? 1 : 0.6 }}>
                    <Anchor component={Link} to={hrefOf(c.link)} fw={c.count ? 700 : 400} c="dark" size="sm" data-widget-link="risks" style={{ fontSize: 12 + (c.count / max) * 4 }}>
                      {c.count}
                    </Anchor>
                  </td>
                );
              })}
            </tr>
          ))}
          <tr>
            <th />
            {w.impact.map((i) => (
              <th key={i.value} style={{ fontSize: 11, fontWeight: 400 }}>
                {i.label}
              </th>
            ))}
          </tr>
        </tbody>
      </table>
      <Text size="xs" c="dimmed" mt={4}>
        Rows: likelihood. Columns: impact. Each number lists its risks.
      </Text>
    </Card>
  );
}

function TrendsCard({ trends }: { trends: ReturnType<typeof useTrends> }) {
  const shown = ["open_critical_findings", "open_kev_findings", "overdue_findings", "overdue_obligations"];
  const colors = ["#c92a2a", "#862e9c", "#e8590c", "#1c7ed6"];
  const coverage = ["nis2_coverage_percent", "iso27001_coverage_percent"];
  if (trends.isLoading) return <Skeleton h={240} />;
  if (trends.error) return <Card title="Trends" to={null} widget="trends"><NotAvailable reason={errorMessage(trends.error)} /></Card>;
  const t = trends.data as Trends;
  const days = [...new Set(t.series.flatMap((s) => s.points.map((p) => p.day)))].sort();
  const rows = days.map((day) => Object.fromEntries([["day", day], ...t.series.map((s) => [s.metric, s.points.find((p) => p.day === day)?.value ?? null])]));
  const label = (m: string) => t.series.find((s) => s.metric === m)?.label ?? m;
  return (
    <Card title={`Trends since ${formatDate(t.from)}`} to={{ route: "/vulnerabilities", query: { priority: "critical" } }} widget="trends">
      {days.length === 0 ? (
        <Text size="sm" c="dimmed">
          No daily snapshot yet: the first one is taken by the daily job, then one per day.
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 1, xl: 2 }}>
          <div style={{ width: "100%", height: 220 }} role="img" aria-label="Findings and obligations over time">
            <ResponsiveContainer>
              <LineChart data={rows}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="day" fontSize={11} />
                <YAxis allowDecimals={false} fontSize={11} width={30} />
                <Tooltip />
                <Legend wrapperStyle={{ fontSize: 11 }} />
                {shown.map((m, n) => (
                  <Line key={m} type="monotone" dataKey={m} name={label(m)} stroke={colors[n]} dot isAnimationActive={false} connectNulls />
                ))}
              </LineChart>
            </ResponsiveContainer>
          </div>
          <div style={{ width: "100%", height: 220 }} role="img" aria-label="Coverage over time">
            <ResponsiveContainer>
              <LineChart data={rows}>
                <CartesianGrid strokeDasharray="3 3" />
                <XAxis dataKey="day" fontSize={11} />
                <YAxis domain={[0, 100]} unit="%" fontSize={11} width={40} />
                <Tooltip />
                <Legend wrapperStyle={{ fontSize: 11 }} />
                {coverage.map((m, n) => (
                  <Line key={m} type="monotone" dataKey={m} name={label(m)} stroke={n ? "#2f9e44" : "#4263eb"} dot isAnimationActive={false} connectNulls />
                ))}
              </LineChart>
            </ResponsiveContainer>
          </div>
        </SimpleGrid>
      )}
    </Card>
  );
}

type Block = "clocks" | "coverage" | "work" | "facts" | "charts";
const defaultOrder: Block[] = ["clocks", "coverage", "work", "facts", "charts"];
/**
 * What each role looks at first: legal reporting clocks for those who answer for them, then the role's own work
 * before the organisation-wide picture.
 */
const blockOrder: Record<string, Block[]> = {
  security_officer: ["clocks", "work", "facts", "charts", "coverage"],
  incident_manager: ["clocks", "work", "facts", "coverage", "charts"],
  contributor: ["work", "clocks", "facts", "coverage", "charts"],
  auditor: ["coverage", "clocks", "work", "facts", "charts"],
};

/** A widget's card once its numbers have arrived; until then a skeleton of the card, or why it could not be loaded. */
function Slot<W extends WidgetName>({ name, card, h = 220, children }: { name: W; card?: string; h?: number; children: (w: Dashboard[W]) => ReactNode }) {
  const q = useWidget(name);
  if (q.error) return <Card title="Not loaded" to={null} widget={card ?? name}><NotAvailable reason={errorMessage(q.error)} /></Card>;
  if (!q.data) {
    return (
      <Paper withBorder p="md" radius="md" h="100%" data-widget-loading={card ?? name}>
        <Skeleton h={h} />
      </Paper>
    );
  }
  return children(q.data);
}

function EndOfSupportCard({ w }: { w: Dashboard["endOfSupport"] }) {
  if (!w.available) return <Card title="Past end of support" to={null} widget="endOfSupport"><NotAvailable reason={w.reason} /></Card>;
  return (
    <Card title="Past end of support, still installed" to={w.link} widget="endOfSupport">
      <Figure label={`units at ${w.sites} site(s)`} value={formatNumber(w.units)} to={w.link} color={w.units ? "orange" : undefined} widget="endOfSupport" />
      <Stack gap={2} mt="xs">
        {w.versions.map((v) => (
          <Anchor key={v.id} component={Link} to={hrefOf(v.link)} size="xs" data-widget-link="endOfSupport">
            {v.name}: {v.units} units, support ended {formatDate(v.endOfSupport)}
          </Anchor>
        ))}
        {w.versionCount > w.versions.length && (
          <Anchor component={Link} to={hrefOf(w.link)} size="xs" c="dimmed" data-widget-link="endOfSupport">
            and {formatNumber(w.versionCount - w.versions.length)} more version(s)
          </Anchor>
        )}
      </Stack>
    </Card>
  );
}

function IncidentsCard({ w }: { w: Dashboard["incidents"] }) {
  if (!w.available) return <Card title="Incidents this quarter" to={null} widget="incidents"><NotAvailable reason={w.reason} /></Card>;
  return (
    <Card title={`Incidents ${w.quarter.label}`} to={w.link} widget="incidents">
      <Group gap="xl">
        <Figure label="declared this quarter" value={w.count} to={w.link} widget="incidents" />
        <Figure label="significant" value={w.significant} to={w.link} widget="incidents" />
        <Figure label="open (board)" value={w.open} to={w.boardLink} widget="incidents" />
      </Group>
    </Card>
  );
}

function GovernanceCard({ w }: { w: Dashboard["governance"] }) {
  if (!w.available) return <Card title="Governance gaps" to={null} widget="governance"><NotAvailable reason={w.reason} /></Card>;
  return (
    <Card title="Governance gaps" to={w.link} widget="governance">
      <Group gap="xl">
        <Figure label="roles unassigned" value={w.roleGaps.count} to={w.roleGaps.link} color={w.roleGaps.count ? "red" : undefined} widget="governance" />
        <Figure label="policy reviews overdue" value={w.overduePolicyReviews.count} to={w.overduePolicyReviews.link} widget="governance" />
        <Figure label="trainings overdue" value={w.overdueTraining.count} to={w.overdueTraining.link} widget="governance" />
      </Group>
    </Card>
  );
}

const WIDGET_NAMES: WidgetName[] = ["nis2", "iso27001", "obligations", "vulnerabilities", "endOfSupport", "risks", "incidents", "governance"];

export function DashboardPage() {
  const { user } = useSession();
  const trends = useTrends();
  const order = blockOrder[user.role] ?? defaultOrder;
  // Every widget is its own request; the page is "ready" for tests and readers once none is still loading.
  const ready = useQueries({ queries: WIDGET_NAMES.map(widgetQuery) }).every((q) => q.data !== undefined || q.error);

  return (
    <Page title="Dashboard" description={`Welcome, ${user.name}. Readiness, obligations and exposure today, your own work first; every number opens the list behind it.`}>
      <Stack gap="md" data-dashboard-ready={ready || undefined} data-dashboard-order={order.join(" ")}>
        {order.map((block) => {
          switch (block) {
            case "clocks":
              return <Slot key="clocks" name="obligations" card="clocks" h={60}>{(w) => <ClocksCard w={w} />}</Slot>;
            case "coverage":
              return (
                <SimpleGrid key="coverage" cols={{ base: 1, lg: 2 }} spacing="md">
                  <Slot name="nis2">{(w) => <CoverageCard title="NIS2 readiness (Art. 21 measures)" widget="nis2" w={w} />}</Slot>
                  <Slot name="iso27001">{(w) => <CoverageCard title="ISO/IEC 27001 coverage" widget="iso27001" w={w} />}</Slot>
                </SimpleGrid>
              );
            case "work":
              return (
                <SimpleGrid key="work" cols={{ base: 1, lg: 2 }} spacing="md">
                  <Slot name="obligations">{(w) => <ObligationsCard w={w} />}</Slot>
                  <Slot name="vulnerabilities">{(w) => <VulnerabilityCard w={w} />}</Slot>
                </SimpleGrid>
              );
            case "facts":
              return (
                <SimpleGrid key="facts" cols={{ base: 1, sm: 3 }} spacing="md">
                  <Slot name="endOfSupport" h={80}>{(w) => <EndOfSupportCard w={w} />}</Slot>
                  <Slot name="incidents" h={80}>{(w) => <IncidentsCard w={w} />}</Slot>
                  <Slot name="governance" h={80}>{(w) => <GovernanceCard w={w} />}</Slot>
                </SimpleGrid>
              );
            case "charts":
              return (
                <SimpleGrid key="charts" cols={{ base: 1, lg: 2 }} spacing="md">
                  <Slot name="risks">{(w) => <HeatMapCard w={w} />}</Slot>
                  <TrendsCard trends={trends} />
                </SimpleGrid>
              );
            default:
              return null;
          }
        })}
      </Stack>
    </Page>
  );
}
