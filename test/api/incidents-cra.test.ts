import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { auditLog, findings, incidents } from "../../src/server/platform/db/schema";
import { call, runDueJobs, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";
import { smallCycloneDx } from "./sbom-fixtures";

type Obligation = { id: string; regime: string; stage: string; dueAt?: string; waitingFor?: string; status: string };
type Proposal = { case: string; findingId?: string; incidentId?: string; awareAt?: string; product: { name: string } };
type Model = { id: string; modelNumber: string; versions: { id: string; version: string }[] };

const log4j = { type: "library", "bom-ref": "log4j", name: "log4j-core", version: "2.14.1", purl: "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1" };

/** The demo's FleetView fleet manager (non-device software, CRA scope) gets an SBOM with Log4Shell, which the demo lists in KEV. */
describe.each(await backends())("CRA Art. 14 cases on incidents on %s", (backend) => {
  let vigil: TestVigil;
  let officer: Session;
  let manager: Session;
  let fleet: Model;
  let pump: Model;

  const proposals = async () => (await call(vigil, officer, "GET", "/api/cra/proposals")).json() as Proposal[];
  const obligationsOf = async (id: string) => {
    const res = await call(vigil, officer, "GET", `/api/incidents/${id}/obligations`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { obligations: Obligation[] }).obligations.filter((o) => o.regime === "cra");
  };
  const incidentCount = async () => (await vigil.database.db.select({ id: incidents.id }).from(incidents)).length;

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    vigil.clock.now = new Date("2026-12-06T09:00:00Z");
    officer = await signInAs(vigil, "security_officer");
    manager = await signInAs(vigil, "incident_manager");
    const models = (await call(vigil, officer, "GET", "/api/devices")).json() as Model[];
    fleet = models.find((m) => m.modelNumber === "FV-FM")!;
    pump = models.find((m) => m.modelNumber === "IS-300")!;
    const res = await vigil.app.inject({
      method: "POST",
      url: "/api/sboms?device=FV-FM&version=4.2.0&fileName=bom.cdx.json",
      payload: Buffer.from(smallCycloneDx([log4j])),
      headers: { cookie: officer.cookie, "x-csrf-token": officer.csrf, "content-type": "application/octet-stream" },
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    await runDueJobs(vigil);
  });
  afterAll(async () => vigil?.stop());

  test("a KEV-listed finding on a product in CRA scope is proposed, not silently opened; the MDR pump's is not", async () => {
    const before = await incidentCount();
    const proposed = (await proposals()).filter((p) => p.case === "exploited_vulnerability");
    expect(proposed.map((p) => p.product.name)).toEqual(["FleetView device fleet manager"]);
    expect(proposed[0].awareAt).toMatch(/^2026-12-06T/);
    expect(await incidentCount()).toBe(before);
  });

  test("opening the proposal creates a cra case with 24 h, 72 h and a final report waiting for the fix; the fix date sets it to 14 days", async () => {
    const [proposal] = (await proposals()).filter((p) => p.case === "exploited_vulnerability");
    const opened = await call(vigil, manager, "POST", "/api/cra/cases", { findingId: proposal.findingId, awareAt: "2026-12-06T08:00:00Z" });
    expect(opened.statusCode, opened.body).toBe(201);
    const body = opened.json() as { id: string; reference: string; cra: { case: string; trigger: string; memberStates: string[] } };
    expect(body.cra).toMatchObject({ case: "exploited_vulnerability", trigger: "kev" });
    expect(body.cra.memberStates.length).toBeGreaterThan(0);
    expect((await proposals()).some((p) => p.findingId === proposal.findingId)).toBe(false);

    const cra = await obligationsOf(body.id);
    expect(cra.find((o) => o.id === "cra.early_warning")?.dueAt).toBe("2026-12-07T08:00:00.000Z");
    expect(cra.find((o) => o.id === "cra.vulnerability_notification")?.dueAt).toBe("2026-12-09T08:00:00.000Z");
    const final = cra.find((o) => o.id === "cra.final_report")!;
    expect(final.dueAt).toBeUndefined();
    expect(final.waitingFor).toMatch(/14 days after the fix is available/);

    const board = (await call(vigil, officer, "GET", "/api/incidents/board")).json() as { items: (Obligation & { incident: { id: string } })[] };
    expect(board.items.filter((i) => i.incident.id === body.id && i.regime === "cra").map((i) => i.stage)).toEqual(
      expect.arrayContaining(["early_warning", "vulnerability_notification", "final_report"]),
    );

    const fixed = await call(vigil, manager, "PUT", `/api/incidents/${body.id}/cra`, { case: "exploited_vulnerability", productId: fleet.id, fixAvailableAt: "2026-12-10T12:00:00+01:00" });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect((await obligationsOf(body.id)).find((o) => o.id === "cra.final_report")?.dueAt).toBe("2026-12-24T11:00:00.000Z");
    const audits = await vigil.database.db.select().from(auditLog).where(eq(auditLog.entityId, body.id));
    expect(audits.map((a) => a.action)).toEqual(expect.arrayContaining(["create", "update"]));

    // Submissions are recorded like any other regime's, with lateness.
    const sub = await call(vigil, manager, "POST", `/api/incidents/${body.id}/submissions`, { obligationId: "cra.early_warning", submittedAt: "2026-12-06T20:00:00Z", channel: "ENISA single reporting platform" });
    expect(sub.statusCode, sub.body).toBeLessThan(300);
    expect((await obligationsOf(body.id)).find((o) => o.id === "cra.early_warning")?.status).toBe("submitted_on_time");

    // Reminders go through the same mechanism: 80 % of the vulnerability notification's 72 hours have passed.
    vigil.clock.now = new Date("2026-12-08T20:00:00Z");
    await runDueJobs(vigil);
    manager = await signInAs(vigil, "incident_manager");
    const bell = (await call(vigil, manager, "GET", "/api/notifications")).json() as { items: { title: string; body: string | null }[] };
    expect(bell.items.some((n) => `${n.title} ${n.body}`.includes(body.reference) && /vulnerability notification/i.test(`${n.title} ${n.body}`))).toBe(true);
    vigil.clock.now = new Date("2026-12-06T09:00:00Z");
    manager = await signInAs(vigil, "incident_manager");
  });

  test("from the case, a prefilled TLP:AMBER CSAF advisory draft informs the users (Art. 14(8)); an incident manager may not write advisories", async () => {
    const withCase = (await vigil.database.db.select().from(incidents)).find((i) => i.cra?.case === "exploited_vulnerability")!;
    expect((await call(vigil, manager, "POST", `/api/incidents/${withCase.id}/cra/advisory`, {})).statusCode).toBe(403);
    const res = await call(vigil, officer, "POST", `/api/incidents/${withCase.id}/cra/advisory`, {});
    expect(res.statusCode, res.body).toBe(201);
    const advisory = (await call(vigil, officer, "GET", `/api/advisories/${res.json().id}`)).json();
    expect(JSON.stringify(advisory)).toContain("CVE-2021-44228");
    expect(advisory).toMatchObject({ tlp: "AMBER", documentStatus: "draft" });
  });

  test("a fix date before awareness is refused naming the field; nothing changes", async () => {
    const withCase = (await vigil.database.db.select().from(incidents)).find((i) => i.cra?.case === "exploited_vulnerability")!;
    const res = await call(vigil, manager, "PUT", `/api/incidents/${withCase.id}/cra`, { case: "exploited_vulnerability", productId: fleet.id, fixAvailableAt: "2026-12-05T00:00:00Z" });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0]).toMatchObject({ path: "body/fixAvailableAt", message: expect.stringMatching(/before awareness/) });
    const [after] = await vigil.database.db.select().from(incidents).where(eq(incidents.id, withCase.id));
    expect(after.cra).toEqual(withCase.cra);
  });

  test.each([
    ["a CRA case on an MDR device (CRA excluded, Art. 2(2))", () => ({ case: "severe_incident", productId: pump.id }), "body/productId", /excluded from the CRA.*Art\. 2\(2\)/],
    ["an unknown case kind", () => ({ case: "data_leak", productId: fleet.id }), "case", /.+/],
    ["a fix date on a severe incident", () => ({ case: "severe_incident", productId: fleet.id, fixAvailableAt: "2026-12-06T10:00:00Z" }), "body/fixAvailableAt", /exploited vulnerability/],
  ])("%s is refused with 400 naming the field; nothing is stored", async (_name, body, path, message) => {
    const incident = (await vigil.database.db.select().from(incidents)).find((i) => !i.cra)!;
    const res = await call(vigil, manager, "PUT", `/api/incidents/${incident.id}/cra`, body());
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json().error)).toContain(path);
    expect(res.json().error.message).toMatch(message);
    const [after] = await vigil.database.db.select().from(incidents).where(eq(incidents.id, incident.id));
    expect(after.cra).toBeNull();
  });

  test("an incident on a CRA product proposes the severe-incident assessment; confirming it runs 24 h, 72 h and one month after the notification", async () => {
    const declared = await call(vigil, manager, "POST", "/api/incidents", {
      title: "FleetView update server compromised",
      detectedAt: "2026-10-31T10:00:00Z",
      awareAt: "2026-10-31T10:00:00Z",
      affectedDeviceModelIds: [fleet.id],
      facts: { memberStatesAffected: [], suspectedMalicious: true },
    });
    expect(declared.statusCode, declared.body).toBe(201);
    const id = (declared.json() as { id: string }).id;
    expect((await proposals()).find((p) => p.incidentId === id)).toMatchObject({ case: "severe_incident", product: { name: "FleetView device fleet manager" } });
    const set = await call(vigil, manager, "PUT", `/api/incidents/${id}/cra`, { case: "severe_incident", productId: fleet.id });
    expect(set.statusCode, set.body).toBe(200);
    expect((await proposals()).some((p) => p.incidentId === id)).toBe(false);
    let cra = await obligationsOf(id);
    expect(cra.find((o) => o.id === "cra.early_warning")?.dueAt).toBe("2026-11-01T10:00:00.000Z");
    expect(cra.find((o) => o.id === "cra.incident_notification")?.dueAt).toBe("2026-11-03T10:00:00.000Z");
    expect(cra.find((o) => o.id === "cra.final_report")?.status).toBe("waiting");
    expect(cra.find((o) => o.id === "cra.intermediate_report")?.waitingFor).toMatch(/request from the CSIRT/);
    const sub = await call(vigil, manager, "POST", `/api/incidents/${id}/submissions`, { obligationId: "cra.incident_notification", submittedAt: "2026-10-31T20:00:00Z" });
    expect(sub.statusCode, sub.body).toBeLessThan(300);
    cra = await obligationsOf(id);
    // One month after 31 October is the last day of November (month-end clamping as for NIS2).
    expect(cra.find((o) => o.id === "cra.final_report")?.dueAt).toBe("2026-11-30T20:00:00.000Z");
  });

  test("a proposal can be dismissed only with a reason; it leaves the board, stays listed with who and why, is audited and can be restored", async () => {
    const declared = await call(vigil, manager, "POST", "/api/incidents", {
      title: "FleetView staging portal defaced",
      detectedAt: "2026-12-05T08:00:00Z",
      awareAt: "2026-12-05T08:00:00Z",
      affectedDeviceModelIds: [fleet.id],
    });
    const id = (declared.json() as { id: string }).id;
    const key = `incident:${id}`;
    expect((await proposals()).some((p) => p.incidentId === id)).toBe(true);
    const short = await call(vigil, manager, "POST", "/api/cra/proposals/dismiss", { key, reason: "not severe" });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details[0].path).toBe("body/reason");
    const unknown = await call(vigil, manager, "POST", "/api/cra/proposals/dismiss", { key: "incident:no-such-incident", reason: "The staging portal holds no product code or signing keys." });
    expect(unknown.json().error.details).toEqual([{ path: "body/key", message: "no open CRA case proposal incident:no-such-incident" }]);
    const reason = "Staging web portal only: no build, signing or update infrastructure of FleetView was reachable (Art. 14(5) not met).";
    const dismissed = await call(vigil, manager, "POST", "/api/cra/proposals/dismiss", { key, reason });
    expect(dismissed.statusCode, dismissed.body).toBe(201);
    expect((await proposals()).some((p) => p.incidentId === id)).toBe(false);
    const listed = (await call(vigil, officer, "GET", "/api/cra/proposals/dismissed")).json();
    expect(listed).toEqual([expect.objectContaining({ key, reason, summary: expect.stringContaining("FleetView"), dismissedBy: expect.any(String) })]);
    expect((await call(vigil, manager, "POST", "/api/cra/proposals/dismiss", { key, reason })).statusCode).toBe(400);
    const audit = (await call(vigil, await signInAs(vigil, "auditor"), "GET", `/api/audit?entityType=cra_proposal&entityId=${encodeURIComponent(key)}`)).json();
    expect(audit.entries[0]).toMatchObject({ action: "dismiss" });
    expect((await call(vigil, manager, "DELETE", `/api/cra/proposals/dismissed/${encodeURIComponent(key)}`)).statusCode).toBe(204);
    expect((await proposals()).some((p) => p.incidentId === id)).toBe(true);
    expect((await call(vigil, manager, "DELETE", `/api/cra/proposals/dismissed/${encodeURIComponent(key)}`)).statusCode).toBe(404);
  });

  test("a finding on an MDR device cannot open a CRA case", async () => {
    const [pumpFinding] = (await vigil.database.db.select().from(findings)).filter((f) => pump.versions.some((v) => v.id === f.softwareVersionId));
    const before = await incidentCount();
    const res = await call(vigil, manager, "POST", "/api/cra/cases", { findingId: pumpFinding.id });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/MDR device, excluded from the CRA/);
    expect(await incidentCount()).toBe(before);
  });
});
