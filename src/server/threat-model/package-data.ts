import { gunzipSync } from "node:zlib";
import { and, asc, eq, inArray, isNull, ne } from "drizzle-orm";
import type { Catalog } from "../../core/catalog";
import type { ControlLibrary } from "../../core/compliance/library";
import { crossedBoundaries, EMPTY_MODEL, type FindingFacts, lifecycleMetrics, type ReleaseFacts, traceability } from "../../core/threat-model";
import { installations, softwareVersions } from "../devices/schema";
import { getPolicy } from "../disclosure/settings";
import { getProfile } from "../organisation/store";
import type { Config } from "../platform/config";
import type { DbOrTx } from "../platform/db/client";
import { sboms } from "../sboms/schema";
import { versionComponentSupport } from "../vulnerabilities/component-support";
import { findings } from "../vulnerabilities/schema";
import { getRemediationSla } from "../vulnerabilities/settings";
import type { ThreatModelReference } from "./reference-data";
import { storedModel, traceContext, versionContext } from "./store";

/**
 * A finding counts as remediated when it is no longer matched (the component was upgraded: `resolvedAt`) or its VEX
 * status is `fixed` (at its analysis). Findings assessed `not_affected` needed no remediation and are left out.
 */
function remediatedAt(f: { resolvedAt: Date | null; status: string; analysedAt: Date | null }): string | null {
  if (f.resolvedAt) return f.resolvedAt.toISOString();
  if (f.status === "fixed" && f.analysedAt) return f.analysedAt.toISOString();
  return null;
}

/** Everything the premarket package shows about one version, read in one place so that every document agrees. */
export async function premarketData(input: { db: DbOrTx; catalog: Catalog; library: ControlLibrary; ref: ThreatModelReference; config: Pick<Config, "publicUrl">; versionId: string; now: Date }) {
  const { db, catalog, library, ref, versionId } = input;
  const ctx = await versionContext(db, versionId);
  const row = await storedModel(db, versionId);
  const model = row?.model ?? EMPTY_MODEL;
  const traceFacts = await traceContext(db, versionId, model);
  const trace = traceability(model, traceFacts);
  const riskFacts = traceFacts.risks;

  const [sbom] = await db.select().from(sboms).where(and(eq(sboms.softwareVersionId, versionId), eq(sboms.isCurrent, true))).limit(1);
  // Support as everywhere else it is read: an entry made in Vigil, else the SBOM's statement, else a support rule.
  const { items: components } = await versionComponentSupport(db, versionId, input.now.toISOString().slice(0, 10));

  const openFindings = await db
    .select()
    .from(findings)
    .where(and(eq(findings.softwareVersionId, versionId), isNull(findings.resolvedAt), ne(findings.status, "fixed"), ne(findings.status, "not_affected")))
    .orderBy(asc(findings.dueAt), asc(findings.vulnerabilityId));

  // Lifecycle metrics over the whole device model: every version's findings and releases with their installations.
  const versions = await db.select().from(softwareVersions).where(eq(softwareVersions.deviceModelId, ctx.model.id)).orderBy(asc(softwareVersions.releaseDate));
  const versionIds = versions.map((v) => v.id);
  const modelFindings = versionIds.length
    ? await db
        .select({ firstSeenAt: findings.firstSeenAt, dueAt: findings.dueAt, resolvedAt: findings.resolvedAt, status: findings.status, analysedAt: findings.analysedAt })
        .from(findings)
        .where(and(inArray(findings.softwareVersionId, versionIds), ne(findings.status, "not_affected")))
    : [];
  const installs = versionIds.length ? await db.select().from(installations).where(inArray(installations.softwareVersionId, versionIds)) : [];
  const findingFacts: FindingFacts[] = modelFindings.map((f) => ({ firstSeenAt: f.firstSeenAt.toISOString(), dueAt: f.dueAt, remediatedAt: remediatedAt(f) }));
  const releases: ReleaseFacts[] = versions.map((v) => ({
    releaseDate: v.releaseDate,
    installations: installs.filter((i) => i.softwareVersionId === v.id).map((i) => ({ since: i.since, units: i.units })),
  }));

  const profile = await getProfile(db as never);
  return {
    organisation: profile?.legalName?.trim() || "Organisation",
    deviceModel: ctx.model,
    version: ctx.version,
    model,
    crossed: crossedBoundaries(model),
    trace,
    riskFacts,
    sbom: sbom ? { fileName: sbom.fileName, format: sbom.format, specVersion: sbom.specVersion, sha256: sbom.sha256, content: gunzipSync(Buffer.from(sbom.fileGzip, "base64")) } : null,
    components: components.map((c) => ({
      name: c.name,
      version: c.version,
      purl: c.purl,
      supplier: c.supplier,
      supportLevel: c.level,
      endOfSupport: c.endOfSupport ?? c.endOfSupportAsWritten ?? "unknown",
      // Who stated the support; the supplier alone is no statement of support.
      source: c.levelAsWritten || c.endOfSupport || c.endOfSupportAsWritten ? (c.source ?? "not stated") : "not stated",
    })),
    openFindings,
    metrics: lifecycleMetrics(findingFacts, releases),
    policy: await getPolicy(db, input.config),
    sla: await getRemediationSla(db),
    capabilities: ref.capabilities,
    controlTitles: new Map(library.controls.map((c) => [c.id, c.title])),
    gsprs: (catalog.itemsByFramework.get("mdr") ?? []).filter((i) => i.kind === "gspr"),
    documents: ref.premarket.documents,
  };
}

export type PremarketData = Awaited<ReturnType<typeof premarketData>>;
