import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ACTIVITIES } from "../../src/core/governance";
import { call, demoEmail, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";

const sha = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

describe.each(await backends())("governance API on %s", (backend) => {
  let vigil: TestVigil;
  let manager: Session;
  let contributor: Session;
  let auditor: Session;
  let admin: Session;
  let people: { id: string; email: string; role: string }[];
  const userId = (role: string) => people.find((p) => p.email === demoEmail(role as "admin"))!.id;
  const auditOf = async (entityType: string, entityId: string) =>
    (await call(vigil, admin, "GET", `/api/audit?entityType=${entityType}&entityId=${entityId}`)).json();

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    vigil.clock.now = new Date("2026-11-23T09:00:00Z");
    [manager, contributor, auditor, admin] = await Promise.all(
      (["compliance_manager", "contributor", "auditor", "admin"] as const).map((r) => signInAs(vigil, r)),
    );
    people = (await call(vigil, manager, "GET", "/api/governance/people")).json();
  });
  afterAll(async () => vigil?.stop());

  describe("responsibilities", () => {
    test("the demo leaves one mandatory role unassigned, and the gaps API names it with its basis", async () => {
      const res = await call(vigil, auditor, "GET", "/api/governance/gaps");
      expect(res.statusCode, res.body).toBe(200);
      const high = res.json().gaps.filter((g: { kind: string }) => g.kind === "mandatory_role_unassigned");
      expect(high).toEqual([
        // IEC 81001-5-1 is a standard, not law: a medium gap.
        expect.objectContaining({ responsibilityKey: "product_security_owner", severity: "medium", basis: ["iec81001-5-1:4.1.2", "mdr:annexI.17.2"] }),
      ]);
    });

    test("assigning the holder closes the gap and is audited; a customer or unknown user is refused", async () => {
      const sec = userId("security_officer");
      const bad = await call(vigil, manager, "PUT", "/api/governance/responsibilities/product_security_owner/holders", { userIds: [sec, "nobody"] });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details).toEqual([{ path: "body/userIds/1", message: "no such staff user" }]);
      expect((await call(vigil, contributor, "PUT", "/api/governance/responsibilities/product_security_owner/holders", { userIds: [sec] })).statusCode).toBe(403);
      const ok = await call(vigil, manager, "PUT", "/api/governance/responsibilities/product_security_owner/holders", { userIds: [sec] });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().responsibilities.find((r: { key: string }) => r.key === "product_security_owner").holders).toEqual([
        expect.objectContaining({ userId: sec }),
      ]);
      const gaps = (await call(vigil, manager, "GET", "/api/governance/gaps")).json().gaps;
      expect(gaps.filter((g: { kind: string }) => g.kind === "mandatory_role_unassigned")).toEqual([]);
      const audit = await auditOf("governance_responsibility", "product_security_owner");
      expect(audit.entries?.[0] ?? audit[0]).toMatchObject({ action: "update" });
    });

    test("a matrix with two Accountable on one activity is refused and nothing changes; a valid one replaces it", async () => {
      const before = (await call(vigil, manager, "GET", "/api/governance/responsibilities")).json();
      expect(before.problems).toEqual([]);
      const res = await call(vigil, manager, "PUT", "/api/governance/raci", {
        cells: [
          { activityKey: "training", responsibilityKey: "ciso", letter: "A" },
          { activityKey: "training", responsibilityKey: "management_body", letter: "A" },
        ],
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toMatch(/exactly one is allowed/);
      expect((await call(vigil, manager, "GET", "/api/governance/responsibilities")).json().cells).toEqual(before.cells);

      const cells = before.cells.filter((c: { activityKey: string }) => c.activityKey !== "training");
      const ok = await call(vigil, manager, "PUT", "/api/governance/raci", { cells });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().problems.map((p: { code: string }) => p.code)).toEqual(["no_accountable", "no_responsible"]);
      const gaps = (await call(vigil, manager, "GET", "/api/governance/gaps")).json().gaps;
      expect(gaps.some((g: { kind: string; activityKey?: string }) => g.kind === "raci" && g.activityKey === "training")).toBe(true);
      expect(ACTIVITIES.length).toBeGreaterThan(5);
      await call(vigil, manager, "PUT", "/api/governance/raci", { cells: before.cells });
    });
  });

  describe("policies", () => {
    let policyId: string;
    test("templates carry catalog requirements; a policy created from one starts as draft version 1", async () => {
      const templates = (await call(vigil, auditor, "GET", "/api/governance/policy-templates")).json();
      expect(templates.length).toBeGreaterThanOrEqual(9);
      const crypto = templates.find((t: { key: string }) => t.key === "cryptography");
      expect(crypto.requirements).toContain("nis2:art21.2.h");
      const res = await call(vigil, manager, "POST", "/api/governance/policies", { title: "Cryptography policy", templateKey: "cryptography", ownerId: userId("compliance_manager") });
      expect(res.statusCode, res.body).toBe(201);
      const p = res.json();
      policyId = p.id;
      expect(p).toMatchObject({ status: "draft", reviewMonths: 24, requirementIds: crypto.requirements, reviewState: "not_approved" });
      expect(p.versions).toEqual([expect.objectContaining({ version: 1, status: "draft" })]);
      expect(p.versions[0].content).toContain("# Cryptography policy");
    });

    test("unknown requirement IDs are refused", async () => {
      const res = await call(vigil, manager, "POST", "/api/governance/policies", { title: "X", content: "x", requirementIds: ["nis2:art21.2.h", "nis2:art999"] });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details).toEqual([{ path: "body/requirementIds/1", message: "unknown catalog item nis2:art999" }]);
    });

    test("draft → review → approved with approver, time and SHA-256; edits after submission are refused", async () => {
      const text = "# Cryptography policy\n\nSigned updates only.\n";
      expect((await call(vigil, manager, "PATCH", `/api/governance/policies/${policyId}/versions/1`, { content: text })).statusCode).toBe(200);
      expect((await call(vigil, manager, "POST", `/api/governance/policies/${policyId}/versions/1/approve`)).statusCode).toBe(409);
      expect((await call(vigil, manager, "POST", `/api/governance/policies/${policyId}/versions/1/submit`)).json().versions[0].status).toBe("in_review");
      expect((await call(vigil, manager, "PATCH", `/api/governance/policies/${policyId}/versions/1`, { content: "changed" })).statusCode).toBe(409);
      vigil.clock.now = new Date("2026-11-23T10:00:00Z");
      const res = await call(vigil, admin, "POST", `/api/governance/policies/${policyId}/versions/1/approve`);
      expect(res.statusCode, res.body).toBe(200);
      const p = res.json();
      expect(p.versions[0]).toMatchObject({ status: "approved", approvedBy: demoEmail("admin"), approvedAt: "2026-11-23T10:00:00.000Z", sha256: sha(text) });
      expect(p).toMatchObject({ status: "approved", nextReviewAt: "2028-11-23T10:00:00.000Z", reviewState: "ok" });
      const ref = (await call(vigil, auditor, "GET", `/api/governance/references/policy/${policyId}`)).json();
      expect(ref).toMatchObject({ kind: "policy", status: "approved", sha256: sha(text), title: "Cryptography policy (version 1)" });
      const audit = await call(vigil, admin, "GET", `/api/audit?entityType=policy_version&entityId=${p.versions[0].id}`);
      expect(JSON.stringify(audit.json())).toContain('"approve"');
    });

    test("staff acknowledge the current version; the rate counts each person once; an auditor may not acknowledge", async () => {
      const first = await call(vigil, contributor, "POST", `/api/governance/policies/${policyId}/acknowledge`);
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json()).toMatchObject({ version: 1, acknowledgedAt: "2026-11-23T10:00:00.000Z" });
      await call(vigil, contributor, "POST", `/api/governance/policies/${policyId}/acknowledge`);
      expect((await call(vigil, auditor, "POST", `/api/governance/policies/${policyId}/acknowledge`)).statusCode).toBe(403);
      const acks = (await call(vigil, manager, "GET", `/api/governance/policies/${policyId}/acknowledgements`)).json();
      expect(acks.acknowledgements).toEqual([expect.objectContaining({ email: demoEmail("contributor"), version: 1 })]);
      expect(acks.rate).toEqual({ acknowledged: 1, expected: 6, rate: 1 / 6 });
      expect(acks.missing).toHaveLength(5);
      const listed = (await call(vigil, contributor, "GET", "/api/governance/policies")).json().find((p: { id: string }) => p.id === policyId);
      expect(listed.acknowledgedByMe).toBe(true);
    });

    test("a new version is approved over the old one, which is retired; acknowledgements restart", async () => {
      expect((await call(vigil, manager, "POST", `/api/governance/policies/${policyId}/versions`, { content: "# v2\n", changeNote: "Shorter" })).statusCode).toBe(201);
      expect((await call(vigil, manager, "POST", `/api/governance/policies/${policyId}/versions`, { content: "# v3\n" })).statusCode).toBe(409);
      await call(vigil, manager, "POST", `/api/governance/policies/${policyId}/versions/2/submit`);
      const returned = await call(vigil, manager, "POST", `/api/governance/policies/${policyId}/versions/2/return`, { reason: "Name the algorithms" });
      expect(returned.json().versions[1]).toMatchObject({ status: "draft", returnedReason: "Name the algorithms" });
      await call(vigil, manager, "POST", `/api/governance/policies/${policyId}/versions/2/submit`);
      const p = (await call(vigil, admin, "POST", `/api/governance/policies/${policyId}/versions/2/approve`)).json();
      expect(p.versions.map((v: { status: string }) => v.status)).toEqual(["retired", "approved"]);
      expect(p.acknowledgement.acknowledged).toBe(0);
      expect((await call(vigil, manager, "DELETE", `/api/governance/policies/${policyId}`)).statusCode).toBe(409);
    });

    test("four-eyes: the submitter may not approve their own version until an administrator turns the rule off, which is audited", async () => {
      const created = (await call(vigil, manager, "POST", "/api/governance/policies", { title: "Access control policy", content: "# Access\n" })).json();
      await call(vigil, manager, "POST", `/api/governance/policies/${created.id}/versions/1/submit`);
      expect((await call(vigil, auditor, "GET", "/api/governance/four-eyes")).json()).toEqual({ policyApproval: true });
      const mine = (await call(vigil, manager, "GET", `/api/governance/policies/${created.id}`)).json();
      expect(mine.approvalRefusal).toMatch(/another person approves it/);
      expect((await call(vigil, admin, "GET", `/api/governance/policies/${created.id}`)).json().approvalRefusal).toBeNull();
      const own = await call(vigil, manager, "POST", `/api/governance/policies/${created.id}/versions/1/approve`);
      expect(own.statusCode).toBe(403);
      expect(own.json().error.message).toMatch(/four-eyes/);
      expect((await call(vigil, manager, "GET", `/api/governance/policies/${created.id}`)).json().versions[0].status).toBe("in_review");

      expect((await call(vigil, manager, "PUT", "/api/governance/four-eyes", { policyApproval: false })).statusCode).toBe(403);
      expect((await call(vigil, admin, "PUT", "/api/governance/four-eyes", { policyApproval: "no" })).statusCode).toBe(400);
      expect((await call(vigil, admin, "PUT", "/api/governance/four-eyes", { policyApproval: false })).json()).toEqual({ policyApproval: false });
      const audit = await auditOf("setting", "governance.four_eyes");
      expect(JSON.stringify(audit)).toContain('"policyApproval":false');
      const approved = await call(vigil, manager, "POST", `/api/governance/policies/${created.id}/versions/1/approve`);
      expect(approved.statusCode, approved.body).toBe(200);
      expect(approved.json().versions[0]).toMatchObject({ status: "approved", approvedBy: demoEmail("compliance_manager") });
      await call(vigil, admin, "PUT", "/api/governance/four-eyes", { policyApproval: true });
    });

    test("overdue reviews are listed and reminded once per review date", async () => {
      // The demo's vulnerability handling policy was approved 380 days before seeding with a 12-month cycle.
      const overdue = (await call(vigil, manager, "GET", "/api/governance/policies?review=overdue")).json();
      expect(overdue.map((p: { title: string }) => p.title)).toContain("Vulnerability handling and coordinated disclosure policy");
      const run1 = (await call(vigil, manager, "POST", "/api/governance/reminders/run")).json();
      expect(run1.created).toBeGreaterThan(0);
      expect((await call(vigil, manager, "POST", "/api/governance/reminders/run")).json()).toEqual({ created: 0 });
      const notes = (await call(vigil, manager, "GET", "/api/notifications")).json();
      const titles = JSON.stringify(notes);
      expect(titles).toContain("Policy review overdue: Vulnerability handling");
    });
  });

  describe("training", () => {
    let campaignId: string;
    test("a management-body campaign is assigned to the management body by default and cites Art. 20(2)", async () => {
      const res = await call(vigil, manager, "POST", "/api/governance/training/campaigns", { title: "Board cyber training 2027", kind: "management_body", dueAt: "2026-12-01T00:00:00Z" });
      expect(res.statusCode, res.body).toBe(201);
      const c = res.json();
      expect(c).toMatchObject({ requirementIds: ["nis2:art20.2"], targets: [{ responsibilityKey: "management_body" }] });
      expect(c.assignees.map((a: { email: string }) => a.email)).toEqual([demoEmail("admin")]);
    });

    test("assignment to roles and users; a person completes their own; rates per role; overdue after the due date", async () => {
      const res = await call(vigil, manager, "POST", "/api/governance/training/campaigns", { title: "Phishing 2026", kind: "awareness", dueAt: "2026-12-01T00:00:00Z" });
      campaignId = res.json().id;
      const bad = await call(vigil, manager, "PUT", `/api/governance/training/campaigns/${campaignId}/assignments`, { targets: [{ role: "customer" }] });
      expect(bad.statusCode).toBe(400);
      const assigned = await call(vigil, manager, "PUT", `/api/governance/training/campaigns/${campaignId}/assignments`, {
        targets: [{ role: "contributor" }, { role: "security_officer" }, { userId: userId("compliance_manager") }],
      });
      expect(assigned.json().assignees).toHaveLength(3);
      expect((await call(vigil, auditor, "POST", `/api/governance/training/campaigns/${campaignId}/complete`, {})).statusCode).toBe(403);
      const done = await call(vigil, contributor, "POST", `/api/governance/training/campaigns/${campaignId}/complete`, { evidenceSha256: "A".repeat(64) });
      expect(done.statusCode, done.body).toBe(201);
      expect(done.json()).toMatchObject({ source: "self", evidenceSha256: "a".repeat(64), completedAt: "2026-11-23T10:00:00.000Z" });
      const ref = (await call(vigil, auditor, "GET", `/api/governance/references/training_record/${done.json().id}`)).json();
      expect(ref).toMatchObject({ kind: "training_record", link: `/governance/training/${campaignId}`, sha256: "a".repeat(64) });

      const c = (await call(vigil, manager, "GET", `/api/governance/training/campaigns/${campaignId}`)).json();
      expect(c.rates.overall).toEqual({ role: "all", assigned: 3, completed: 1, rate: 1 / 3 });
      expect(c.rates.byRole).toEqual([
        { role: "compliance_manager", assigned: 1, completed: 0, rate: 0 },
        { role: "contributor", assigned: 1, completed: 1, rate: 1 },
        { role: "security_officer", assigned: 1, completed: 0, rate: 0 },
      ]);
      expect((await call(vigil, manager, "GET", "/api/governance/training/overdue")).json().filter((o: { campaignId: string }) => o.campaignId === campaignId)).toEqual([]);
      vigil.clock.now = new Date("2026-12-02T08:00:00Z");
      // Sessions last 12 h: everyone signs in again after the clock moved.
      [manager, contributor, auditor, admin] = await Promise.all(
        (["compliance_manager", "contributor", "auditor", "admin"] as const).map((r) => signInAs(vigil, r)),
      );
      const overdue = (await call(vigil, manager, "GET", "/api/governance/training/overdue")).json().filter((o: { campaignId: string }) => o.campaignId === campaignId);
      expect(overdue.map((o: { role: string }) => o.role).sort()).toEqual(["compliance_manager", "security_officer"]);
    });

    test("a CSV with one bad row is rejected whole with every bad line named; nothing is written", async () => {
      const csv = [
        "email,completed_at,evidence_sha256,note",
        `${demoEmail("security_officer")},2026-11-30,,classroom`,
        `${demoEmail("auditor")},2026-11-30,,`,
        "nobody@demo-medical.example,2026-11-30,,",
        `${demoEmail("compliance_manager")},2026-13-01,,`,
      ].join("\n");
      const res = await call(vigil, manager, "POST", `/api/governance/training/campaigns/${campaignId}/records/import`, { csv });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe("csv_invalid");
      expect(res.json().error.details).toEqual([
        { path: "csv/line/3", line: 3, message: `${demoEmail("auditor")} is not assigned to "Phishing 2026"` },
        { path: "csv/line/4", line: 4, message: "no staff user with e-mail nobody@demo-medical.example" },
        { path: "csv/line/5", line: 5, message: expect.stringContaining("not an ISO 8601 date") },
      ]);
      const csv2 = csv.replace("2026-13-01", "2026-11-29");
      const res2 = await call(vigil, manager, "POST", `/api/governance/training/campaigns/${campaignId}/records/import`, { csv: csv2 });
      expect(res2.statusCode).toBe(400);
      expect(res2.json().error.details.map((d: { line: number; message: string }) => `${d.line}: ${d.message}`)).toEqual([
        `3: ${demoEmail("auditor")} is not assigned to "Phishing 2026"`,
        "4: no staff user with e-mail nobody@demo-medical.example",
      ]);
      const c = (await call(vigil, manager, "GET", `/api/governance/training/campaigns/${campaignId}`)).json();
      expect(c.records).toHaveLength(1);
    });

    test("a sound CSV imports every row in one step and updates an earlier record in place", async () => {
      const before = (await call(vigil, manager, "GET", `/api/governance/training/campaigns/${campaignId}`)).json().records[0];
      const csv = `email,completed_at,evidence_sha256\n${demoEmail("security_officer")},2026-11-30,${"b".repeat(64)}\n${demoEmail("contributor")},2026-11-20T08:00:00Z,\n`;
      const res = await call(vigil, manager, "POST", `/api/governance/training/campaigns/${campaignId}/records/import`, { csv });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ imported: 2, replaced: 1 });
      const c = (await call(vigil, manager, "GET", `/api/governance/training/campaigns/${campaignId}`)).json();
      expect(c.rates.overall.completed).toBe(2);
      const again = c.records.find((r: { userId: string }) => r.userId === before.userId);
      expect(again).toMatchObject({ id: before.id, source: "csv", completedAt: "2026-11-20T08:00:00.000Z" });
      expect((await call(vigil, auditor, "GET", `/api/governance/training/records/${before.id}`)).statusCode).toBe(200);
      expect((await call(vigil, auditor, "GET", `/api/governance/references/training_campaign/${campaignId}`)).json().title).toBe("Phishing 2026");
      expect((await call(vigil, auditor, "GET", "/api/governance/references/training_campaign/nope")).statusCode).toBe(404);
    });

    test("overdue training reaches the gaps and the reminders of the people concerned", async () => {
      const gaps = (await call(vigil, manager, "GET", "/api/governance/gaps")).json().gaps;
      expect(gaps.some((g: { kind: string; campaignId?: string }) => g.kind === "training_overdue" && g.campaignId === campaignId)).toBe(true);
      await call(vigil, manager, "POST", "/api/governance/reminders/run");
      const notes = JSON.stringify((await call(vigil, manager, "GET", "/api/notifications")).json());
      expect(notes).toContain("Training overdue: Phishing 2026");
    });
  });
});
