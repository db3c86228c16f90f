import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { backends } from "../support/db";
import { call, demoEmail, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";

const answers = {
  establishments: ["DE", "AT"],
  staffHeadcount: 260,
  annualTurnoverEur: 60_000_000,
  balanceSheetTotalEur: 40_000_000,
  activities: ["medical_devices"],
  designations: [],
};

describe.each(await backends())("saved applicability assessments on %s", (backend) => {
  let vigil: TestVigil;
  let manager: Session;
  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    manager = await signInAs(vigil, "compliance_manager");
  });
  afterAll(async () => vigil?.stop());

  test("saving records the answers, the result, the date and the approver; the history lists it newest first", async () => {
    vigil.clock.now = new Date("2026-11-02T09:30:00.000Z");
    const first = await call(vigil, manager, "POST", "/api/applicability/assessments", { ...answers, staffHeadcount: 30, annualTurnoverEur: 5_000_000, balanceSheetTotalEur: 4_000_000 });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ classification: "out_of_scope", assessedAt: "2026-11-02T09:30:00.000Z", approvedBy: demoEmail("compliance_manager") });

    vigil.clock.now = new Date("2026-12-01T14:00:00.000Z");
    const second = await call(vigil, manager, "POST", "/api/applicability/assessments", answers);
    expect(second.statusCode, second.body).toBe(201);
    const saved = second.json();
    expect(saved).toMatchObject({ classification: "important", assessedAt: "2026-12-01T14:00:00.000Z", answers: { staffHeadcount: 260, establishments: ["DE", "AT"] } });
    expect(saved.result).toMatchObject({ classification: "important", assessedOn: "2026-12-01", sizeCategory: "large" });
    expect(saved.catalogVersion).toBe(saved.result.catalog.version);

    const auditor = await signInAs(vigil, "auditor");
    const history = await call(vigil, auditor, "GET", "/api/applicability/assessments");
    expect(history.statusCode).toBe(200);
    const items = history.json().items as Array<{ id: string; assessedAt: string; approvedBy: string }>;
    expect(items.map((i) => i.id)).toEqual([saved.id, first.json().id]);
    expect(items.every((i) => i.approvedBy === demoEmail("compliance_manager"))).toBe(true);
    expect((await call(vigil, auditor, "GET", "/api/applicability/assessments?limit=1")).json().items).toHaveLength(1);

    const audit = (await call(vigil, auditor, "GET", `/api/audit?entityType=applicability_assessment&entityId=${saved.id}`)).json();
    expect(audit.entries).toHaveLength(1);
    expect(audit.entries[0]).toMatchObject({ action: "approve", actorLabel: demoEmail("compliance_manager") });
  });

  test("only a role that maintains the organisation profile approves; readers see the history", async () => {
    const auditor = await signInAs(vigil, "auditor");
    const refused = await call(vigil, auditor, "POST", "/api/applicability/assessments", answers);
    expect(refused.statusCode).toBe(403);
    const contributor = await signInAs(vigil, "contributor");
    expect((await call(vigil, contributor, "GET", "/api/applicability/assessments")).statusCode).toBe(200);
    expect((await call(vigil, null, "GET", "/api/applicability/assessments")).statusCode).toBe(401);
  });

  test("bad answers are refused with the field and the reason, and nothing is saved", async () => {
    const before = (await call(vigil, manager, "GET", "/api/applicability/assessments")).json().items.length;
    const res = await call(vigil, manager, "POST", "/api/applicability/assessments", { ...answers, establishments: [], staffHeadcount: -1 });
    expect(res.statusCode).toBe(400);
    const details = res.json().error.details as Array<{ path: string; message: string }>;
    expect(details).toEqual(
      expect.arrayContaining([
        { path: "body/establishments", message: expect.stringMatching(/at least one country/) },
        { path: "body/staffHeadcount", message: expect.stringMatching(/negative/) },
      ]),
    );
    expect((await call(vigil, manager, "GET", "/api/applicability/assessments")).json().items).toHaveLength(before);
    const badLimit = await call(vigil, manager, "GET", "/api/applicability/assessments?limit=0");
    expect(badLimit.statusCode).toBe(400);
    expect(JSON.stringify(badLimit.json().error.details)).toContain("limit");
  });
});
