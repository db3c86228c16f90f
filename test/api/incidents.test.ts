import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";

function hasPdftotext(): boolean {
  try {
    execFileSync("pdftotext", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function pdfText(bytes: Buffer): string | null {
  if (!hasPdftotext()) {
    if (process.env.CI === "true") throw new Error("pdftotext (poppler-utils) is missing on CI");
    return null;
  }
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "vigil-incident-")), "report.pdf");
  writeFileSync(file, bytes);
  return execFileSync("pdftotext", [file, "-"]).toString();
}

const HOUR = 3_600_000;
const AWARE = "2026-03-02T08:15:00.000Z";

const declaration = {
  title: "Ransomware on the firmware update server",
  description: "Ransomware encrypted the server that distributes firmware updates to infusion pumps.",
  detectedAt: "2026-03-02T06:40:00Z",
  awareAt: "2026-03-02T09:15:00+01:00",
  affectedSystems: ["Firmware update service"],
  impact: {
    availability: { severity: "high", description: "no updates can be distributed" },
    integrity: { severity: "medium", description: "signing keys under review" },
    confidentiality: { severity: "low", description: "" },
    patientSafety: { severity: "low", description: "pumps keep operating" },
  },
  facts: { usersAffected: 140, memberStatesAffected: ["DE", "AT"], suspectedMalicious: true },
};

