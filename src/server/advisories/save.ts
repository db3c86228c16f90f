import { and, eq, inArray, ne } from "drizzle-orm";
import { finalAdvisoryGaps } from "../../core/advisories/final-advisory";
import { defaultCpe, defaultPurl, inventoryProductId } from "../../core/advisories/inventory";
import { parseCvss } from "../../core/scoring/cvss";
import { deviceModels, softwareVersions } from "../devices/schema";
import type { DbOrTx } from "../platform/db/client";
import { badRequest, conflict } from "../platform/http/errors";
import type { AdvisoryBody } from "./api-schemas";
import { advisories, advisoryProducts, advisoryVulnerabilities } from "./schema";
import { type LoadedAdvisory, scoreVectors, vendorName } from "./store";

type Detail = { path: string; message: string };

function refuse(details: Detail[]): never {
  throw badRequest(details.map((d) => `${d.path}: ${d.message}`).join("; "), details);
}

/** Checks the body against the inventory and writes the working copy (products and vulnerabilities replaced). */
export async function writeWorkingCopy(tx: DbOrTx, advisoryId: string, body: AdvisoryBody): Promise<void> {
  const details: Detail[] = [];
  const [clash] = await tx
    .select({ id: advisories.id })
    .from(advisories)
    .where(and(eq(advisories.trackingId, body.trackingId), ne(advisories.id, advisoryId)))
    .limit(1);
  if (clash) throw conflict(`Another advisory already uses the tracking id ${body.trackingId}`, [{ path: "body/trackingId", message: "already used" }]);

  const versionIds = [...new Set(body.products.map((p) => p.softwareVersionId))];
  if (versionIds.length !== body.products.length) details.push({ path: "body/products", message: "a product version is listed twice" });
  const versions = versionIds.length
    ? await tx
        .select({ id: softwareVersions.id, version: softwareVersions.version, modelNumber: deviceModels.modelNumber })
        .from(softwareVersions)
        .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
        .where(inArray(softwareVersions.id, versionIds))
    : [];
  const byId = new Map(versions.map((v) => [v.id, v]));
  body.products.forEach((p, i) => {
    if (!byId.has(p.softwareVersionId)) details.push({ path: `body/products/${i}/softwareVersionId`, message: "unknown software version" });
  });
  const productIdOf = (versionId: string) => {
    const v = byId.get(versionId);
    return v ? inventoryProductId(v.modelNumber, v.version) : null;
  };
  body.vulnerabilities.forEach((vuln, i) => {
    if (!vuln.cve && vuln.ids.length === 0) details.push({ path: `body/vulnerabilities/${i}/cve`, message: "give a CVE or another identifier" });
    for (const [key, version] of [["cvssV31", "3.1"], ["cvssV40", "4.0"]] as const) {
      const vector = vuln[key];
      if (!vector) continue;
      const parsed = parseCvss(vector);
      if (!parsed.ok) details.push({ path: `body/vulnerabilities/${i}/${key}`, message: parsed.error });
      else if (parsed.score.version !== version) details.push({ path: `body/vulnerabilities/${i}/${key}`, message: `expected a CVSS ${version} vector` });
    }
    vuln.productStatus.forEach((s, j) => {
      if (!body.products.some((p) => p.softwareVersionId === s.softwareVersionId)) {
        details.push({ path: `body/vulnerabilities/${i}/productStatus/${j}/softwareVersionId`, message: "not one of the advisory's products" });
      }
    });
    vuln.remediations.forEach((r, j) => {
      r.softwareVersionIds.forEach((id, k) => {
        if (!body.products.some((p) => p.softwareVersionId === id)) {
          details.push({ path: `body/vulnerabilities/${i}/remediations/${j}/softwareVersionIds/${k}`, message: "not one of the advisory's products" });
        }
      });
    });
  });
  if (body.documentStatus === "final") {
    for (const gap of finalAdvisoryGaps(body.vulnerabilities)) details.push({ path: `body/${gap.path}`, message: gap.message });
  }
  if (details.length > 0) refuse(details);

  const vendor = await vendorName(tx);
  await tx.delete(advisoryProducts).where(eq(advisoryProducts.advisoryId, advisoryId));
  await tx.delete(advisoryVulnerabilities).where(eq(advisoryVulnerabilities.advisoryId, advisoryId));
  if (body.products.length > 0) {
    await tx.insert(advisoryProducts).values(
      body.products.map((p) => {
        const v = byId.get(p.softwareVersionId)!;
        return {
          advisoryId,
          softwareVersionId: p.softwareVersionId,
          productId: inventoryProductId(v.modelNumber, v.version),
          family: p.family ?? null,
          purl: p.purl ?? defaultPurl(vendor, v.modelNumber, v.version),
          cpe: p.cpe ?? defaultCpe(vendor, v.modelNumber, v.version),
        };
      }),
    );
  }
  if (body.vulnerabilities.length > 0) {
    await tx.insert(advisoryVulnerabilities).values(
      body.vulnerabilities.map((v, position) => ({
        advisoryId,
        position,
        cve: v.cve ?? null,
        ids: v.ids,
        title: v.title ?? null,
        description: v.description,
        cweId: v.cwe?.id ?? null,
        cweName: v.cwe?.name ?? null,
        cvssV31: v.cvssV31 ?? null,
        cvssV40: v.cvssV40 ?? null,
        ...scoreVectors(v.cvssV31, v.cvssV40),
        patientSafetyImpact: v.patientSafetyImpact ?? null,
        exploitStatus: v.exploitStatus ?? null,
        discoveryDate: v.discoveryDate ?? null,
        productStatus: v.productStatus.map(({ softwareVersionId, ...s }) => ({ productId: productIdOf(softwareVersionId)!, ...s })),
        remediations: v.remediations.map(({ softwareVersionIds, ...r }) => ({ ...r, productIds: softwareVersionIds.map((id) => productIdOf(id)!) })),
        notes: [],
        references: v.references,
        acknowledgments: v.acknowledgments,
        findingIds: v.findingIds,
      })),
    );
  }
}

