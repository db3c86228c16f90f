import { ActionIcon, Alert, Anchor, Badge, Button, Group, Modal, Stack, Table, Text, Title, UnstyledButton } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconChevronDown, IconChevronRight, IconPlus } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { Link } from "react-router";
import { errorMessage } from "../../api/client";
import { keys, useDevices, useInstallations } from "../../api/queries";
import type { DeviceModel } from "../../api/types";
import { useCan } from "../../auth/session";
import { type Column, DataTable } from "../../components/DataTable";
import { formatDate, formatNumber, plural, todayIso } from "../../components/format";
import { Page } from "../../components/Page";
import { DeviceModelForm, VersionForm } from "./DeviceForms";
import { ProductRegimePanel, RegimeBadge } from "./ProductRegimePanel";
import { endOfSupportExposure, isPastEndOfSupport, SupportBadge } from "./support";

function VersionsTable({
  model,
  today,
  canWrite,
  onAddVersion,
  onChanged,
}: { model: DeviceModel; today: string; canWrite: boolean; onAddVersion: () => void; onChanged: () => void }) {
  return (
    <Stack gap="xs" p="sm" bg="var(--mantine-color-gray-0)">
      <ProductRegimePanel model={model} canWrite={canWrite} onChanged={onChanged} />
      <Group justify="space-between">
        <Title order={3} size="h5">
          Software versions of {model.name}
        </Title>
        {canWrite && (
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} aria-hidden />} onClick={onAddVersion} aria-label={`Add version to ${model.name}`}>
            Add version
          </Button>
        )}
      </Group>
      {model.versions.length === 0 ? (
        <Text size="sm" c="dimmed">
          No versions recorded yet.
        </Text>
      ) : (
        <Table withTableBorder bg="white" fz="sm" aria-label={`Versions of ${model.name}`}>
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
            {model.versions.map((v) => {
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
    </Stack>
  );
}

export function DeviceModelsPage() {
  const devices = useDevices();
  const installations = useInstallations();
  const canWrite = useCan("devices:write");
  const queryClient = useQueryClient();
  const today = todayIso();
  const [creating, setCreating] = useState(false);
  const [versionFor, setVersionFor] = useState<DeviceModel | null>(null);
  const [expanded, setExpanded] = useState<string[] | null>(null);

  const flaggedIds = useMemo(
    () => (devices.data ?? []).filter((m) => m.versions.some((v) => isPastEndOfSupport(v, today) && v.installedUnits > 0)).map((m) => m.id),
    [devices.data, today],
  );
  const expandedIds = expanded ?? flaggedIds;
  const toggle = (id: string) => setExpanded(expandedIds.includes(id) ? expandedIds.filter((x) => x !== id) : [...expandedIds, id]);
  const exposure = installations.data ? endOfSupportExposure(installations.data, today) : null;

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: keys.devices });
    void queryClient.invalidateQueries({ queryKey: keys.installations });
  };

  const columns: Column<DeviceModel>[] = [
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
      render: (m) => {
        const past = m.versions.filter((v) => isPastEndOfSupport(v, today) && v.installedUnits > 0).length;
        return (
          <Group gap={6} justify="flex-end" wrap="nowrap">
            <span>{m.versions.length}</span>
            {past > 0 && (
              <Badge color="red" variant="light" radius="sm" title="Versions past end of support that are still installed">
                {past} past support
              </Badge>
            )}
          </Group>
        );
      },
    },
    { accessor: "units", title: "Installed units", sortable: true, textAlign: "right", render: (m) => formatNumber(m.versions.reduce((n, v) => n + v.installedUnits, 0)) },
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
        records={devices.data}
        fetching={devices.isPending}
        columns={columns}
        searchText={(m) => [m.name, m.modelNumber, m.udiDi, m.riskClass, m.regime.label, ...m.versions.map((v) => v.version)].join(" ")}
        filterPlaceholder="Filter by name, model number, UDI-DI or version"
        initialSort={{ columnAccessor: "name", direction: "asc" }}
        sortValue={(m, accessor) =>
          accessor === "versionCount" ? m.versions.length : accessor === "units" ? m.versions.reduce((n, v) => n + v.installedUnits, 0) : (m as Record<string, unknown>)[accessor]
        }
        emptyText={canWrite ? "No device models yet. Create the first with “New device model”." : "No device models yet."}
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
