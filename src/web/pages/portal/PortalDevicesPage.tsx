import { Alert } from "@mantine/core";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useState } from "react";
import { useParams } from "react-router";
import { errorMessage } from "../../api/client";
import { usePortalInstallations } from "../../api/queries";
import { plural, todayIso } from "../../components/format";
import { Page } from "../../components/Page";
import { InstallationsTable, type SupportFilter } from "../devices/InstallationsTable";
import { endOfSupportExposure } from "../devices/support";
import { PortalSecurityStatements } from "./PortalSecurityStatements";

/** The customer's own installed devices, all or of one device model. */
export function PortalDevicesPage() {
  const { model } = useParams();
  const installations = usePortalInstallations();
  const [filter, setFilter] = useState<SupportFilter>("all");
  const today = todayIso();
  const records = model ? installations.data?.filter((i) => i.deviceModel === model) : installations.data;
  const exposure = records ? endOfSupportExposure(records, today) : null;
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
      />
      <PortalSecurityStatements deviceModel={model} />
    </Page>
  );
}
