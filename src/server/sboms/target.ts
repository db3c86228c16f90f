import { and, eq, or } from "drizzle-orm";
import { deviceModels, softwareVersions } from "../devices/schema";
import type { Db } from "../platform/db/client";
import type { NewVersion } from "./import";

export class TargetNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TargetNotFoundError";
  }
}

/** Where a pushed SBOM goes: an existing version, or (`versionId` null) a version the import itself creates. */
export type SbomTarget = { deviceModelId: string; modelNumber: string; versionId: string | null; newVersion?: NewVersion; version: string; versionCreated: boolean };

/**
 * Finds the software version an SBOM is pushed for, by device model number (or id) and version string.
 * With `create`, a missing version is not written here: the import creates it in its own transaction.
 */
export async function resolveSbomTarget(db: Db, input: { device: string; version: string; create?: boolean }): Promise<SbomTarget> {
  const [model] = await db
    .select({ id: deviceModels.id, modelNumber: deviceModels.modelNumber })
    .from(deviceModels)
    .where(or(eq(deviceModels.modelNumber, input.device), eq(deviceModels.id, input.device)))
    .limit(1);
  if (!model) throw new TargetNotFoundError(`No device model with model number or id "${input.device}"`);
  const [existing] = await db
    .select({ id: softwareVersions.id })
    .from(softwareVersions)
    .where(and(eq(softwareVersions.deviceModelId, model.id), eq(softwareVersions.version, input.version)))
    .limit(1);
  const target = { deviceModelId: model.id, modelNumber: model.modelNumber, version: input.version };
  if (existing) return { ...target, versionId: existing.id, versionCreated: false };
  if (!input.create) {
    throw new TargetNotFoundError(`Device model ${model.modelNumber} has no version "${input.version}" (create it with --create-version / createVersion=true)`);
  }
  return { ...target, versionId: null, newVersion: { deviceModelId: model.id, version: input.version }, versionCreated: true };
}
