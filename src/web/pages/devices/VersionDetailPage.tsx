import { Alert, Anchor, Badge, Group, Loader, SimpleGrid, Stack, Tabs, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { Link, useParams } from "react-router";
import { api, errorMessage } from "../../api/client";
import { useCan } from "../../auth/session";
import { formatDate, formatDateTime, formatNumber, plural, todayIso } from "../../components/format";
import { Page } from "../../components/Page";
import { FindingDrawer, findingKeys } from "../vulnerabilities/FindingDrawer";
import { FindingsTable } from "../vulnerabilities/FindingsTable";
import type { FindingItem, Paged } from "../vulnerabilities/types";
import { ComponentsTable } from "./ComponentsTable";
import { type VersionDetail, versionKeys } from "./sbom-types";
import { SbomHistory } from "./SbomHistory";
import { SbomUpload } from "./SbomUpload";
import { VexUpload } from "./VexUpload";
import { SecurityStatementPanel } from "./SecurityStatementPanel";
import { SupportBadge } from "./support";

// The diagram library comes with the threat-model tab only.
const ThreatModelPanel = lazy(() => import("../threat-model/ThreatModelPanel").then((m) => ({ default: m.ThreatModelPanel })));

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      <div>{children}</div>
    </Stack>
  );
}

/** One software version: what it is, where it runs, what it contains and which vulnerabilities affect it. */
export function VersionDetailPage() {
  const { versionId = "" } = useParams();
  const queryClient = useQueryClient();
  const canUpload = useCan("sbom:write");
  const canImportVex = useCan("vulnerabilities:write");
  const [open, setOpen] = useState<string | null>(null);
  const detail = useQuery({ queryKey: versionKeys.detail(versionId), queryFn: () => api.get<VersionDetail>(`/api/versions/${encodeURIComponent(versionId)}`) });
  const findings = useQuery({
    queryKey: [...findingKeys.all, "version", versionId],
    queryFn: () => api.get<Paged<FindingItem>>(`/api/versions/${encodeURIComponent(versionId)}/findings?limit=500`),
    retry: false,
  });
  if (detail.isPending) return <Loader />;
  if (detail.isError)
    return (
      <Page title="Software version">
        <Alert color="red" role="alert" title="The version could not be loaded">
          {errorMessage(detail.error)}
        </Alert>
      </Page>
    );
  const v = detail.data;
  const sbom = v.currentSbom;
  const openFindings = (findings.data?.items ?? []).filter((f) => f.status !== "fixed" && f.status !== "not_affected");
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: versionKeys.all });
    void queryClient.invalidateQueries({ queryKey: findingKeys.all });
    void queryClient.invalidateQueries({ queryKey: ["devices"] });
  };

  return (
    <Page
      title={`${v.deviceModel.name} ${v.version}`}
      description={
        <>
          <Anchor component={Link} to="/devices" size="sm" underline="always">
            Device models
          </Anchor>{" "}
          · {v.deviceModel.modelNumber}
          {v.deviceModel.softwareSafetyClass ? ` · IEC 62304 class ${v.deviceModel.softwareSafetyClass}` : ""}
          {v.deviceModel.connectivity.length > 0 ? ` · ${v.deviceModel.connectivity.join(", ")}` : ""}
        </>
      }
    >
      <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="sm">
        <Fact label="Released">{formatDate(v.releaseDate)}</Fact>
        <Fact label="Support">
          <Group gap={4}>
            <SupportBadge version={v} today={todayIso()} />
            {v.endOfSupport && <Text size="sm">until {formatDate(v.endOfSupport)}</Text>}
          </Group>
        </Fact>
        <Fact label="Installed">
          {plural(v.installedUnits, "unit")} at {plural(v.sites, "site")}
        </Fact>
        <Fact label="Current SBOM">
          {sbom ? (
            <Text size="sm">
              #{sbom.sequence} · {formatNumber(sbom.componentCount)} components · {formatDateTime(sbom.uploadedAt)}
            </Text>
          ) : (
            <Text size="sm" c="dimmed">
              none
            </Text>
          )}
        </Fact>
        <Fact label="Open findings">
          {findings.isError ? (
            <Text size="sm" c="dimmed">
              not available
            </Text>
          ) : (
            <Group gap={4}>
              <Text size="sm" fw={600} data-testid="open-findings">
                {findings.data ? openFindings.length : "…"}
              </Text>
              {openFindings.some((f) => f.overdue) && (
                <Badge color="red" radius="sm" variant="light">
                  overdue
                </Badge>
              )}
            </Group>
          )}
        </Fact>
      </SimpleGrid>

      <Tabs defaultValue="components" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="components">Components{sbom ? ` (${formatNumber(sbom.componentCount)})` : ""}</Tabs.Tab>
          <Tabs.Tab value="findings">Findings{findings.data ? ` (${findings.data.total})` : ""}</Tabs.Tab>
          <Tabs.Tab value="sboms">SBOM history ({v.sbomCount})</Tabs.Tab>
          <Tabs.Tab value="sites">Installed base ({v.installations.length})</Tabs.Tab>
          <Tabs.Tab value="statement">Security statement</Tabs.Tab>
          <Tabs.Tab value="threat-model">Threat model</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="components" pt="md">
          <Stack gap="md">
            {sbom ? <ComponentsTable sbomId={sbom.id} versionId={v.id} /> : <Text c="dimmed">No SBOM yet: upload one to see the components and match them.</Text>}
            {sbom && (
              <Group gap="md">
                <Anchor href={`/api/versions/${encodeURIComponent(v.id)}/support-report/export`} size="sm">
                  Download the component support report (XLSX, for a premarket submission)
                </Anchor>
                <Anchor component={Link} to="/devices/component-support" size="sm">
                  Component support across all devices
                </Anchor>
              </Group>
            )}
            {canUpload && (
              <SbomUpload
                versionId={v.id}
                onImported={(created) => {
                  refresh();
                  notifications.show({ color: "teal", title: created ? "SBOM imported" : "Already current", message: created ? "Components and findings were updated." : "This file is the current SBOM already." });
                }}
              />
            )}
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="findings" pt="md">
          <Stack gap="md">
            {findings.isError ? (
              <Alert color="gray">Findings are not available: {errorMessage(findings.error)}</Alert>
            ) : (
              <FindingsTable label="Findings of this version" records={findings.data?.items} fetching={findings.isPending} onOpen={(f) => setOpen(f.id)} showDevice={false} emptyText="No known vulnerability affects this version." />
            )}
            {canImportVex && sbom && <VexUpload versionId={v.id} onImported={refresh} />}
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="sboms" pt="md">
          <SbomHistory versionId={v.id} />
        </Tabs.Panel>
        <Tabs.Panel value="sites" pt="md">
          {v.installations.length === 0 ? (
            <Text c="dimmed">Not installed anywhere.</Text>
          ) : (
            <Stack gap={4}>
              {v.installations.map((i) => (
                <Text size="sm" key={i.id}>
                  {i.customer}
                  {i.site ? ` · ${i.site}` : ""}: {plural(i.units, "unit")}
                  {i.since ? ` since ${formatDate(i.since)}` : ""}
                </Text>
              ))}
            </Stack>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="statement" pt="md">
          <SecurityStatementPanel versionId={v.id} />
        </Tabs.Panel>
        <Tabs.Panel value="threat-model" pt="md">
          <Suspense fallback={<Loader />}>
            <ThreatModelPanel versionId={v.id} />
          </Suspense>
        </Tabs.Panel>
      </Tabs>
      <FindingDrawer id={open} onClose={() => setOpen(null)} />
    </Page>
  );
}
