import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";

const AWARE = "2026-03-02T08:15:00.000Z";
const HOUR = 3_600_000;

/** A ransomware declaration made in a hurry: only what the form requires. */
const hurried = {
  title: "Ransomware on the service laptops",
  detectedAt: "2026-03-02T08:00:00Z",
  awareAt: AWARE,
};

describe.each(await backends())("incident facts nobody stated, on %s", (backend) => {
  let vigil: TestVigil;
  let manager: Session;
  let id: string;

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    vigil.clock.now = new Date(Date.parse(AWARE) + HOUR);
    manager = await signInAs(vigil, "incident_manager");
    const created = await call(vigil, manager, "POST", "/api/incidents", hurried);
    expect(created.statusCode, created.body).toBe(201);
    id = created.json().id;
    await call(vigil, manager, "POST", `/api/incidents/${id}/assessment`, { answers: { severeOperationalDisruption: "yes" } });
    const confirmed = await call(vigil, manager, "POST", `/api/incidents/${id}/confirm`, {});
    expect(confirmed.json().classification).toBe("significant");
  });
  afterAll(async () => vigil?.stop());

  test("a declaration that does not state them stores them as not yet known, never as No", async () => {
    const incident = (await call(vigil, manager, "GET", `/api/incidents/${id}`)).json();
    expect(incident.facts.suspectedMalicious).toBeUndefined();
    expect(incident.facts.crossBorderImpact).toBeUndefined();
    expect(incident.impact).toBeNull();
    expect(incident.deviceVigilance).toBe("unknown");
    expect(incident.personalDataBreach).toBe("unknown");
  });

  test("while MDR and GDPR applicability is unknown, provisional clocks run from awareness and say so", async () => {
    const res = await call(vigil, manager, "GET", `/api/incidents/${id}/obligations`);
    expect(res.statusCode, res.body).toBe(200);
    const provisional = res.json().obligations.filter((o: { provisional?: boolean }) => o.provisional);
    expect(provisional.map((o: { id: string }) => o.id).sort()).toEqual(["gdpr.provisional", "mdr.provisional"]);
    for (const o of provisional) {
      expect(o.startsAt).toBe(AWARE);
      expect(o.condition).toMatch(/^provisional: .*not yet known/);
    }
    const refused = await call(vigil, manager, "POST", `/api/incidents/${id}/submissions`, { obligationId: "gdpr.provisional", submittedAt: "2026-03-02T10:00:00Z" });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.message).toMatch(/provisional clock/);
  });

  test("the early-warning draft says [to be confirmed] for the unknowns", async () => {
    const draft = await call(vigil, manager, "POST", `/api/incidents/${id}/drafts/early_warning`);
    expect(draft.statusCode, draft.body).toBe(201);
    const sections = draft.json().content.sections as { id: string; text: string }[];
    expect(sections.find((s) => s.id === "malicious")?.text).toMatch(/^\[to be confirmed: /);
    expect(sections.find((s) => s.id === "cross_border")?.text).toMatch(/^\[to be confirmed: /);
    expect(JSON.stringify(draft.json().content)).not.toMatch(/Severity \(assessed\)","value":"none"/);
  });

  test("the early warning cannot be marked submitted while malicious act and cross-border impact are unknown", async () => {
    const submit = () => call(vigil, manager, "POST", `/api/incidents/${id}/submissions`, { obligationId: "nis2.early_warning", submittedAt: "2026-03-02T10:00:00Z" });
    const refused = await submit();
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details[0].path).toBe("body/obligationId");
    expect(refused.json().error.message).toMatch(/facts\/suspectedMalicious.*facts\/crossBorderImpact.*Art\. 23\(4\)\(a\)/);

    const updated = await call(vigil, manager, "PATCH", `/api/incidents/${id}`, {
      facts: { memberStatesAffected: [], suspectedMalicious: true, crossBorderImpact: false },
    });
    expect(updated.statusCode, updated.body).toBe(200);
    const accepted = await submit();
    expect(accepted.statusCode, accepted.body).toBe(201);
  });

  test("deciding applicability replaces the provisional clocks", async () => {
    const updated = await call(vigil, manager, "PATCH", `/api/incidents/${id}`, { deviceVigilance: null, personalDataBreach: { highRisk: false } });
    expect(updated.statusCode, updated.body).toBe(200);
    const ids = (await call(vigil, manager, "GET", `/api/incidents/${id}/obligations`)).json().obligations.map((o: { id: string }) => o.id);
    expect(ids).not.toContain("mdr.provisional");
    expect(ids).not.toContain("gdpr.provisional");
    expect(ids).toContain("gdpr.supervisory_authority_notification");
  });

  // Regression: personalDataBreach.highRisk defaulted to false, so a breach nobody had assessed had no Art. 34 duty.
  test("a breach recorded without its risk keeps high risk unknown, and the Art. 34 communication is to be confirmed", async () => {
    const created = await call(vigil, manager, "POST", "/api/incidents", { ...hurried, title: "Patient list e-mailed to the wrong clinic", personalDataBreach: {} });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().personalDataBreach).toEqual({ highRisk: "unknown" });
    const obligations = (await call(vigil, manager, "GET", `/api/incidents/${created.json().id}/obligations`)).json().obligations;
    const art34 = obligations.find((o: { id: string }) => o.id === "gdpr.data_subject_communication");
    expect(art34.provisional).toBe(true);
    expect(art34.condition).toMatch(/^to be confirmed: /);

    const assessed = await call(vigil, manager, "PATCH", `/api/incidents/${created.json().id}`, { personalDataBreach: { highRisk: true } });
    expect(assessed.statusCode, assessed.body).toBe(200);
    const after = (await call(vigil, manager, "GET", `/api/incidents/${created.json().id}/obligations`)).json().obligations;
    expect(after.find((o: { id: string }) => o.id === "gdpr.data_subject_communication").provisional).toBeUndefined();
  });
});
