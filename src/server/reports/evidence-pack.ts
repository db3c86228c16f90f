import { createHash } from "node:crypto";
import { asc, desc, eq } from "drizzle-orm";
import { strToU8, zipSync } from "fflate";
import { csvField } from "../platform/csv";
import { buildSoaRows } from "../../core/compliance";
import type { Catalog } from "../../core/catalog";
import type { ControlLibrary } from "../../core/compliance/library";
import { buildManifest, type ManifestFile, safeName } from "../../core/reports";
import { users } from "../accounts/schema";
import { verifyAuditChain } from "../audit/store";
import { nis2SelfAssessmentPdf, soaCsv, soaPdf } from "../compliance/documents";
import { complianceApprovals, complianceControlEvidence, complianceControls, complianceEvidence, complianceEvidenceVersions } from "../compliance/schema";
import { loadAssessment } from "../compliance/store";
import { policies, policyVersions, trainingCampaigns, trainingRecords } from "../governance/schema";
import { reportPdf } from "../incidents/reports";
import { incidentReportDrafts, incidents } from "../incidents/schema";
import { getProfile } from "../organisation/store";
import type { Config } from "../platform/config";
import type { Db } from "../platform/db/client";
import { activeVersionPackages } from "../threat-model/package";
import { threatModelReference } from "../threat-model/reference-data";

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const csvCell = csvField;

/**
 * The auditor's ZIP: SoA, NIS2 self-assessment, the latest version of every evidence file, the policy set, training
 * records, incident reports and the audit-chain verdict, with manifest.json listing each file's SHA-256 and the
 * controls and requirements it supports.
 */
