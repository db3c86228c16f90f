import { and, eq, or } from "drizzle-orm";
import { type Actor, audited } from "../audit/store";
import { deviceModels, softwareVersions } from "../devices/schema";
import type { Db } from "../platform/db/client";

export class TargetNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TargetNotFoundError";
  }
}

export type SbomTarget = { deviceModelId: string; modelNumber: string; versionId: string; version: string; versionCreated: boolean };

/**
 * Finds the software version an SBOM is pushed for, by device model number (or id) and version string;
 * with `create`, a missing version is added to the model (audited).
 */
export async function resolveSbomTarget(db: Db, actor: Actor, input: { device: string; version: string; create?: boolean }): Promise<SbomTarget> {
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
  const created = await audited(db, actor, async (tx) => {
    const [r] = await tx.insert(softwareVersions).values({ deviceModelId: model.id, version: input.version }).onConflictDoNothing().returning();
    if (!r) {
      // Created by a concurrent push in the meantime.
      const [again] = await tx
        .select()
        .from(softwareVersions)
        .where(and(eq(softwareVersions.deviceModelId, model.id), eq(softwareVersions.version, input.version)));
      return { result: again.id, changes: [] };
    }
    return { result: r.id, changes: [{ action: "create", entityType: "software_version", entityId: r.id, after: r }] };
  });
  return { ...target, versionId: created, versionCreated: true };
}
