import { Select, type SelectProps } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../../api/client";
import type { PagedList } from "../../api/paging";
import { keys } from "../../api/queries";
import type { DeviceModel } from "../../api/types";
import type { DeviceModelSummary } from "./api";

const OPTIONS = 20;

type Props = Omit<SelectProps, "data" | "value" | "onChange" | "searchable" | "searchValue" | "onSearchChange" | "filter"> & {
  value: string | null;
  onChange: (id: string | null) => void;
};

/**
 * A device-model filter that asks the server for the first models matching what is typed, so that a catalogue of
 * hundreds of models is never downloaded for one dropdown. The chosen model keeps its name when it is not among them.
 */
export function DeviceModelSelect({ value, onChange, ...props }: Props) {
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 250);
  const options = useQuery({
    queryKey: [...keys.devices, "options", q],
    queryFn: async () => {
      const query = new URLSearchParams({ limit: String(OPTIONS), sort: "name" });
      if (q) query.set("q", q);
      return (await api.get<PagedList<DeviceModelSummary>>(`/api/devices?${query}`)).items.map((m) => ({ value: m.id, label: m.name }));
    },
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const listed = options.data ?? [];
  const missing = value !== null && !listed.some((o) => o.value === value);
  const chosen = useQuery({
    queryKey: [...keys.devices, "options", "chosen", value],
    queryFn: async () => {
      const m = await api.get<DeviceModel>(`/api/devices/${encodeURIComponent(value!)}`);
      return { value: m.id, label: m.name };
    },
    enabled: missing,
    staleTime: 30_000,
  });
  const data = missing && chosen.data ? [chosen.data, ...listed] : listed;
  return (
    <Select
      {...props}
      searchable
      clearable
      data={data}
      value={value}
      onChange={onChange}
      searchValue={search}
      onSearchChange={setSearch}
      // The server has filtered the options already (by name, model number, UDI-DI or version).
      filter={({ options: all }) => all}
      nothingFoundMessage={options.isFetching ? "Searching…" : "No device model matches"}
    />
  );
}
