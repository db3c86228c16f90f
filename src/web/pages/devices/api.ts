import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { PagedList } from "../../api/paging";
import { keys } from "../../api/queries";
import type { DeviceModel, Installation, SoftwareVersion } from "../../api/types";

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

export type ExposureTotals = { versions: number; sites: number; customers: number; units: number };

/** How much of the installed base runs versions past end of support, counted by the server (not from every installation). */
export const useEndOfSupportTotals = () =>
  useQuery({
    queryKey: [...keys.devices, "end-of-support", "totals"],
    queryFn: async () => (await api.get<{ asOf: string; totals: ExposureTotals }>("/api/devices/end-of-support/totals")).totals,
  });

/** A page of the installed base; its keys start with the installations key, which changes to the catalogue refetch. */
export const useInstallationPage = (query: string) =>
  useQuery({
    queryKey: [...keys.installations, "page", query],
    queryFn: () => api.get<PagedList<Installation>>(`/api/installations?${query}`),
    placeholderData: keepPreviousData,
  });
