import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { PagedList } from "../../api/paging";
import { keys } from "../../api/queries";
import type { DeviceModel, SoftwareVersion } from "../../api/types";

/** A device model as a page of the catalogue lists it: counts of its versions instead of the versions. */
export type DeviceModelSummary = Omit<DeviceModel, "versions"> & { versionCount: number; installedUnits: number; pastSupportInstalled: number };

export type VersionListItem = SoftwareVersion & { deviceModelId: string; deviceModelName: string };

/** Every query key starts with the devices key, so that a change to the catalogue refetches the pages too. */
export const useDeviceModelPage = (query: string) =>
  useQuery({
    queryKey: [...keys.devices, "page", query],
    queryFn: () => api.get<PagedList<DeviceModelSummary>>(`/api/devices?${query}`),
    placeholderData: keepPreviousData,
  });

export const useVersionPage = (query: string) =>
  useQuery({
    queryKey: [...keys.devices, "versions", query],
    queryFn: () => api.get<PagedList<VersionListItem>>(`/api/versions?${query}`),
    placeholderData: keepPreviousData,
  });

/** Device models for a filter's options, without their versions (500 is the largest page). */
export const useDeviceModelOptions = () =>
  useQuery({
    queryKey: [...keys.devices, "options"],
    queryFn: async () => (await api.get<PagedList<DeviceModelSummary>>("/api/devices?limit=500&sort=name")).items.map((m) => ({ value: m.id, label: m.name })),
    staleTime: 30_000,
  });
