import { Alert } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { errorMessage } from "../../api/client";
import { useListParams } from "../../api/paging";
import { todayIso } from "../../components/format";
import { Page } from "../../components/Page";
import { useInstallationPage } from "./api";
import { DeviceModelSelect } from "./DeviceModelSelect";
import { InstallationsTable, type SupportFilter } from "./InstallationsTable";

const PAGE_SIZE = 25;

export function InstalledBasePage() {
  const { params, set, page, sort, order, remote } = useListParams({ sort: "customer", order: "asc" });
  const [q] = useDebouncedValue(params.get("q") ?? "", 250);
  const filter: SupportFilter = params.get("support") === "past" ? "past" : "all";
  const deviceModelId = params.get("deviceModelId");
  const query = new URLSearchParams({ limit: String(PAGE_SIZE), page: String(page), sort, order });
  if (q.trim()) query.set("q", q.trim());
  if (filter === "past") query.set("pastSupport", "true");
  if (deviceModelId) query.set("deviceModelId", deviceModelId);
  const installations = useInstallationPage(query.toString());
  return (
    <Page title="Installed base" description="Which customer site runs which version of your devices, and how many units.">
      {installations.isError && (
        <Alert color="red" role="alert" title="The installed base could not be loaded">
          {errorMessage(installations.error)}
        </Alert>
      )}
      <InstallationsTable
        records={installations.data?.items}
        fetching={installations.isPending || installations.isPlaceholderData}
        today={todayIso()}
        withCustomer
        filter={filter}
        onFilterChange={(f) => set({ support: f === "past" ? "past" : null })}
        server={{
          remote: remote(installations.data?.total ?? 0),
          pageSize: PAGE_SIZE,
          sort: { columnAccessor: sort, direction: order },
          search: params.get("q") ?? "",
          onSearchChange: (v) => set({ q: v }),
          total: installations.data?.total,
          filters: <DeviceModelSelect aria-label="Device model" placeholder="All device models" w={220} value={deviceModelId} onChange={(v) => set({ deviceModelId: v })} />,
        }}
      />
    </Page>
  );
}
