import { ActionIcon, Alert, Anchor, Badge, Button, Group, Modal, Pagination, Select, Stack, Table, Text, Title, UnstyledButton } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconChevronDown, IconChevronRight, IconPlus } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Link } from "react-router";
import { errorMessage } from "../../api/client";
import { useListParams } from "../../api/paging";
import { keys } from "../../api/queries";
import { useCan } from "../../auth/session";
import { type Column, DataTable } from "../../components/DataTable";
import { formatDate, formatNumber, plural, todayIso } from "../../components/format";
import { ListFilterInput, ListTotal } from "../../components/ListControls";
import { Page } from "../../components/Page";
import { DeviceModelForm, VersionForm } from "./DeviceForms";
import { ProductRegimePanel, RegimeBadge } from "./ProductRegimePanel";
import { type DeviceModelSummary, useDeviceModelPage, useEndOfSupportTotals, useVersionPage } from "./api";
import { isPastEndOfSupport, SupportBadge, supportLabels } from "./support";

const VERSION_PAGE_SIZE = 20;

function VersionsTable({
  model,
  today,
  canWrite,
  onAddVersion,
  onChanged,
}: { model: DeviceModelSummary; today: string; canWrite: boolean; onAddVersion: () => void; onChanged: () => void }) {
  const [page, setPage] = useState(1);
  const [support, setSupport] = useState<string | null>(null);
  const query = new URLSearchParams({ deviceModelId: model.id, limit: String(VERSION_PAGE_SIZE), page: String(page), sort: "releaseDate" });
  if (support === "past") query.set("pastSupport", "true");
  else if (support) query.set("supportStatus", support);
  const versions = useVersionPage(query.toString());
  const total = versions.data?.total ?? 0;
  return (
    <Stack gap="xs" p="sm" bg="var(--mantine-color-gray-0)">
      <ProductRegimePanel model={model} canWrite={canWrite} onChanged={onChanged} />
      <Group justify="space-between">
        <Title order={3} size="h5">
          Software versions of {model.name}
        </Title>
        <Group gap="xs">
          {model.versionCount > VERSION_PAGE_SIZE && (
            <Select
              size="xs"
              aria-label={`Support status of ${model.name} versions`}
              placeholder="Any support status"
              clearable
              w={200}
              value={support}
              onChange={(v) => {
                setSupport(v);
                setPage(1);
              }}
              data={[...Object.entries(supportLabels).map(([value, label]) => ({ value, label })), { value: "past", label: "Past end of support" }]}
            />
          )}
          {canWrite && (
            <Button size="xs" variant="light" leftSection={<IconPlus size={14} aria-hidden />} onClick={onAddVersion} aria-label={`Add version to ${model.name}`}>
              Add version
            </Button>
          )}
        </Group>
      </Group>
      {versions.isError && (
        <Alert color="red" role="alert" title="Versions could not be loaded">
          {errorMessage(versions.error)}
        </Alert>
      )}
      {versions.data && total === 0 ? (
        <Text size="sm" c="dimmed">
          {support ? "No version matches this support status." : "No versions recorded yet."}
        </Text>
      ) : (
        <Table withTableBorder bg="white" fz="sm" aria-label={`Versions of ${model.name}`} aria-busy={versions.isFetching || undefined}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Version</Table.Th>
              <Table.Th>Released</Table.Th>
              <Table.Th>Support</Table.Th>
              <Table.Th>End of support</Table.Th>
              <Table.Th ta="right">Installed units</Table.Th>
              <Table.Th ta="right">Sites</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(versions.data?.items ?? []).map((v) => {
              const flagged = isPastEndOfSupport(v, today) && v.installedUnits > 0;
              return (
                <Table.Tr key={v.id} bg={flagged ? "var(--mantine-color-red-0)" : undefined} data-flagged={flagged || undefined}>
                  <Table.Td fw={600}>
                    <Anchor component={Link} to={`/devices/versions/${encodeURIComponent(v.id)}`} aria-label={`${model.name} version ${v.version}`}>
                      {v.version}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{formatDate(v.releaseDate)}</Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <SupportBadge version={v} today={today} />
                      {flagged && (
                        <Badge color="red" variant="filled" radius="sm" leftSection={<IconAlertTriangle size={12} aria-hidden />}>
                          Still installed
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>{formatDate(v.endOfSupport)}</Table.Td>
                  <Table.Td ta="right">{formatNumber(v.installedUnits)}</Table.Td>
                  <Table.Td ta="right">{formatNumber(v.sites)}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {total > VERSION_PAGE_SIZE && (
        <Group justify="space-between">
          <Text size="sm" c="dimmed">
            {`${(page - 1) * VERSION_PAGE_SIZE + 1}–${Math.min(page * VERSION_PAGE_SIZE, total)} of ${plural(total, "version")}`}
          </Text>
          <Pagination
            size="sm"
            total={Math.ceil(total / VERSION_PAGE_SIZE)}
            value={page}
            onChange={setPage}
            getControlProps={(control) => ({ "aria-label": `${control} page of ${model.name} versions` })}
            getItemProps={(p) => ({ "aria-label": `Page ${p} of ${model.name} versions` })}
          />
        </Group>
      )}
    </Stack>
  );
}

const PAGE_SIZE = 25;
const AUTO_OPEN = 3;

export function DeviceModelsPage() {
  const { params, set, page, sort, order, remote } = useListParams({ sort: "name", order: "asc" });
  const [q] = useDebouncedValue(params.get("q") ?? "", 250);
  const query = new URLSearchParams({ limit: String(PAGE_SIZE), page: String(page), sort, order });
  if (q.trim()) query.set("q", q.trim());
  const devices = useDeviceModelPage(query.toString());
  const exposure = useEndOfSupportTotals().data;
  const canWrite = useCan("devices:write");
  const queryClient = useQueryClient();
  const today = todayIso();
  const [creating, setCreating] = useState(false);
  const [versionFor, setVersionFor] = useState<DeviceModelSummary | null>(null);
  const [expanded, setExpanded] = useState<string[] | null>(null);

  const flaggedIds = useMemo(() => (devices.data?.items ?? []).filter((m) => m.pastSupportInstalled > 0).map((m) => m.id), [devices.data]);
  // Flagged models open by themselves only when a few are: a page of 25 flagged models would open 25 tables at once and
  // ask for 25 pages of versions, with the "past support" badge already marking each of them.
  const expandedIds = expanded ?? (flaggedIds.length <= AUTO_OPEN ? flaggedIds : []);
  const toggle = (id: string) => setExpanded(expandedIds.includes(id) ? expandedIds.filter((x) => x !== id) : [...expandedIds, id]);

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: keys.devices });
    void queryClient.invalidateQueries({ queryKey: keys.installations });
  };

  const columns: Column<DeviceModelSummary>[] = [
    {
      accessor: "expand",
      title: <span className="visually-hidden">Versions</span>,
      width: 44,
      render: (m) => {
        const open = expandedIds.includes(m.id);
        return (
          <ActionIcon variant="subtle" color="gray" aria-expanded={open} aria-label={`${open ? "Hide" : "Show"} versions of ${m.name}`} onClick={() => toggle(m.id)}>
            {open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
          </ActionIcon>
        );
      },
    },
    {
      accessor: "name",
      title: "Device model",
      sortable: true,
      render: (m) => (
        <Stack gap={0} align="flex-start">
          <UnstyledButton onClick={() => toggle(m.id)} aria-expanded={expandedIds.includes(m.id)} fz="sm" fw={600} className="device-model-name">
            {m.name}
          </UnstyledButton>
          <Text size="xs" c="dimmed">
            {m.modelNumber}
            {m.udiDi ? ` · UDI-DI ${m.udiDi}` : ""}
          </Text>
        </Stack>
      ),
    },
    { accessor: "riskClass", title: "Risk class", sortable: true, render: (m) => m.riskClass ?? "—" },
    { accessor: "regime", title: "Regime", render: (m) => <RegimeBadge regime={m.regime} /> },
    { accessor: "softwareSafetyClass", title: "Safety class", sortable: true, render: (m) => m.softwareSafetyClass ?? "—" },
    {
      accessor: "versionCount",
      title: "Versions",
      sortable: true,
      textAlign: "right",
      render: (m) => (
        <Group gap={6} justify="flex-end" wrap="nowrap">
          <span>{formatNumber(m.versionCount)}</span>
          {m.pastSupportInstalled > 0 && (
            <Badge color="red" variant="light" radius="sm" title="Versions past end of support that are still installed">
              {m.pastSupportInstalled} past support
            </Badge>
          )}
        </Group>
      ),
    },
    { accessor: "units", title: "Installed units", sortable: true, textAlign: "right", render: (m) => formatNumber(m.installedUnits) },
  ];

  return (
    <Page
      title="Device models"
      description="Your device catalogue and other products: software versions, their support status, how many units are installed, and which regulation (MDR/IVDR or the Cyber Resilience Act) governs each product's cybersecurity."
      actions={
        canWrite && (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
            New device model
          </Button>
        )
      }
    >
      {devices.isError && (
        <Alert color="red" role="alert" title="Device models could not be loaded">
          {errorMessage(devices.error)}
        </Alert>
      )}
      {exposure && exposure.versions > 0 && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />} title="Versions past end of support are still in use">
          {plural(exposure.versions, "version")} past end of support {exposure.versions === 1 ? "is" : "are"} installed at {plural(exposure.sites, "site")} of{" "}
          {plural(exposure.customers, "customer")} ({plural(exposure.units, "unit")}).{" "}
          <Anchor component={Link} to="/devices/installed?support=past">
            Show these installations
          </Anchor>
        </Alert>
      )}
      <DataTable
        label="Device models"
        records={devices.data?.items}
        fetching={devices.isPending || devices.isPlaceholderData}
        columns={columns}
        pageSize={PAGE_SIZE}
        initialSort={{ columnAccessor: sort, direction: order }}
        remote={remote(devices.data?.total ?? 0)}
        toolbar={
          <>
            <ListFilterInput label="Filter device models" placeholder="Filter by name, model number, UDI-DI or version" value={params.get("q") ?? ""} onChange={(v) => set({ q: v })} />
            <ListTotal total={devices.data?.total} noun="device model" />
          </>
        }
        emptyText={
          q.trim() ? "No device model matches the filter." : canWrite ? "No device models yet. Create the first with “New device model”." : "No device models yet."
        }
        rowExpansion={{
          trigger: "never",
          expanded: { recordIds: expandedIds, onRecordIdsChange: (ids: unknown[]) => setExpanded(ids as string[]) },
          content: ({ record }) => <VersionsTable model={record} today={today} canWrite={canWrite} onAddVersion={() => setVersionFor(record)} onChanged={refresh} />,
        }}
      />
      <Modal opened={creating} onClose={() => setCreating(false)} title="New device model" size="lg">
        <DeviceModelForm
          onCancel={() => setCreating(false)}
          onCreated={(m) => {
            setCreating(false);
            refresh();
            setExpanded([...expandedIds, m.id]);
            notifications.show({ color: "teal", title: "Device model created", message: `${m.name} (${m.modelNumber}) was added to the catalogue.` });
          }}
        />
      </Modal>
      <Modal opened={versionFor !== null} onClose={() => setVersionFor(null)} title={versionFor ? `Add a version to ${versionFor.name}` : ""}>
        {versionFor && (
          <VersionForm
            model={versionFor}
            onCancel={() => setVersionFor(null)}
            onCreated={(v) => {
              setVersionFor(null);
              refresh();
              notifications.show({ color: "teal", title: "Version added", message: `Version ${v.version} was added.` });
            }}
          />
        )}
      </Modal>
    </Page>
  );
}