export async function evidencePack(input: { db: Db; catalog: Catalog; library: ControlLibrary; now: Date; generatedBy: string; config?: Pick<Config, "publicUrl"> }): Promise<Buffer> {
  const { db, catalog, library, now } = input;
  const today = now.toISOString().slice(0, 10);
  const organisation = (await getProfile(db))?.legalName ?? "Organisation";
  const files: Record<string, Uint8Array> = {};
  const manifest: ManifestFile[] = [];
  const add = (path: string, bytes: Uint8Array, kind: string, extra: Partial<ManifestFile> = {}) => {
    let p = path;
    for (let n = 2; files[p]; n++) p = path.replace(/(\.[^./]+)?$/, (ext) => `-${n}${ext}`);
    files[p] = bytes;
    manifest.push({ path: p, sha256: sha256(bytes), size: bytes.length, kind, ...extra });
  };

  // Statement of Applicability and the NIS2 self-assessment, as the compliance workspace renders them.
  const a = await loadAssessment(db, catalog, library, now);
  const soaRows = buildSoaRows(catalog, a.derivations, new Map(a.rows.map((r) => [r.code, { ...a.stateByCode.get(r.code)!, justification: r.exclusionJustification }])));
  add("compliance/statement-of-applicability.pdf", await soaPdf(soaRows, { organisation, generatedAt: today, catalogVersion: catalog.version }), "soa");
  add("compliance/statement-of-applicability.csv", strToU8(soaCsv(soaRows)), "soa");
  const nis2 = a.models.find((m) => m.id === "nis2");
  const nis2Coverage = a.coverage.find((c) => c.id === "nis2");
  if (nis2 && nis2Coverage) {
    const [approval] = await db.select().from(complianceApprovals).orderBy(desc(complianceApprovals.approvedAt)).limit(1);
    const pdf = await nis2SelfAssessmentPdf({
      organisation,
      generatedAt: today,
      coverage: nis2Coverage,
      requirements: nis2.requirements,
      derivations: a.derivations,
      controlTitles: new Map(a.rows.map((r) => [r.code, r.title])),
      approval: approval ? { approvedBy: approval.approvedBy, approvedAt: approval.approvedAt.toISOString().slice(0, 10), measuresVersion: approval.measuresVersion } : null,
    });
    add("compliance/nis2-self-assessment.pdf", pdf, "nis2_self_assessment");
  }

  // Evidence: the current version of each item, with the controls it is linked to and their requirements.
  const evidence = await db.select().from(complianceEvidence).orderBy(asc(complianceEvidence.title));
  const links = await db
    .select({ evidenceId: complianceControlEvidence.evidenceId, code: complianceControls.code })
    .from(complianceControlEvidence)
    .innerJoin(complianceControls, eq(complianceControls.id, complianceControlEvidence.controlId));
  for (const e of evidence) {
    if (e.currentVersion < 1) continue;
    const [v] = await db
      .select()
      .from(complianceEvidenceVersions)
      .where(eq(complianceEvidenceVersions.evidenceId, e.id))
      .orderBy(desc(complianceEvidenceVersions.version))
      .limit(1);
    if (!v) continue;
    const controls = links.filter((l) => l.evidenceId === e.id).map((l) => l.code).sort();
    const requirements = [...new Set(a.links.filter((l) => controls.includes(l.control)).map((l) => l.requirement))].sort();
    add(`evidence/${safeName(controls[0] ?? "unlinked")}/${safeName(`${e.title}-v${v.version}-${v.fileName}`)}`, Buffer.from(v.contentBase64, "base64"), "evidence", {
      controls,
      requirements,
    });
  }

  // Policy set: the latest approved version of every policy that is not retired.
  for (const p of await db.select().from(policies).orderBy(asc(policies.title))) {
    if (p.retiredAt) continue;
    const versions = await db.select().from(policyVersions).where(eq(policyVersions.policyId, p.id)).orderBy(desc(policyVersions.version));
    const approved = versions.find((x) => x.status === "approved") ?? versions[0];
    if (!approved) continue;
    add(`policies/${safeName(`${p.title}-v${approved.version}`)}.md`, strToU8(`# ${p.title}\n\nVersion ${approved.version} (${approved.status})\n\n${approved.content}\n`), "policy", { requirements: p.requirementIds });
  }

  // Training records.
  const records = await db
    .select({ campaign: trainingCampaigns.title, kind: trainingCampaigns.kind, name: users.name, email: users.email, completedAt: trainingRecords.completedAt, note: trainingRecords.evidenceNote })
    .from(trainingRecords)
    .innerJoin(trainingCampaigns, eq(trainingCampaigns.id, trainingRecords.campaignId))
    .innerJoin(users, eq(users.id, trainingRecords.userId))
    .orderBy(asc(trainingCampaigns.title), asc(users.name));
  const csv = [
    "campaign,kind,name,email,completed_at,evidence_note",
    ...records.map((r) => [r.campaign, r.kind, r.name, r.email, r.completedAt.toISOString(), r.note].map(csvCell).join(",")),
  ].join("\r\n");
  add("training/training-records.csv", strToU8(`${csv}\r\n`), "training_records");

  // Incident reports: the latest draft of each stage, as JSON and PDF.
  const drafts = await db.select().from(incidentReportDrafts).orderBy(asc(incidentReportDrafts.incidentId), asc(incidentReportDrafts.stage), desc(incidentReportDrafts.version));
  const refs = new Map((await db.select({ id: incidents.id, reference: incidents.reference }).from(incidents)).map((i) => [i.id, i.reference]));
  const seen = new Set<string>();
  for (const d of drafts) {
    const key = `${d.incidentId}/${d.stage}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const base = `incidents/${safeName(`${refs.get(d.incidentId) ?? d.incidentId}-${d.stage}-v${d.version}`)}`;
    add(`${base}.json`, strToU8(JSON.stringify({ ...d.content, version: d.version }, null, 2)), "incident_report");
    add(`${base}.pdf`, await reportPdf(d.content, d.version), "incident_report");
  }

  // The premarket cybersecurity package of each active version with a threat model, as it would be downloaded now.
  for (const p of await activeVersionPackages({ db, catalog, library, ref: await threatModelReference(), config: input.config ?? {}, now, generatedBy: input.generatedBy })) {
    add(p.path, p.bytes, "premarket_package");
  }

  // Audit trail verification at the moment of export.
  add("audit/audit-chain-verification.json", strToU8(JSON.stringify({ verifiedAt: now.toISOString(), ...(await verifyAuditChain(db)) }, null, 2)), "audit_verification");

  const m = buildManifest({ organisation, generatedAt: now.toISOString(), generatedBy: input.generatedBy }, manifest);
  files["manifest.json"] = strToU8(JSON.stringify(m, null, 2));
  const mtime = now;
  return Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, [v, { mtime }]])), { level: 6 }));
}
