import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";

describe.each(await backends())("business continuity API on %s", (backend) => {
  let vigil: TestVigil;
  let compliance: Session;
  let auditor: Session;
  let officer: Session;
  let planId: string;

  beforeAll(async () => {
    vigil = await startTestVigil(backend, { seedDemo: true });
    vigil.clock.now = new Date("2026-11-23T10:00:00Z");
    compliance = await signInAs(vigil, "compliance_manager");
    auditor = await signInAs(vigil, "auditor");
    officer = await signInAs(vigil, "security_officer");
  });
  afterAll(async () => vigil?.stop());

  const get = async (url: string, who = auditor) => {
    const res = await call(vigil, who, "GET", url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  test("a BC/DR plan starts as a draft 0.1, keeps every version, and is approved only when complete", async () => {
    const created = await call(vigil, compliance, "POST", "/api/continuity/plans", {
      kind: "bc_dr",
      title: "Firmware update service recovery",
      scope: "Update and licence distribution service",
      owner: "Head of IT Operations",
    });
    expect(created.statusCode, created.body).toBe(201);
    const plan = created.json();
    planId = plan.id;
    expect(plan).toMatchObject({ reference: expect.stringMatching(/^BCP-\d{3}$/), status: "draft", version: "0.1", evidence: { kind: "bc_plan", id: plan.id } });

    const incomplete = await call(vigil, compliance, "POST", `/api/continuity/plans/${planId}/approve`, { approvedBy: "Dr. Eva Berger, CEO" });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().error.details.map((d: { path: string }) => d.path)).toEqual(["body/rtoMinutes", "body/rpoMinutes", "body/procedures"]);

    const edited = await call(vigil, compliance, "PATCH", `/api/continuity/plans/${planId}`, {
      rtoMinutes: 240,
      rpoMinutes: 60,
      procedures: "## Recovery\n1. Declare the disaster.\n2. Restore the VM from the immutable backup.\n3. Verify signatures.",
      change: "Objectives and procedures",
    });
    expect(edited.json()).toMatchObject({ version: "0.2", status: "draft" });
    const approved = await call(vigil, compliance, "POST", `/api/continuity/plans/${planId}/approve`, { approvedBy: "Dr. Eva Berger, CEO" });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: "approved", version: "1.0", approvedBy: "Dr. Eva Berger, CEO", approvedOn: "2026-11-23", reviewDue: "2027-11-23", reviewOverdue: false });

    // Editing an approved plan makes a new draft version; the approved one stays in the history.
    const changed = await call(vigil, compliance, "PATCH", `/api/continuity/plans/${planId}`, { deputy: "IT on-call lead" });
    expect(changed.json()).toMatchObject({ version: "1.1", status: "draft" });
    const versions = await get(`/api/continuity/plans/${planId}/versions`);
    expect(versions.map((v: { version: string }) => v.version)).toEqual(["1.1", "1.0", "0.2", "0.1"]);
    expect(versions[1]).toMatchObject({ approvedBy: "Dr. Eva Berger, CEO", content: { rtoMinutes: 240, status: "approved" } });
    expect((await call(vigil, officer, "POST", "/api/continuity/plans", { kind: "bc_dr", title: "x" })).statusCode).toBe(403);
  });

  test("a crisis communication plan must name authorities, customers, patients, the notified body and the media", async () => {
    const crisis = await call(vigil, compliance, "POST", "/api/continuity/plans", {
      kind: "crisis_communication",
      title: "Crisis communication plan",
      owner: "Head of Communications",
      procedures: "Who speaks, who approves statements, templates for each audience.",
      stakeholders: [{ kind: "authority", name: "BSI", contact: "NIS2 reporting portal", when: "within 24 h" }],
    });
    expect(crisis.statusCode, crisis.body).toBe(201);
    const refused = await call(vigil, compliance, "POST", `/api/continuity/plans/${crisis.json().id}/approve`, { approvedBy: "Management board" });
    expect(refused.json().error.details).toEqual([
      { path: "body/stakeholders", message: "Crisis communication plan: name how to reach: customers, patients, notified_body, media" },
    ]);
  });

  test("restore tests compare time to restore with the RTO (taken from the plan) and say met, missed or failed", async () => {
    const met = await call(vigil, compliance, "POST", "/api/continuity/restore-tests", {
      system: "Firmware update service",
      planId,
      testedOn: "2026-11-10",
      result: "success",
      minutesToRestore: 180,
      dataLossMinutes: 30,
      performedBy: "IT Operations",
    });
    expect(met.statusCode, met.body).toBe(201);
    expect(met.json()).toMatchObject({ reference: expect.stringMatching(/^BRT-\d{3}$/), rtoMinutes: 240, rpoMinutes: 60, outcome: "met", rpoMet: true, planReference: expect.stringMatching(/^BCP-/) });
    const missed = await call(vigil, compliance, "POST", "/api/continuity/restore-tests", {
      system: "ERP",
      testedOn: "2026-11-12",
      result: "success",
      minutesToRestore: 600,
      rtoMinutes: 480,
      performedBy: "IT Operations",
    });
    expect(missed.json().outcome).toBe("missed");
    const failed = await call(vigil, compliance, "POST", "/api/continuity/restore-tests", { system: "MES", testedOn: "2026-11-13", result: "failed", performedBy: "OT" });
    expect(failed.json().outcome).toBe("failed");
    const noTime = await call(vigil, compliance, "POST", "/api/continuity/restore-tests", { system: "MES", testedOn: "2026-11-13", result: "success", performedBy: "OT" });
    expect(noTime.json().error.details[0].path).toBe("body/minutesToRestore");
    const future = await call(vigil, compliance, "POST", "/api/continuity/restore-tests", { system: "MES", testedOn: "2027-01-01", result: "failed", performedBy: "OT" });
    expect(future.statusCode).toBe(400);

    const corrected = await call(vigil, compliance, "PATCH", `/api/continuity/restore-tests/${missed.json().id}`, { minutesToRestore: 450 });
    expect(corrected.json().outcome).toBe("met");
    const list = await get("/api/continuity/restore-tests");
    expect(list.map((t: { system: string }) => t.system)).toEqual(expect.arrayContaining(["MES", "ERP", "Firmware update service"]));
  });

  test("exercises with participants, findings and follow-ups; overdue follow-ups are counted", async () => {
    const ex = await call(vigil, compliance, "POST", "/api/continuity/exercises", {
      title: "Tabletop: ransomware on the update server",
      type: "tabletop",
      heldOn: "2026-10-15",
      planId,
      participants: ["CEO", "CISO", "Head of IT", "Regulatory Affairs"],
      findings: "The early warning template lacked the CSIRT contact.",
      followUps: [
        { title: "Add CSIRT contact to the template", owner: "CISO", dueDate: "2026-11-01" },
        { title: "Repeat with the night shift", owner: "Head of IT", dueDate: "2027-02-01" },
      ],
    });
    expect(ex.statusCode, ex.body).toBe(201);
    expect(ex.json()).toMatchObject({ reference: expect.stringMatching(/^EX-\d{3}$/), followUpStatus: { open: 2, overdue: 1 }, evidence: { kind: "exercise" } });
    const done = await call(vigil, compliance, "PATCH", `/api/continuity/exercises/${ex.json().id}`, {
      followUps: [
        { title: "Add CSIRT contact to the template", owner: "CISO", dueDate: "2026-11-01", done: true },
        { title: "Repeat with the night shift", owner: "Head of IT", dueDate: "2027-02-01" },
      ],
    });
    expect(done.json().followUpStatus).toEqual({ open: 1, overdue: 0 });
    const evidence = await get(`/api/continuity/evidence/exercise/${ex.json().id}`);
    expect(evidence).toMatchObject({ kind: "exercise", reference: ex.json().reference, date: "2026-10-15" });
    const planEvidence = await get(`/api/continuity/evidence/bc_plan/${planId}`);
    expect(planEvidence.summary).toMatch(/Business continuity/);
    expect((await call(vigil, auditor, "GET", "/api/continuity/evidence/exercise/nope")).statusCode).toBe(404);
    const audit = await get("/api/audit?entityType=exercise");
    expect(audit.entries.map((e: { action: string }) => e.action)).toEqual(["update", "create"]);
  });

  test("deleting a plan keeps the exercises and restore tests that referred to it", async () => {
    const del = await call(vigil, compliance, "DELETE", `/api/continuity/plans/${planId}`);
    expect(del.statusCode).toBe(200);
    const tests = await get("/api/continuity/restore-tests");
    const update = tests.find((t: { system: string }) => t.system === "Firmware update service");
    expect(update).toMatchObject({ planId: null, rtoMinutes: 240, outcome: "met" });
  });
});