describe.each(await backends())("incidents API on %s", (backend) => {
  let vigil: TestVigil;
  let manager: Session;
  let auditor: Session;
  let contributor: Session;
  let id: string;
  /** The demo workspace holds incidents of its own, so the reference number is whatever comes next. */
  let ref: string;
  const at = (ms: number) => new Date(Date.parse(AWARE) + ms);

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    vigil.clock.now = at(HOUR);
    manager = await signInAs(vigil, "incident_manager");
    auditor = await signInAs(vigil, "auditor");
    contributor = await signInAs(vigil, "contributor");
  });
  afterAll(async () => vigil?.stop());

  /** Moves the injected clock; sessions last 12 h, so everyone signs in again. */
  const moveClock = async (to: Date) => {
    vigil.clock.now = to;
    manager = await signInAs(vigil, "incident_manager");
    auditor = await signInAs(vigil, "auditor");
    contributor = await signInAs(vigil, "contributor");
  };
  const count = async () => (await call(vigil, manager, "GET", "/api/incidents")).json().length as number;

  test("declaring an incident stores it with a reference, the organisation's member state and an audit entry", async () => {
    const res = await call(vigil, manager, "POST", "/api/incidents", declaration);
    expect(res.statusCode, res.body).toBe(201);
    const incident = res.json();
    id = incident.id;
    ref = incident.reference;
    expect(ref).toMatch(/^INC-2026-\d{3}$/);
    expect(incident).toMatchObject({
      status: "open",
      classification: "pending",
      country: "DE",
      awareAt: AWARE,
      reporter: expect.stringContaining("incidents@demo-medical.example"),
    });
    const audit = await call(vigil, auditor, "GET", `/api/audit?entityType=incident&entityId=${id}`);
    expect(audit.json().entries.map((e: { action: string }) => e.action)).toEqual(["create"]);
    expect(audit.json().entries[0].after.title).toBe(declaration.title);
  });

  test("bad input is refused with field paths and nothing is saved", async () => {
    const before = await count();
    const early = await call(vigil, manager, "POST", "/api/incidents", { ...declaration, awareAt: "2026-03-02T05:00:00Z" });
    expect(early.statusCode).toBe(400);
    expect(early.json().error.details).toEqual([{ path: "body/awareAt", message: expect.stringMatching(/before detection/) }]);

    const country = await call(vigil, manager, "POST", "/api/incidents", { ...declaration, country: "XX" });
    expect(country.statusCode).toBe(400);
    expect(country.json().error.details[0]).toMatchObject({ path: "body/country", message: expect.stringMatching(/unknown EU member state/) });

    const noOffset = await call(vigil, manager, "POST", "/api/incidents", { ...declaration, awareAt: "2026-03-02T08:15:00" });
    expect(noOffset.statusCode).toBe(400);
    expect(noOffset.json().error.details[0].path).toBe("body/awareAt");

    const device = await call(vigil, manager, "POST", "/api/incidents", { ...declaration, affectedVersionIds: ["no-such-version"] });
    expect(device.statusCode).toBe(400);
    expect(device.json().error.details[0]).toMatchObject({ path: "body/affectedVersionIds/0" });

    const patch = await call(vigil, manager, "PATCH", `/api/incidents/${id}`, { detectedAt: "2026-03-02T09:00:00Z" });
    expect(patch.statusCode).toBe(400);
    expect(patch.json().error.details[0].path).toBe("body/awareAt");

    expect(await count()).toBe(before);
    const unchanged = await call(vigil, manager, "GET", `/api/incidents/${id}`);
    expect(unchanged.json().detectedAt).toBe("2026-03-02T06:40:00.000Z");
  });

  test("a contributor may read but not declare; the list shows each incident's next deadline", async () => {
    expect((await call(vigil, contributor, "GET", `/api/incidents/${id}`)).statusCode).toBe(200);
    const list = await call(vigil, contributor, "GET", "/api/incidents?status=open");
    expect(list.json()).toEqual([
      expect.objectContaining({ id, nextDeadline: { obligationId: "nis2.early_warning", stage: "early_warning", dueAt: "2026-03-03T08:15:00.000Z", overdue: false } }),
    ]);
    expect((await call(vigil, contributor, "POST", "/api/incidents", declaration)).statusCode).toBe(403);
  });

  test("the assessment proposes, a person confirms", async () => {
    const confirmEarly = await call(vigil, manager, "POST", `/api/incidents/${id}/confirm`, {});
    expect(confirmEarly.statusCode).toBe(400);

    const assessed = await call(vigil, manager, "POST", `/api/incidents/${id}/assessment`, {
      answers: { severeOperationalDisruption: "yes", financialLossForEntity: "unknown" },
    });
    expect(assessed.statusCode, assessed.body).toBe(200);
    expect(assessed.json().classification).toBe("pending");
    expect(assessed.json().assessment.proposal).toMatchObject({
      state: "proposed",
      outcome: "significant",
      label: "significant — report",
      decidingCriteria: [expect.objectContaining({ id: "severeOperationalDisruption", basis: "NIS2 Art. 23(3)(a)" })],
    });

    const overrideWithoutReason = await call(vigil, manager, "POST", `/api/incidents/${id}/confirm`, { outcome: "not_significant" });
    expect(overrideWithoutReason.statusCode).toBe(400);
    expect(overrideWithoutReason.json().error.details[0].path).toBe("body/rationale");

    const confirmed = await call(vigil, manager, "POST", `/api/incidents/${id}/confirm`, {});
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({
      classification: "significant",
      significance: { state: "confirmed", outcome: "significant", overridden: false, confirmedBy: expect.stringContaining("Ines Incident") },
    });
    const audit = await call(vigil, auditor, "GET", `/api/audit?entityType=incident&entityId=${id}`);
    expect(audit.json().entries.map((e: { action: string }) => e.action)).toEqual(["confirm", "assess", "create"]);
  });

  test("obligations: early warning 24 h and notification 72 h from awareness, in UTC and Berlin time", async () => {
    const res = await call(vigil, manager, "GET", `/api/incidents/${id}/obligations`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ classification: "significant", nis2: { reportable: true }, timeZone: "Europe/Berlin", memberState: "DE" });
    const byId = Object.fromEntries(body.obligations.map((o: { id: string }) => [o.id, o]));
    expect(byId["nis2.early_warning"]).toMatchObject({
      dueAt: "2026-03-03T08:15:00.000Z",
      due: { utc: "2026-03-03 08:15 UTC", local: "2026-03-03 09:15 CET (+01:00)", zone: "Europe/Berlin" },
      status: "pending",
      timeLeftMs: 23 * HOUR,
      basis: "NIS2 Art. 23(4)(a)",
    });
    expect(byId["nis2.early_warning"].progress.fraction).toBeCloseTo(1 / 24, 6);
    expect(byId["nis2.incident_notification"]).toMatchObject({ dueAt: "2026-03-05T08:15:00.000Z", status: "pending" });
    expect(byId["nis2.final_report"].dueAt).toBeUndefined();
    expect(byId["nis2.final_report"].waitingFor).toMatch(/actual submission time/);
  });

  test("the early-warning draft is addressed from the catalog and exports as PDF and JSON", async () => {
    const created = await call(vigil, manager, "POST", `/api/incidents/${id}/drafts/early_warning`);
    expect(created.statusCode, created.body).toBe(201);
    const draft = created.json();
    expect(draft.version).toBe(1);
    expect(draft.content).toMatchObject({
      kind: "nis2_early_warning",
      basis: "NIS2 Art. 23(4)(a)",
      incidentId: ref,
      addressee: { authority: "Federal Office for Information Security (BSI)", csirt: "BSI (joint BSI/BBK reporting office)" },
      sender: { entity: "Demo Medical GmbH" },
      missing: [],
    });
    expect(draft.content.sections.find((s: { id: string }) => s.id === "malicious").text).toMatch(/^Yes: /);

    const edited = await call(vigil, manager, "PATCH", `/api/incidents/${id}/drafts/early_warning`, {
      sections: [{ id: "summary", text: "Ransomware on the update server; pumps unaffected." }],
      addressee: { reference: "BSI-2026-0042" },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().version).toBe(2);
    const unknown = await call(vigil, manager, "PATCH", `/api/incidents/${id}/drafts/early_warning`, { sections: [{ id: "nope", text: "x" }] });
    expect(unknown.statusCode).toBe(400);

    const json = await call(vigil, auditor, "GET", `/api/incidents/${id}/drafts/early_warning/json`);
    expect(json.statusCode).toBe(200);
    expect(json.json()).toMatchObject({ version: 2, addressee: { reference: "BSI-2026-0042" } });
    const v1 = await call(vigil, auditor, "GET", `/api/incidents/${id}/drafts/early_warning/json?version=1`);
    expect(v1.json().addressee.reference).toMatch(/^\[to be completed/);

    const pdf = await call(vigil, auditor, "GET", `/api/incidents/${id}/drafts/early_warning/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.headers["content-disposition"]).toContain(`${ref}-early_warning-v2.pdf`);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    const text = pdfText(pdf.rawPayload);
    if (text !== null) {
      for (const heading of ["Early warning", "Addressee", "Federal Office for Information Security (BSI)", "What happened", "Suspected unlawful or malicious act", "Possible cross-border impact"]) {
        expect(text).toContain(heading);
      }
      expect(text).toContain("pumps unaffected");
      expect(text).toContain("NIS2 Art. 23(4)(a)");
    }
    expect((await call(vigil, contributor, "GET", `/api/incidents/${id}/drafts/early_warning/pdf`)).statusCode).toBe(403);
  });

  test("the customer notice is drafted from the same record, for the customers running the affected versions", async () => {
    const models = (await call(vigil, manager, "GET", "/api/devices")).json() as {
      name: string;
      versions: { id: string; version: string; installedUnits: number }[];
    }[];
    const model = models.find((m) => m.versions.some((v) => v.installedUnits > 0))!;
    const version = model.versions.find((v) => v.installedUnits > 0)!;
    const patched = await call(vigil, manager, "PATCH", `/api/incidents/${id}`, { affectedVersionIds: [version.id] });
    expect(patched.statusCode, patched.body).toBe(200);
    const recipients = (await call(vigil, manager, "GET", `/api/incidents/${id}/recipients`)).json() as {
      name: string;
      installations: { deviceModel: string; version: string; units: number }[];
    }[];
    expect(recipients.length).toBeGreaterThan(0);
    for (const r of recipients) {
      expect(r.installations.every((i) => i.deviceModel === model.name && i.version === version.version)).toBe(true);
    }
    expect(recipients.flatMap((r) => r.installations).reduce((n, i) => n + i.units, 0)).toBe(version.installedUnits);

    const res = await call(vigil, manager, "POST", `/api/incidents/${id}/drafts/recipient_notification`);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().content.addressee.reference).toBe(`Affected customers: ${recipients.map((r) => r.name).join(", ")}`);
    expect(res.json().content.sections.find((s: { id: string }) => s.id === "affected").text).toContain(`${model.name}, software ${version.version}`);
    expect(res.json().content).toMatchObject({ kind: "nis2_recipient_notice", basis: "NIS2 Art. 23(1)–(2)", addressee: { role: expect.stringMatching(/recipients/) } });
    expect(res.json().content.missing).toContain("measures");
  });

  test("submissions: on time, late recorded as late, final report one month after the notification's real submission", async () => {
    const before = await call(vigil, manager, "POST", `/api/incidents/${id}/submissions`, {
      obligationId: "nis2.early_warning",
      submittedAt: "2026-03-02T08:00:00Z",
    });
    expect(before.statusCode).toBe(400);
    expect(before.json().error.details[0]).toMatchObject({ path: "body/submittedAt", message: expect.stringMatching(/before awareness/) });

    await moveClock(at(80 * HOUR));
    const ew = await call(vigil, manager, "POST", `/api/incidents/${id}/submissions`, {
      obligationId: "nis2.early_warning",
      submittedAt: at(23 * HOUR).toISOString(),
      channel: "BSI portal",
      reference: "BSI-2026-0042",
    });
    expect(ew.statusCode, ew.body).toBe(201);
    expect(ew.json()).toMatchObject({ status: "submitted_on_time", late: false });

    // 18:15 CET on 5 March; one month later in Berlin is 18:15 CEST on 5 April = 16:15 UTC (the DST switch on 29 March does not move the local time).
    const notified = at(81 * HOUR).toISOString();
    const n = await call(vigil, manager, "POST", `/api/incidents/${id}/submissions`, {
      obligationId: "nis2.incident_notification",
      submittedAt: notified,
      channel: "BSI portal",
    });
    expect(n.statusCode, n.body).toBe(201);
    expect(n.json()).toMatchObject({ status: "submitted_late", late: true, lateByMs: 9 * HOUR, dueAt: "2026-03-05T08:15:00.000Z" });

    const again = await call(vigil, manager, "POST", `/api/incidents/${id}/submissions`, { obligationId: "nis2.incident_notification", submittedAt: notified });
    expect(again.statusCode).toBe(400);

    const obligations = (await call(vigil, manager, "GET", `/api/incidents/${id}/obligations`)).json().obligations;
    const byId = Object.fromEntries(obligations.map((o: { id: string }) => [o.id, o]));
    expect(notified).toBe("2026-03-05T17:15:00.000Z");
    // Still ongoing: a progress report is due at the month, the final report once the incident is handled.
    expect(byId["nis2.progress_report"]).toMatchObject({ startsAt: notified, dueAt: "2026-04-05T16:15:00.000Z" });
    expect(byId["nis2.final_report"].waitingFor).toMatch(/due 2026-04-05T16:15:00.000Z if handled by then/);
    expect(byId["nis2.incident_notification"]).toMatchObject({ status: "submitted_late", lateByMs: 9 * HOUR });

    const moved = await call(vigil, manager, "PATCH", `/api/incidents/${id}`, { awareAt: "2026-03-06T00:00:00Z" });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().error.details[0]).toMatchObject({ path: "body/awareAt", message: expect.stringMatching(/before awareness/) });

    const timeline = (await call(vigil, auditor, "GET", `/api/incidents/${id}/timeline`)).json();
    const kinds = timeline.items.map((i: { kind: string }) => i.kind);
    expect(kinds).toEqual(expect.arrayContaining(["detected", "aware", "assessment", "submission", "deadline", "draft"]));
    const times = timeline.items.map((i: { at: string }) => Date.parse(i.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(timeline.items.find((i: { kind: string; late?: boolean; obligationId?: string }) => i.obligationId === "nis2.incident_notification" && i.kind === "submission").late).toBe(true);
  });

  test("an intermediate report is due when the CSIRT asks for it, on the date it sets", async () => {
    const backwards = await call(vigil, manager, "POST", `/api/incidents/${id}/intermediate-requests`, {
      requestedAt: "2026-03-06T10:00:00Z",
      dueAt: "2026-03-05T10:00:00Z",
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().error.details).toEqual([{ path: "body/dueAt", message: "the due date lies before the request" }]);
    const beforeAwareness = await call(vigil, manager, "POST", `/api/incidents/${id}/intermediate-requests`, {
      requestedAt: "2026-03-01T10:00:00Z",
      dueAt: "2026-03-09T10:00:00Z",
    });
    expect(beforeAwareness.json().error.details[0].path).toBe("body/requestedAt");

    const res = await call(vigil, manager, "POST", `/api/incidents/${id}/intermediate-requests`, {
      requestedAt: "2026-03-06T10:00:00Z",
      dueAt: "2026-03-09T10:00:00+01:00",
      reference: "BSI-RQ-7",
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ obligationId: "nis2.intermediate_report.1", dueAt: "2026-03-09T09:00:00.000Z" });
    const obligations = (await call(vigil, manager, "GET", `/api/incidents/${id}/obligations`)).json().obligations;
    expect(obligations.find((o: { id: string }) => o.id === "nis2.intermediate_report.1")).toMatchObject({
      startsAt: "2026-03-06T10:00:00.000Z",
      dueAt: "2026-03-09T09:00:00.000Z",
      rule: expect.stringContaining("BSI-RQ-7"),
    });
    expect(obligations.some((o: { id: string }) => o.id === "nis2.intermediate_report")).toBe(false);
    // The obligations across incidents read the request with the other incidents' records.
    const across = (await call(vigil, manager, "GET", "/api/obligations")).json().items as { title: string; dueAt: string }[];
    expect(across.filter((o) => o.title.includes("intermediate report")).map((o) => o.dueAt)).toEqual(["2026-03-09T09:00:00.000Z"]);
  });

  test("evidence is stored with its SHA-256 and comes back byte for byte; path tricks in names are refused", async () => {
    const bytes = Buffer.from("2026-03-02 06:40:11 vpn01 login admin from 203.0.113.7\n\u0000\u00ff binary tail");
    const res = await call(vigil, manager, "POST", `/api/incidents/${id}/evidence`, {
      fileName: "vpn-log 2026-03-02.txt",
      mediaType: "text/plain",
      contentBase64: bytes.toString("base64"),
      description: "VPN appliance log",
    });
    expect(res.statusCode, res.body).toBe(201);
    const sha = createHash("sha256").update(bytes).digest("hex");
    expect(res.json()).toMatchObject({ sha256: sha, size: bytes.length, fileName: "vpn-log 2026-03-02.txt" });
    expect(res.json()).not.toHaveProperty("contentBase64");

    const download = await call(vigil, auditor, "GET", `/api/incidents/${id}/evidence/${res.json().id}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(bytes)).toBe(true);
    expect(download.headers["x-content-sha256"]).toBe(sha);
    expect(createHash("sha256").update(download.rawPayload).digest("hex")).toBe(sha);

    for (const fileName of ["../../etc/passwd", "logs/vpn.txt", "..\\windows\\win.ini", "C:evil.txt", ".htaccess", "a\u0000.txt", "..", "nul.txt"]) {
      const bad = await call(vigil, manager, "POST", `/api/incidents/${id}/evidence`, { fileName, contentBase64: bytes.toString("base64") });
      expect(bad.statusCode, fileName).toBe(400);
      expect(bad.json().error.details[0].path).toBe("body/fileName");
    }
    const notBase64 = await call(vigil, manager, "POST", `/api/incidents/${id}/evidence`, { fileName: "x.bin", contentBase64: "@@@@" });
    expect(notBase64.json().error.details[0].path).toBe("body/contentBase64");
    const big = randomBytes(3 * 1024 * 1024); // above the default 1 MiB body limit, within the evidence limit
    const stored = await call(vigil, manager, "POST", `/api/incidents/${id}/evidence`, { fileName: "memory.dmp", contentBase64: big.toString("base64") });
    expect(stored.statusCode, stored.body.slice(0, 200)).toBe(201);
    expect(stored.json().sha256).toBe(createHash("sha256").update(big).digest("hex"));
    const tooBig = await call(vigil, manager, "POST", `/api/incidents/${id}/evidence`, {
      fileName: "disk.img",
      contentBase64: Buffer.alloc(11 * 1024 * 1024).toString("base64"),
    });
    expect(tooBig.statusCode).toBe(413);
    const list = await call(vigil, auditor, "GET", `/api/incidents/${id}/evidence`);
    expect(list.json().map((e: { fileName: string }) => e.fileName).sort()).toEqual(["memory.dmp", "vpn-log 2026-03-02.txt"]);
  });

  test("an incident confirmed not significant has no NIS2 deadlines, and asking for them is an error", async () => {
    const created = await call(vigil, manager, "POST", "/api/incidents", {
      title: "Phishing mail reported, nobody clicked",
      detectedAt: "2026-03-04T10:00:00Z",
      awareAt: "2026-03-04T10:30:00Z",
      personalDataBreach: { highRisk: false },
      deviceVigilance: null,
    });
    expect(created.statusCode, created.body).toBe(201);
    const other = created.json().id;
    expect(created.json().reference).toBe(`INC-2026-${String(Number(ref.slice(-3)) + 1).padStart(3, "0")}`);
    const pending = await call(vigil, manager, "POST", `/api/incidents/${other}/intermediate-requests`, {
      requestedAt: "2026-03-04T12:00:00Z",
      dueAt: "2026-03-06T12:00:00Z",
    });
    expect(pending.statusCode).toBe(400);
    expect(pending.json().error.message).toMatch(/not been confirmed/);

    await call(vigil, manager, "POST", `/api/incidents/${other}/assessment`, {
      answers: Object.fromEntries(
        ["severeOperationalDisruption", "financialLossForEntity", "considerableDamageToOthers", "tradeSecretsExfiltrated", "deathOfNaturalPerson", "considerableDamageToHealth", "maliciousUnauthorisedAccess", "recurringIncidents", "scheduledMaintenanceOnly"].map((q) => [q, "no"]),
      ),
    });
    const confirmed = await call(vigil, manager, "POST", `/api/incidents/${other}/confirm`, {});
    expect(confirmed.json().classification).toBe("not_significant");

    const obligations = (await call(vigil, manager, "GET", `/api/incidents/${other}/obligations`)).json();
    expect(obligations.nis2.reportable).toBe(false);
    expect(obligations.obligations.map((o: { id: string }) => o.id)).toEqual(["gdpr.supervisory_authority_notification"]);

    for (const [url, body] of [
      [`/api/incidents/${other}/intermediate-requests`, { requestedAt: "2026-03-04T12:00:00Z", dueAt: "2026-03-06T12:00:00Z" }],
      [`/api/incidents/${other}/submissions`, { obligationId: "nis2.early_warning", submittedAt: "2026-03-04T12:00:00Z" }],
      [`/api/incidents/${other}/drafts/early_warning`, undefined],
    ] as const) {
      const res = await call(vigil, manager, "POST", url, body);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.message).toMatch(/not classified significant/);
    }
    const gdpr = await call(vigil, manager, "POST", `/api/incidents/${other}/submissions`, {
      obligationId: "gdpr.supervisory_authority_notification",
      submittedAt: "2026-03-05T09:00:00Z",
    });
    expect(gdpr.statusCode, gdpr.body).toBe(201);
    expect(gdpr.json().status).toBe("submitted_on_time");
  });

  test("the board lists open obligations across incidents, least time left first", async () => {
    const res = await call(vigil, contributor, "GET", "/api/incidents/board");
    expect(res.statusCode).toBe(200);
    const { items, problems } = res.json();
    expect(problems).toEqual([]);
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(["pending", "overdue"]).toContain(item.status);
    const left = items.filter((i: { timeLeftMs: number | null }) => i.timeLeftMs !== null).map((i: { timeLeftMs: number }) => i.timeLeftMs);
    expect(left).toEqual([...left].sort((a: number, b: number) => a - b));
    expect(items.some((i: { id: string }) => i.id === "nis2.early_warning")).toBe(false); // submitted
    expect(items.find((i: { id: string; incident: { reference: string } }) => i.id === "nis2.final_report" || i.id === "nis2.progress_report")).toMatchObject({
      incident: { reference: ref },
    });
  });

  test("the what-if calculator takes the CLI's inputs", async () => {
    const res = await call(
      vigil,
      manager,
      "GET",
      "/api/incidents/clocks?aware=2026-01-31T10:00:00Z&notified=2026-01-31T12:00:00Z&mdr=death&country=PT&now=2026-02-01T00:00:00Z",
    );
    expect(res.statusCode, res.body).toBe(200);
    const byId = Object.fromEntries(res.json().obligations.map((o: { id: string }) => [o.id, o]));
    expect(byId["nis2.early_warning"].dueAt).toBe("2026-02-01T10:00:00.000Z");
    expect(byId["nis2.final_report"].dueAt).toBe("2026-02-28T12:00:00.000Z"); // 31 Jan → last day of February, Lisbon = UTC in winter
    expect(byId["mdr.serious_incident_report"]).toMatchObject({ dueAt: "2026-02-10T10:00:00.000Z", basis: "MDR Art. 87(5)" });
    expect(res.json().timeZone).toBe("Europe/Lisbon");
    // Portugal's law applies from 3 April 2026: none of its stages before, its stages with their record's verification after.
    expect(res.json().obligations.some((o: { jurisdiction: string }) => o.jurisdiction === "PT")).toBe(false);
    expect(res.json().national).toMatchObject({ country: "PT", appliesAtAwareness: false, verifiedOn: "2026-12-06" });
    const after = await call(vigil, manager, "GET", "/api/incidents/clocks?aware=2026-05-04T10:00:00Z&impactEnded=2026-05-05T10:00:00Z&country=PT&now=2026-05-05T12:00:00Z");
    expect(after.statusCode, after.body).toBe(200);
    const notice = after.json().obligations.find((o: { id: string }) => o.id === "nis2.pt.end_of_impact_notice");
    expect(notice).toMatchObject({ dueAt: "2026-05-06T10:00:00.000Z", national: { country: "PT", verifiedOn: "2026-12-06", source: { ref: expect.stringMatching(/CNCS/) } } });

    const bad = await call(vigil, manager, "GET", "/api/incidents/clocks?aware=yesterday");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe("querystring/aware");
    const detected = await call(vigil, manager, "GET", "/api/incidents/clocks?aware=2026-01-31T10:00:00Z&detected=2026-01-31T11:00:00Z");
    expect(detected.json().error.details[0].path).toBe("querystring/aware");
    const country = await call(vigil, manager, "GET", "/api/incidents/clocks?aware=2026-01-31T10:00:00Z&country=XX");
    expect(country.json().error.details[0].path).toBe("querystring/country");
  });

  test("status moves forward only; resolving records when the incident was handled", async () => {
    const resolved = await call(vigil, manager, "PATCH", `/api/incidents/${id}`, { status: "resolved", lessonsLearned: "Patch VPN appliances within 48 h." });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json()).toMatchObject({ status: "resolved", handledAt: vigil.clock.now.toISOString() });
    const obligations = (await call(vigil, manager, "GET", `/api/incidents/${id}/obligations`)).json().obligations;
    const final = obligations.find((o: { id: string }) => o.id === "nis2.final_report");
    expect(final).toMatchObject({ startsAt: "2026-03-05T17:15:00.000Z", dueAt: "2026-04-05T16:15:00.000Z", status: "pending" });
    expect(obligations.some((o: { id: string }) => o.id === "nis2.progress_report")).toBe(false);
    const back = await call(vigil, manager, "PATCH", `/api/incidents/${id}`, { status: "open" });
    expect(back.statusCode).toBe(400);
    expect(back.json().error.details[0].path).toBe("body/status");
  });

  test("deleting an incident removes its records and leaves the full record in the audit trail", async () => {
    const created = await call(vigil, manager, "POST", "/api/incidents", { title: "Declared by mistake", detectedAt: AWARE, awareAt: AWARE });
    const gone = created.json().id;
    await call(vigil, manager, "POST", `/api/incidents/${gone}/timeline`, { text: `Duplicate of ${ref}` });
    expect((await call(vigil, contributor, "DELETE", `/api/incidents/${gone}`)).statusCode).toBe(403);
    expect((await call(vigil, manager, "DELETE", `/api/incidents/${gone}`)).statusCode).toBe(200);
    expect((await call(vigil, manager, "GET", `/api/incidents/${gone}`)).statusCode).toBe(404);
    expect((await call(vigil, manager, "GET", `/api/incidents/${gone}/timeline`)).statusCode).toBe(404);
    const audit = await call(vigil, auditor, "GET", `/api/audit?entityType=incident&entityId=${gone}`);
    expect(audit.json().entries[0]).toMatchObject({ action: "delete", before: { title: "Declared by mistake" } });
  });
});