/** The API view of a working copy: statuses and remediations name software versions, as the input does. */
export function advisoryView(loaded: LoadedAdvisory) {
  const { row } = loaded;
  const versionOf = new Map(loaded.products.map((p) => [p.productId, p.softwareVersionId]));
  return {
    id: row.id,
    trackingId: row.trackingId,
    title: row.title,
    summary: row.summary,
    details: row.details,
    tlp: row.tlp,
    documentStatus: row.documentStatus,
    profile: row.profile,
    published: row.published,
    currentVersion: row.currentVersion,
    initialReleaseDate: row.initialReleaseDate?.toISOString() ?? null,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    changedSincePublication: row.changedSincePublication,
    products: loaded.products,
    vulnerabilities: loaded.vulnerabilities.map((v) => ({
      id: v.id,
      cve: v.cve,
      ids: v.ids,
      title: v.title,
      description: v.description,
      cwe: v.cweId ? { id: v.cweId, name: v.cweName } : null,
      cvssV31: v.cvssV31,
      cvssV31Score: v.cvssV31Score === null ? null : Number(v.cvssV31Score),
      cvssV40: v.cvssV40,
      cvssV40Score: v.cvssV40Score === null ? null : Number(v.cvssV40Score),
      patientSafetyImpact: v.patientSafetyImpact,
      exploitStatus: v.exploitStatus,
      discoveryDate: v.discoveryDate,
      productStatus: v.productStatus.map(({ productId, ...s }) => ({ softwareVersionId: versionOf.get(productId) ?? null, productId, ...s })),
      remediations: v.remediations.map(({ productIds, ...r }) => ({ ...r, productIds, softwareVersionIds: productIds.map((p) => versionOf.get(p) ?? null) })),
      references: v.references,
      acknowledgments: v.acknowledgments,
      findingIds: v.findingIds,
    })),
    acknowledgments: row.acknowledgments,
    references: row.references,
    linkedFindingIds: row.linkedFindingIds,
    revisions: loaded.revisions.map((r) => ({
      number: r.number,
      date: r.date.toISOString(),
      summary: r.summary,
      documentStatus: r.documentStatus,
      sha256: r.sha256,
      publishedBy: r.publishedByLabel,
    })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
