import { Alert } from "@mantine/core";
import { useSearchParams } from "react-router";
import { errorMessage } from "../../api/client";
import { useInstallations } from "../../api/queries";
import { todayIso } from "../../components/format";
import { Page } from "../../components/Page";
import { InstallationsTable, type SupportFilter } from "./InstallationsTable";

export function InstalledBasePage() {
  const installations = useInstallations();
  const [params, setParams] = useSearchParams();
  const filter: SupportFilter = params.get("support") === "past" ? "past" : "all";
  return (
    <Page title="Installed base" description="Which customer site runs which version of your devices, and how many units.">
      {installations.isError && (
        <Alert color="red" role="alert" title="The installed base could not be loaded">
          {errorMessage(installations.error)}
        </Alert>
      )}
      <InstallationsTable
        records={installations.data}
        fetching={installations.isPending}
        today={todayIso()}
        withCustomer
        filter={filter}
        onFilterChange={(f) => setParams(f === "past" ? { support: "past" } : {}, { replace: true })}
      />
    </Page>
  );
}
