import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";

const AWARE = "2026-05-04T07:00:00.000Z";
const declaration = {
  title: "Tampered dose limits after a compromise of the pump configuration service",
  detectedAt: "2026-05-04T06:30:00Z",
  awareAt: AWARE,
  deviceVigilance: { regulation: "mdr", category: "serious_incident" },
  impact: {
    availability: { severity: "medium", description: "configuration service offline" },
    integrity: { severity: "high", description: "dose limit library altered" },
    confidentiality: { severity: "low", description: "" },
    patientSafety: { severity: "high", description: "wrong dose limits possible" },
  },
  facts: { memberStatesAffected: ["DE"], suspectedMalicious: true },
};

describe.each(await backends())("incident vigilance (MIR, FSCA), lessons learned and refused input on %s", (backend) => {
  let vigil: TestVigil;
  let manager: Session;
  let auditor: Session;
  let id: string;
  let versionId: string;

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    vigil.clock.now = new Date("2026-05-04T09:00:00Z");
    manager = await signInAs(vigil, "incident_manager");
    auditor = await signInAs(vigil, "auditor");
    const created = await call(vigil, manager, "POST", "/api/incidents", declaration);
    expect(created.statusCode, created.body).toBe(201);
    id = created.json().id;
    const devices = (await call(vigil, manager, "GET", "/api/devices")).json() as { versions: { id: string }[] }[];
    versionId = devices[0].versions[0].id;
  });
  afterAll(async () => vigil?.stop());

  const vigilance = async () => (await call(vigil, auditor, "GET", `/api/incidents/${id}/vigilance`)).json();

  test("manufacturer incident reports: initial first, follow-ups after it, one final; bad sequences change nothing", async () => {
    const mir = (body: object) => call(vigil, manager, "POST", `/api/incidents/${id}/mir-reports`, body);
    const base = { reference: "MIR-DE-2026-0117", competentAuthority: "BfArM", submittedAt: "2026-05-06T10:00:00Z" };

    const followFirst = await mir({ ...base, type: "follow_up" });
    expect(followFirst.statusCode).toBe(400);
    expect(followFirst.json().error.details).toEqual([{ path: "body/type", message: "record the initial report first" }]);
    const beforeAware = await mir({ ...base, type: "initial", submittedAt: "2026-05-04T06:00:00Z" });
    expect(beforeAware.statusCode).toBe(400);
    expect(beforeAware.json().error.details[0]).toMatchObject({ path: "body/submittedAt", message: expect.stringMatching(/before awareness/) });
    expect(await vigilance()).toMatchObject({ mirs: [] });

    const initial = await mir({ ...base, type: "initial" });
    expect(initial.statusCode, initial.body).toBe(201);
    expect(initial.json()).toMatchObject({ type: "initial", submittedAt: "2026-05-06T10:00:00.000Z", competentAuthority: "BfArM" });
    expect((await mir({ ...base, type: "initial" })).json().error.details[0].path).toBe("body/type");
    const earlier = await mir({ ...base, type: "follow_up", submittedAt: "2026-05-05T10:00:00Z" });
    expect(earlier.json().error.details[0]).toMatchObject({ path: "body/submittedAt", message: expect.stringMatching(/before the initial report/) });
    expect((await mir({ ...base, type: "follow_up", submittedAt: "2026-05-12T10:00:00Z" })).statusCode).toBe(201);
    expect((await mir({ ...base, type: "final", submittedAt: "2026-06-01T10:00:00Z" })).statusCode).toBe(201);
    const afterFinal = await mir({ ...base, type: "follow_up", submittedAt: "2026-06-02T10:00:00Z" });
    expect(afterFinal.json().error.message).toMatch(/final report .* already been recorded/);

    expect((await vigilance()).mirs.map((m: { type: string }) => m.type)).toEqual(["initial", "follow_up", "final"]);
    const audit = (await call(vigil, auditor, "GET", "/api/audit?entityType=incident_mir_report")).json();
    expect(audit.entries).toHaveLength(3);
    expect((await call(vigil, auditor, "POST", `/api/incidents/${id}/mir-reports`, { ...base, type: "initial" })).statusCode).toBe(403);
  });

  test("a MIR needs an incident flagged for device vigilance", async () => {
    const plain = await call(vigil, manager, "POST", "/api/incidents", { title: "Phishing", detectedAt: AWARE, awareAt: AWARE });
    const res = await call(vigil, manager, "POST", `/api/incidents/${plain.json().id}/mir-reports`, {
      reference: "MIR-1",
      type: "initial",
      submittedAt: "2026-05-05T10:00:00Z",
      competentAuthority: "BfArM",
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/not flagged as a \(potential\) MDR\/IVDR serious incident/);
  });

  test("field safety corrective actions keep their own dates; notice before start and unknown versions are refused", async () => {
    const fsca = (body: object) => call(vigil, manager, "POST", `/api/incidents/${id}/fscas`, body);
    const base = { reference: "FSCA-2026-03", startedAt: "2026-05-07T08:00:00Z", affectedVersionIds: [versionId], affectedDevices: "serials 30-1000 to 30-1400" };
    const early = await fsca({ ...base, fieldSafetyNoticeSentAt: "2026-05-06T08:00:00Z" });
    expect(early.json().error.details[0]).toMatchObject({ path: "body/fieldSafetyNoticeSentAt", message: expect.stringMatching(/before the corrective action started/) });
    const unknown = await fsca({ ...base, affectedVersionIds: ["no-such-version"] });
    expect(unknown.json().error.details[0]).toMatchObject({ path: "body/affectedVersionIds/0" });
    expect((await vigilance()).fscas).toEqual([]);

    const created = await fsca(base);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ status: "in_progress", fieldSafetyNoticeSentAt: null, affectedVersionIds: [versionId] });
    expect((await fsca(base)).statusCode).toBe(409);

    const fscaId = created.json().id;
    const sent = await call(vigil, manager, "PATCH", `/api/incidents/${id}/fscas/${fscaId}`, { fieldSafetyNoticeSentAt: "2026-05-08T12:00:00Z", status: "completed", completedAt: "2026-05-09T12:00:00Z" });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json()).toMatchObject({ fieldSafetyNoticeSentAt: "2026-05-08T12:00:00.000Z", status: "completed", completedAt: "2026-05-09T12:00:00.000Z" });

    const timeline = (await call(vigil, auditor, "GET", `/api/incidents/${id}/timeline`)).json().items as { kind: string; text: string; at: string }[];
    const texts = timeline.filter((i) => i.kind === "vigilance").map((i) => i.text);
    expect(texts).toEqual(expect.arrayContaining([expect.stringMatching(/FSCA-2026-03 started/), expect.stringMatching(/notice for FSCA-2026-03 sent/), expect.stringMatching(/initial\) MIR-DE-2026-0117 sent to BfArM/)]));
    expect(timeline.find((i) => /notice for FSCA-2026-03/.test(i.text))?.at).toBe("2026-05-08T12:00:00.000Z");
  });

  test("lessons learned only after closing, with (kind, id) references to risks and controls", async () => {
    const body = { text: "Sign the dose limit library and verify on the pump.", references: [{ kind: "risk", id: "RISK-12" }, { kind: "control", id: "iso27001:A.8.24" }] };
    const open = await call(vigil, manager, "PUT", `/api/incidents/${id}/lessons-learned`, body);
    expect(open.statusCode).toBe(400);
    expect(open.json().error.message).toMatch(/once the incident is closed/);
    expect((await call(vigil, manager, "PATCH", `/api/incidents/${id}`, { status: "closed" })).statusCode).toBe(200);
    const saved = await call(vigil, manager, "PUT", `/api/incidents/${id}/lessons-learned`, body);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toEqual({ text: body.text, references: body.references });
    const incident = (await call(vigil, auditor, "GET", `/api/incidents/${id}`)).json();
    expect(incident).toMatchObject({ lessonsLearned: body.text, linkedRiskIds: ["RISK-12"], linkedControlIds: ["iso27001:A.8.24"] });
    const audit = (await call(vigil, auditor, "GET", `/api/audit?entityType=incident&entityId=${id}`)).json();
    expect(audit.entries.map((e: { action: string }) => e.action)).toContain("lessons_learned");
  });

  test("refused input saves nothing: submission before awareness, deadlines for a pending or non-significant incident, unknown member state", async () => {
    const created = await call(vigil, manager, "POST", "/api/incidents", { title: "Suspicious login", detectedAt: AWARE, awareAt: AWARE });
    const other = created.json().id;
    const submissions = async () => (await call(vigil, auditor, "GET", `/api/incidents/${other}/submissions`)).json().length as number;
    const early = await call(vigil, manager, "POST", `/api/incidents/${other}/submissions`, { obligationId: "gdpr.supervisory_authority_notification", submittedAt: "2026-05-04T06:00:00Z" });
    expect(early.statusCode).toBe(400);
    const pending = await call(vigil, manager, "POST", `/api/incidents/${other}/submissions`, { obligationId: "nis2.early_warning", submittedAt: "2026-05-04T08:00:00Z" });
    expect(pending.json().error.message).toMatch(/not been confirmed/);
    const draft = await call(vigil, manager, "POST", `/api/incidents/${other}/drafts/early_warning`);
    expect(draft.statusCode).toBe(201); // a draft may be prepared while pending; only a confirmed "not significant" refuses it
    expect(await submissions()).toBe(0);

    const country = await call(vigil, manager, "PATCH", `/api/incidents/${other}`, { country: "XX", title: "renamed" });
    expect(country.statusCode).toBe(400);
    expect(country.json().error.details[0]).toMatchObject({ path: "body/country", message: expect.stringMatching(/unknown EU member state/) });
    expect((await call(vigil, auditor, "GET", `/api/incidents/${other}`)).json().title).toBe("Suspicious login");
  });
});
