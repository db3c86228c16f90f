import { createHash } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { strToU8, zipSync } from "fflate";
import type { Catalog } from "../../core/catalog";
import type { ControlLibrary } from "../../core/compliance/library";
import type { ManifestFile } from "../../core/reports";
import { deviceModels, softwareVersions } from "../devices/schema";
import type { Config } from "../platform/config";
import type { DbOrTx } from "../platform/db/client";
import { premarketData } from "./package-data";
import {
  anomaliesWorkbook,
  architecturePdf,
  componentSupportWorkbook,
  labellingPdf,
  maintenancePdf,
  mdrViewPdf,
  metricsWorkbook,
  riskAssessmentPdf,
  threatModelPdf,
  traceabilityWorkbook,
} from "./package-documents";
import type { ThreatModelReference } from "./reference-data";
import { threatModels } from "./schema";

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

export type PremarketPackage = { bytes: Buffer; fileName: string; title: string; manifest: { files: ManifestFile[] }; traceability: { passing: number; failing: number } };

/**
 * The premarket / technical-documentation cybersecurity package of one software version: every document of
 * data/threat-model/premarket.yaml, built from Vigil's own records, and manifest.json with each file's SHA-256.
 */
export async function premarketPackage(input: {
  db: DbOrTx;
  catalog: Catalog;
  library: ControlLibrary;
  ref: ThreatModelReference;
  config: Pick<Config, "publicUrl">;
  versionId: string;
  now: Date;
  generatedBy: string;
}): Promise<PremarketPackage> {
  const d = await premarketData(input);
  const builders: Record<string, () => Promise<Uint8Array | null>> = {
    architecture: () => architecturePdf(d),
    "threat-model": () => threatModelPdf(d),
    "risk-assessment": () => riskAssessmentPdf(d),
    traceability: () => traceabilityWorkbook(d),
    sbom: async () => d.sbom?.content ?? null,
    "component-support": () => componentSupportWorkbook(d),
    anomalies: () => anomaliesWorkbook(d),
    maintenance: () => maintenancePdf(d),
    labelling: () => labellingPdf(d),
    metrics: () => metricsWorkbook(d),
    "mdr-view": () => mdrViewPdf(d),
  };
  const files: Record<string, Uint8Array> = {};
  const manifest: ManifestFile[] = [];
  const missing: string[] = [];
  for (const doc of d.documents) {
    const build = builders[doc.id];
    if (!build) throw new Error(`data/threat-model/premarket.yaml: no builder for document "${doc.id}"`);
    const bytes = await build();
    if (!bytes) {
      missing.push(`${doc.file}: ${doc.title} (no current SBOM for this version)`);
      continue;
    }
    files[doc.file] = bytes;
    manifest.push({ path: doc.file, sha256: sha256(bytes), size: bytes.length, kind: doc.id, requirements: [...doc.gsprs, ...doc.refs] });
  }
  const slug = `${d.deviceModel.modelNumber}-${d.version.version}`.replace(/[^A-Za-z0-9._-]+/g, "_");
  const manifestJson = {
    format: "vigil-premarket-package/1",
    organisation: d.organisation,
    deviceModel: { name: d.deviceModel.name, modelNumber: d.deviceModel.modelNumber },
    softwareVersion: d.version.version,
    generatedAt: input.now.toISOString(),
    generatedBy: input.generatedBy,
    traceability: { complete: d.trace.passing, withGaps: d.trace.failing, gaps: d.trace.gapCounts },
    missing,
    files: [...manifest].sort((a, b) => a.path.localeCompare(b.path)),
  };
  files["manifest.json"] = strToU8(`${JSON.stringify(manifestJson, null, 2)}\n`);
  const bytes = Buffer.from(zipSync(files, { level: 6, mtime: input.now }));
  return {
    bytes,
    fileName: `premarket-${slug}-${input.now.toISOString().slice(0, 10)}.zip`,
    title: `Premarket cybersecurity package ${d.deviceModel.name} ${d.version.version}`,
    manifest: { files: manifestJson.files },
    traceability: { passing: d.trace.passing, failing: d.trace.failing },
  };
}

/**
 * The current package of every active version (not past its end of support) that has a threat model, for the audit
 * evidence pack: each ZIP as built on demand now, named after the device model and version.
 */
export async function activeVersionPackages(input: { db: DbOrTx; catalog: Catalog; library: ControlLibrary; ref: ThreatModelReference; config: Pick<Config, "publicUrl">; now: Date; generatedBy: string }) {
  const rows = await input.db
    .select({ versionId: threatModels.softwareVersionId, version: softwareVersions.version, supportStatus: softwareVersions.supportStatus, modelNumber: deviceModels.modelNumber })
    .from(threatModels)
    .innerJoin(softwareVersions, eq(softwareVersions.id, threatModels.softwareVersionId))
    .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
    .orderBy(asc(deviceModels.modelNumber), asc(softwareVersions.version));
  const out: Array<{ path: string; bytes: Uint8Array; versionId: string }> = [];
  for (const r of rows) {
    if (r.supportStatus === "end_of_support") continue;
    const pkg = await premarketPackage({ ...input, versionId: r.versionId });
    out.push({ path: `premarket/${`${r.modelNumber}-${r.version}`.replace(/[^A-Za-z0-9._-]+/g, "_")}.zip`, bytes: pkg.bytes, versionId: r.versionId });
  }
  return out;
}
