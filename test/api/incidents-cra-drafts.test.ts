import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, runDueJobs, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";
import { pdfText } from "../support/pdf";
import { smallCycloneDx } from "./sbom-fixtures";

type Section = { id: string; heading: string; text: string; complete: boolean; source: string; confidence: string };
type Draft = { regime: string; case: string; stage: string; basis: string; title: string; addressee: { csirt: string; authority: string; submissionChannel: string }; fields: { label: string; value: string }[]; sections: Section[]; missing: string[] };
type Model = { id: string; modelNumber: string };

const log4j = { type: "library", "bom-ref": "log4j", name: "log4j-core", version: "2.14.1", purl: "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1" };

/** FleetView (non-device software, CRA scope) with Log4Shell, which the demo lists in KEV, and a severe incident on it. */
describe.each(await backends())("CRA Art. 14 report drafts on %s", (backend) => {
  let vigil: TestVigil;
  let officer: Session;
  let manager: Session;
  let auditor: Session;
  let contributor: Session;
  let fleet: Model;
  let exploited: { id: string; reference: string };
  let severe: string;
  let plain: string;

  const draft = async (who: Session, id: string, stage: string, suffix = "") => call(vigil, who, "GET", `/api/incidents/${id}/cra/drafts/${stage}${suffix}`);
  const section = (d: Draft, id: string) => d.sections.find((s) => s.id === id)!;

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    vigil.clock.now = new Date("2026-12-06T09:00:00Z");
    officer = await signInAs(vigil, "security_officer");
    manager = await signInAs(vigil, "incident_manager");
    auditor = await signInAs(vigil, "auditor");
    contributor = await signInAs(vigil, "contributor");
    fleet = ((await call(vigil, officer, "GET", "/api/devices")).json() as Model[]).find((m) => m.modelNumber === "FV-FM")!;
    const sbom = await vigil.app.inject({
      method: "POST",
      url: "/api/sboms?device=FV-FM&version=4.2.0&fileName=bom.cdx.json",
      payload: Buffer.from(smallCycloneDx([log4j])),
      headers: { cookie: officer.cookie, "x-csrf-token": officer.csrf, "content-type": "application/octet-stream" },
    });
    expect(sbom.statusCode, sbom.body).toBeLessThan(300);
    await runDueJobs(vigil);
    const proposal = ((await call(vigil, officer, "GET", "/api/cra/proposals")).json() as { case: string; findingId: string }[]).find((p) => p.case === "exploited_vulnerability")!;
    const opened = await call(vigil, manager, "POST", "/api/cra/cases", { findingId: proposal.findingId, awareAt: "2026-12-06T08:00:00Z", memberStates: ["AT", "DE"] });
    expect(opened.statusCode, opened.body).toBe(201);
    exploited = opened.json();

    const declare = async (title: string, facts: Record<string, unknown>) => {
      const res = await call(vigil, manager, "POST", "/api/incidents", {
        title,
        detectedAt: "2026-12-05T10:00:00Z",
        awareAt: "2026-12-05T10:00:00Z",
        affectedDeviceModelIds: [fleet.id],
        facts: { memberStatesAffected: [], ...facts },
      });
      expect(res.statusCode, res.body).toBe(201);
      return (res.json() as { id: string }).id;
    };
    severe = await declare("FleetView update server encrypted by ransomware", {});
    const set = await call(vigil, manager, "PUT", `/api/incidents/${severe}/cra`, { case: "severe_incident", productId: fleet.id, memberStates: [] });
    expect(set.statusCode, set.body).toBe(200);
    plain = await declare("Phishing e-mail reported by the service desk", { suspectedMalicious: true });
  });
  afterAll(async () => vigil?.stop());

  test("the exploited vulnerability's early warning carries the Member States of the case, addressed to the coordinating CSIRT and ENISA", async () => {
    const res = await draft(officer, exploited.id, "early_warning");
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json() as Draft;
    expect(d).toMatchObject({ regime: "cra", case: "exploited_vulnerability", stage: "early_warning", basis: "CRA Art. 14(2)(a)" });
    expect(section(d, "member_states")).toMatchObject({ complete: true, source: "Art. 14(2)(a)", confidence: "V2" });
    expect(section(d, "member_states").text).toMatch(/AT, DE/);
    expect(d.missing).toEqual([]);
    expect(d.fields.find((f) => f.label === "Vulnerability")?.value).toMatch(/CVE-2021-44228/);
    expect(d.addressee.authority).toBe("ENISA");
    expect(d.addressee.csirt).toMatch(/national CSIRT of DE/);
    expect(d.addressee.submissionChannel).toMatch(/Single reporting platform/);
  });

  test("the vulnerability notification fills the product and the vulnerability and lists what is to be confirmed; recording sensitivity fills it", async () => {
    let d = (await draft(officer, exploited.id, "vulnerability_notification")).json() as Draft;
    expect(section(d, "product").text).toMatch(/FleetView device fleet manager/);
    expect(section(d, "exploit_and_vulnerability").text).toMatch(/CVE-2021-44228[\s\S]*log4j-core 2\.14\.1[\s\S]*Known Exploited Vulnerabilities/);
    expect(d.missing).toEqual(["measures_taken", "user_measures", "sensitivity"]);
    expect(section(d, "sensitivity").text).toMatch(/^\[to be confirmed: /);

    const blank = await call(vigil, manager, "PUT", `/api/incidents/${exploited.id}/cra`, { case: "exploited_vulnerability", productId: fleet.id, sensitivity: "   " });
    expect(blank.statusCode).toBe(400);
    expect(JSON.stringify(blank.json().error.details)).toMatch(/sensitivity/);
    const set = await call(vigil, manager, "PUT", `/api/incidents/${exploited.id}/cra`, { case: "exploited_vulnerability", productId: fleet.id, sensitivity: "TLP:AMBER until the update is rolled out" });
    expect(set.statusCode, set.body).toBe(200);
    d = (await draft(officer, exploited.id, "vulnerability_notification")).json() as Draft;
    expect(section(d, "sensitivity")).toMatchObject({ complete: true, text: "TLP:AMBER until the update is rolled out" });
    expect(d.missing).toEqual(["measures_taken", "user_measures"]);
  });

  test("the severe incident's early warning keeps an unknown malicious suspicion to be confirmed", async () => {
    const d = (await draft(officer, severe, "early_warning")).json() as Draft;
    expect(d).toMatchObject({ case: "severe_incident", basis: "CRA Art. 14(4)(a)" });
    expect(d.missing).toEqual(["malicious", "member_states"]);
    expect(section(d, "malicious").text).toMatch(/^\[to be confirmed: suspected unlawful or malicious act\]$/);
  });

  test("JSON and PDF exports: attachment, audited download, the PDF lists the points still to be confirmed", async () => {
    const json = await draft(auditor, severe, "final_report", "/json");
    expect(json.statusCode, json.body).toBe(200);
    expect(json.headers["content-disposition"]).toMatch(/attachment.*-cra-final_report\.json/);
    expect((JSON.parse(json.body) as Draft).basis).toBe("CRA Art. 14(4)(c)");

    const pdf = await draft(auditor, exploited.id, "early_warning", "/pdf");
    expect(pdf.statusCode, pdf.body).toBe(200);
    expect(pdf.headers["content-type"]).toMatch(/application\/pdf/);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    const severePdf = await draft(auditor, severe, "incident_notification", "/pdf");
    const text = pdfText(severePdf.rawPayload);
    if (text !== null) {
      expect(text).toMatch(/Incident notification — severe incident/);
      expect(text).toMatch(/CRA Art\. 14\(4\)\(b\)/);
      expect(text).toMatch(/\[to be confirmed: how sensitive the information is\]/);
      expect(text).toMatch(/Still to complete before submission/);
    }
    const audit = (await call(vigil, await signInAs(vigil, "admin"), "GET", "/api/audit?entityType=file&limit=500")).json();
    const entries = (audit.entries ?? audit) as { action: string; after: { route: string } }[];
    expect(entries.find((e) => e.after?.route === "/api/incidents/:id/cra/drafts/:stage/pdf")).toMatchObject({ action: "download" });

    expect((await draft(contributor, exploited.id, "early_warning", "/pdf")).statusCode).toBe(403);
    expect((await draft(contributor, exploited.id, "early_warning")).statusCode).toBe(200);
  });

  test("404 for an incident without a CRA case or an unknown incident, 400 naming the stage that is not the case kind's", async () => {
    const none = await draft(officer, plain, "early_warning");
    expect(none.statusCode).toBe(404);
    expect(none.json().error.message).toMatch(/CRA case of incident .* not found/);
    expect((await draft(officer, "no-such-incident", "early_warning")).statusCode).toBe(404);

    const wrongKind = await draft(officer, exploited.id, "incident_notification");
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().error.details).toEqual([
      { path: "params/stage", message: expect.stringMatching(/not a report stage of a CRA exploited vulnerability case; its stages are early_warning, vulnerability_notification, final_report/) },
    ]);
    expect((await draft(officer, severe, "vulnerability_notification", "/pdf")).statusCode).toBe(400);
    expect((await draft(officer, severe, "user_notification")).statusCode).toBe(400);
  });
});
