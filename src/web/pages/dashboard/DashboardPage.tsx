import { Alert, Group, Paper, SimpleGrid, Skeleton, Text, ThemeIcon, UnstyledButton } from "@mantine/core";
import {
  IconAlertTriangle,
  IconBuildingHospital,
  IconCircleCheck,
  IconCircleX,
  IconDeviceDesktopAnalytics,
  IconGitBranch,
  IconUsers,
  type Icon,
} from "@tabler/icons-react";
import type { ReactNode } from "react";
import { Link } from "react-router";
import { errorMessage } from "../../api/client";
import { useAuditVerify, useDevices, useInstallations, useUsers } from "../../api/queries";
import { useCan, useSession } from "../../auth/session";
import { formatNumber, plural, todayIso } from "../../components/format";
import { Page } from "../../components/Page";
import { endOfSupportExposure, isPastEndOfSupport } from "../devices/support";

type StatProps = { label: string; value: ReactNode; detail: ReactNode; to: string; icon: Icon; color?: string; loading?: boolean; error?: unknown };

/** One number of the dashboard; the whole card links to the list behind it. */
function Stat({ label, value, detail, to, icon: StatIcon, color = "indigo", loading, error }: StatProps) {
  return (
    <UnstyledButton component={Link} to={to} className="stat-card">
      <Paper withBorder p="md" radius="md" h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <div>
            <Text size="sm" c="dimmed" fw={500}>
              {label}
            </Text>
            {loading ? (
              <Skeleton h={34} w={60} mt={6} />
            ) : error ? (
              <Text size="sm" c="red" mt={6}>
                Not available: {errorMessage(error)}
              </Text>
            ) : (
              <Text fz={32} fw={700} lh={1.2} mt={4} data-stat={label}>
                {value}
              </Text>
            )}
          </div>
          <ThemeIcon variant="light" color={color} size={40} radius="md" aria-hidden>
            <StatIcon size={22} />
          </ThemeIcon>
        </Group>
        {!loading && !error && (
          <Text size="sm" c="dimmed" mt="xs">
            {detail}
          </Text>
        )}
      </Paper>
    </UnstyledButton>
  );
}

export function DashboardPage() {
  const { user } = useSession();
  const canManageUsers = useCan("users:manage");
  const canReadAudit = useCan("audit:read");
  const devices = useDevices();
  const installations = useInstallations();
  const users = useUsers(canManageUsers);
  const chain = useAuditVerify(canReadAudit);
  const today = todayIso();

  const models = devices.data ?? [];
  const versions = models.flatMap((m) => m.versions);
  const supported = versions.filter((v) => !isPastEndOfSupport(v, today)).length;
  const exposure = endOfSupportExposure(installations.data ?? [], today);
  const units = (installations.data ?? []).reduce((n, i) => n + i.units, 0);
  const sites = new Set((installations.data ?? []).map((i) => `${i.customer}\u0000${i.site ?? ""}`)).size;
  const activeUsers = (users.data ?? []).filter((u) => u.status === "active").length;
  const lockedUsers = (users.data ?? []).filter((u) => u.locked).length;

  return (
    <Page title="Dashboard" description={`Welcome, ${user.name}. The state of your workspace today.`}>
      <SimpleGrid cols={{ base: 1, xs: 2, lg: 3 }} spacing="md">
        <Stat
          label="Device models"
          value={formatNumber(models.length)}
          detail="in the device catalogue"
          to="/devices"
          icon={IconDeviceDesktopAnalytics}
          loading={devices.isPending}
          error={devices.error}
        />
        <Stat
          label="Software versions"
          value={formatNumber(versions.length)}
          detail={`${formatNumber(supported)} within support`}
          to="/devices"
          icon={IconGitBranch}
          loading={devices.isPending}
          error={devices.error}
        />
        <Stat
          label="Versions past end of support still installed"
          value={formatNumber(exposure.versions)}
          detail={exposure.versions > 0 ? `at ${plural(exposure.sites, "site")}, ${plural(exposure.units, "unit")}` : "no installed unit runs an unsupported version"}
          to="/devices/installed?support=past"
          icon={IconAlertTriangle}
          color={exposure.versions > 0 ? "red" : "teal"}
          loading={installations.isPending}
          error={installations.error}
        />
        <Stat
          label="Installed units"
          value={formatNumber(units)}
          detail={`at ${plural(sites, "customer site")}`}
          to="/devices/installed"
          icon={IconBuildingHospital}
          loading={installations.isPending}
          error={installations.error}
        />
        {canManageUsers && (
          <Stat
            label="Users"
            value={formatNumber(activeUsers)}
            detail={`active${lockedUsers > 0 ? `, ${formatNumber(lockedUsers)} locked` : ""} of ${plural(users.data?.length ?? 0, "account")}`}
            to="/admin/users"
            icon={IconUsers}
            color={lockedUsers > 0 ? "orange" : "indigo"}
            loading={users.isPending}
            error={users.error}
          />
        )}
        {canReadAudit && (
          <Stat
            label="Audit trail"
            value={chain.data ? (chain.data.intact ? "Intact" : "Broken") : "—"}
            detail={
              chain.data
                ? chain.data.intact
                  ? `hash chain verified over ${plural(chain.data.entries, "entry", "entries")}`
                  : `first broken entry #${chain.data.firstBrokenSeq}`
                : ""
            }
            to="/admin/audit"
            icon={chain.data && !chain.data.intact ? IconCircleX : IconCircleCheck}
            color={chain.data && !chain.data.intact ? "red" : "teal"}
            loading={chain.isPending}
            error={chain.error}
          />
        )}
      </SimpleGrid>
      <Alert color="gray" variant="light" title="More to come">
        Compliance, risks, vulnerabilities, advisories, incidents, suppliers and reports are not available yet; their figures will appear
        here once they are.
      </Alert>
    </Page>
  );
}