describe.each(await backends())("incident reminders on %s", (backend) => {
  let vigil: TestVigil;
  let manager: Session;
  let admin: Session;
  let id: string;
  let ref: string;
  const aware = Date.parse("2026-05-10T22:00:00Z");

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    vigil.clock.now = new Date(aware + HOUR);
    manager = await signInAs(vigil, "incident_manager");
    admin = await signInAs(vigil, "admin");
    const res = await call(vigil, manager, "POST", "/api/incidents", {
      title: "Cloud dashboard outage",
      detectedAt: new Date(aware).toISOString(),
      awareAt: new Date(aware).toISOString(),
      deviceVigilance: null,
      personalDataBreach: null,
    });
    id = res.json().id;
    ref = res.json().reference;
    await call(vigil, manager, "POST", `/api/incidents/${id}/assessment`, { answers: { severeOperationalDisruption: "yes" } });
    await call(vigil, manager, "POST", `/api/incidents/${id}/confirm`, {});
  });
  afterAll(async () => vigil?.stop());

  const moveClock = async (to: number) => {
    vigil.clock.now = new Date(to);
    manager = await signInAs(vigil, "incident_manager");
    admin = await signInAs(vigil, "admin");
  };
  const runJobs = async () => {
    while (await vigil.jobs.runOnce()) {
      // drain the due jobs
    }
  };
  const mine = async (session: Session) =>
    (await call(vigil, session, "GET", "/api/notifications")).json().items.filter((n: { link: string }) => n.link === `/incidents/${id}`) as {
      id: string;
      title: string;
      readAt: string | null;
    }[];

  test("reminders fire once at 50, 80 and 100 % of each clock, on the injected clock", async () => {
    await runJobs();
    expect(await mine(manager)).toEqual([]);

    await moveClock(aware + 12 * HOUR); // early warning at 50 %
    await runJobs();
    let titles = (await mine(manager)).map((n) => n.title);
    expect(titles).toEqual([`${ref}: early warning — 50 % of the time used`]);
    await runJobs();
    expect(await mine(manager)).toHaveLength(1);

    await moveClock(aware + 19.2 * HOUR); // 80 %, when the job scheduled by the last run falls due
    await runJobs();
    titles = (await mine(manager)).map((n) => n.title);
    expect(titles).toContain(`${ref}: early warning — 80 % of the time used`);

    await moveClock(aware + 36 * HOUR); // early warning overdue (100 %), notification at 50 %
    await runJobs();
    titles = (await mine(manager)).map((n) => n.title);
    expect(titles).toEqual(
      expect.arrayContaining([`${ref}: early warning — deadline reached`, `${ref}: incident notification — 50 % of the time used`]),
    );
    expect(titles).toHaveLength(4);
    expect(await mine(admin)).toEqual([]);

    const audit = await call(vigil, admin, "GET", `/api/audit?entityType=incident&entityId=${id}`);
    const reminders = audit.json().entries.filter((e: { action: string }) => e.action === "remind");
    expect(reminders.map((e: { after: { level: number } }) => e.after.level).sort()).toEqual([0.5, 0.5, 0.8, 1]);
    expect(reminders[0].actorLabel).toBe("system");
  });

  test("a submitted report is no longer reminded of, and notifications can be marked read", async () => {
    await call(vigil, manager, "POST", `/api/incidents/${id}/submissions`, {
      obligationId: "nis2.incident_notification",
      submittedAt: new Date(aware + 40 * HOUR).toISOString(),
    });
    await moveClock(aware + 72 * HOUR);
    await runJobs();
    expect((await mine(manager)).filter((n) => n.title.includes("incident notification"))).toHaveLength(1);

    const [first] = await mine(manager);
    expect((await call(vigil, admin, "POST", `/api/notifications/${first.id}/read`)).statusCode).toBe(404);
    const read = await call(vigil, manager, "POST", `/api/notifications/${first.id}/read`);
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).toBe(vigil.clock.now.toISOString());
    const list = (await call(vigil, manager, "GET", "/api/notifications")).json();
    expect(list.unread).toBe(list.items.length - 1);
    const all = await call(vigil, manager, "POST", "/api/notifications/read-all");
    expect(all.json().marked).toBe(list.unread);
    expect((await call(vigil, manager, "GET", "/api/notifications?unread=true")).json().items).toEqual([]);
  });
});
