import { Alert, Badge } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Link, useParams } from "react-router";
import { api, errorMessage } from "../../api/client";
import { usePortalInstallations } from "../../api/queries";
import type { Installation } from "../../api/types";
import { plural, todayIso } from "../../components/format";
import { Page } from "../../components/Page";
import { InstallationsTable, type SupportFilter } from "../devices/InstallationsTable";
import { endOfSupportExposure } from "../devices/support";
import type { PortalAdvisory } from "./PortalAdvisoriesPage";
import { PortalSecurityStatements } from "./PortalSecurityStatements";
import { PortalStatementRequests } from "./PortalStatementRequests";

/** The customer's own installed devices, all or of one device model. */
export function PortalDevicesPage() {
  const { model } = useParams();
  const installations = usePortalInstallations();
  const [filter, setFilter] = useState<SupportFilter>("all");
  const today = todayIso();
  const records = model ? installations.data?.filter((i) => i.deviceModel === model) : installations.data;
  const exposure = records ? endOfSupportExposure(records, today) : null;
  const advisories = useQuery({ queryKey: ["portal", "advisories"], queryFn: () => api.get<PortalAdvisory[]>("/api/portal/advisories") });
  const openAdvisories = (i: Installation) =>
    (advisories.data ?? []).filter((a) => a.installationIds.includes(i.id) && a.sites.some((s) => s.site === i.site && s.actionNeeded));
  return (
    <Page
      title={model ?? "Installed devices"}
      description={model ? "The units of this device model installed at your sites." : "The devices of this manufacturer installed at your sites, by software version."}
    >
      {installations.isError && (
        <Alert color="red" role="alert" title="Your devices could not be loaded">
          {errorMessage(installations.error)}
        </Alert>
      )}
      {exposure && exposure.units > 0 && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} aria-hidden />} title="Software past end of support">
          {plural(exposure.units, "unit")} at {plural(exposure.sites, "site")} run a software version past its end of support. Ask the
          manufacturer about updating them.
        </Alert>
      )}
      <InstallationsTable
        label="Your installed devices"
        records={records}
        fetching={installations.isPending}
        today={today}
        withCustomer={false}
        filter={filter}
        onFilterChange={setFilter}
        versionBadges={(i) =>
          openAdvisories(i).map((a) => (
            <Badge key={a.id} component={Link} to="/portal/advisories" color="red" size="sm" variant="light" style={{ cursor: "pointer" }}>
              {a.trackingId}: action needed
            </Badge>
          ))
        }
      />
      <PortalSecurityStatements deviceModel={model} />
      <PortalStatementRequests deviceModel={model} />
    </Page>
  );
}
