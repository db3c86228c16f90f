import { readFile } from "node:fs/promises";
import { sql } from "drizzle-orm";
import { parse } from "yaml";
import { type ControlStatus, libraryFileSchema } from "../../core/compliance";
import { users } from "../accounts/schema";
import { type Actor, audited } from "../audit/store";
import { sha256Hex } from "../incidents/evidence";
import type { Db } from "../platform/db/client";
import { defaultLibraryFile } from "./library";
import { complianceControlEvidence, complianceControls, complianceEvidence, complianceEvidenceVersions } from "./schema";

/** Statuses by control id for the demo: a manufacturer strong on product security, weaker on ISMS paperwork. */
const demoStatus: Record<string, ControlStatus> = {
  "GOV-01": "implemented", "GOV-02": "partial", "GOV-03": "planned", "GOV-04": "implemented", "GOV-09": "implemented",
  "GOV-11": "implemented", "GOV-12": "implemented", "RSK-01": "partial", "RSK-03": "implemented", "RSK-04": "implemented",
  "ACC-01": "implemented", "ACC-02": "partial", "ACC-04": "partial", "HR-05": "implemented", "HR-06": "partial",
  "PHY-01": "implemented", "OPS-01": "implemented", "OPS-02": "partial", "OPS-05": "implemented", "OPS-07": "partial",
  "OPS-13": "partial", "INC-01": "implemented", "INC-02": "implemented", "INC-04": "implemented", "INC-05": "partial",
  "SUP-01": "partial", "SUP-02": "planned", "SDL-01": "implemented", "SDL-03": "implemented", "SDL-06": "implemented",
  "SDL-07": "implemented", "SDL-08": "partial", "SDL-10": "implemented", "SDL-11": "implemented", "SDL-14": "implemented",
  "PMS-01": "implemented", "PMS-02": "implemented", "PMS-03": "partial", "PMS-04": "partial", "PMS-07": "planned",
};

/** Adopts the control library into the demo workspace with a realistic mix of statuses and a little evidence. */
export async function seedComplianceDemo(db: Db, actor: Actor, now = new Date()): Promise<void> {
  // Dates relative to the day the demo is created: a policy approved some months ago, one restore-test report that
  // expired a few weeks ago, and due dates ahead.
  const day = (offset: number) => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const policyApproved = day(-270);
  const restoreTested = day(-200);
  const file = libraryFileSchema.parse(parse(await readFile(defaultLibraryFile, "utf8")));
  const [owner] = await db.select({ id: users.id }).from(users).where(sql`${users.role} = 'compliance_manager'`).limit(1);
  const [psirt] = await db.select({ id: users.id }).from(users).where(sql`${users.role} = 'security_officer'`).limit(1);
  await audited(db, actor, async (tx) => {
    const rows = await tx
      .insert(complianceControls)
      .values(
        file.controls.map((c) => {
          const status = demoStatus[c.id] ?? "not_started";
          const product = ["development", "postmarket"].includes(c.domain);
          return {
            code: c.id,
            libraryId: c.id,
            libraryVersion: file.version,
            domain: c.domain,
            title: c.title,
            description: c.description,
            status,
            ownerId: (product ? psirt?.id : owner?.id) ?? null,
            dueDate: status === "implemented" ? null : status === "not_started" ? day(200) : day(115),
            maturity: status === "implemented" ? 3 : status === "partial" ? 2 : status === "planned" ? 1 : 0,
            links: [],
            mappings: [],
            ...(c.id === "SDL-16" ? { applicable: false, status: "not_applicable" as const, exclusionJustification: "Demo Medical ships no apps for mobile platforms." } : {}),
          };
        }),
      )
      .returning({ id: complianceControls.id, code: complianceControls.code });
    const byCode = new Map(rows.map((r) => [r.code, r.id]));
    const policy = Buffer.from(`Demo Medical GmbH — Information security policy v3, approved by the management board on ${policyApproved}.\n`, "utf8");
    const restore = Buffer.from(`Restore test ${restoreTested}: QMS database restored from offline copy in 3 h 10 min (target 4 h).\n`, "utf8");
    const [pol, rst] = await tx
      .insert(complianceEvidence)
      .values([
        { title: "Information security policy v3 (signed)", kind: "file", validFrom: policyApproved, validUntil: day(95), currentVersion: 1, createdBy: "demo workspace" },
        // Expired on purpose: the backup control shows "needs review".
        { title: `Backup restore test report ${restoreTested.slice(0, 7)}`, kind: "file", validFrom: restoreTested, validUntil: day(-18), currentVersion: 1, createdBy: "demo workspace" },
      ])
      .returning();
    await tx.insert(complianceEvidenceVersions).values([
      { evidenceId: pol.id, version: 1, fileName: "infosec-policy-v3.txt", mediaType: "text/plain", size: policy.length, sha256: sha256Hex(policy), contentBase64: policy.toString("base64"), uploadedBy: "demo workspace", uploadedAt: new Date(`${policyApproved}T10:00:00Z`) },
      { evidenceId: rst.id, version: 1, fileName: `restore-test-${restoreTested.slice(0, 7)}.txt`, mediaType: "text/plain", size: restore.length, sha256: sha256Hex(restore), contentBase64: restore.toString("base64"), uploadedBy: "demo workspace", uploadedAt: new Date(`${day(-199)}T09:00:00Z`) },
    ]);
    await tx.insert(complianceControlEvidence).values([
      { controlId: byCode.get("GOV-01")!, evidenceId: pol.id, linkedBy: "demo workspace" },
      { controlId: byCode.get("OPS-05")!, evidenceId: rst.id, linkedBy: "demo workspace" },
    ]);
    return { result: null, changes: [{ action: "adopt", entityType: "control_library", entityId: file.library.id, after: { version: file.version, controls: rows.length } }] };
  });
}
