import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { auditLog } from "../../src/server/audit/schema";
import { loadCatalog } from "../../src/server/catalog/load";
import { readStatementReference, unknownCatalogRefs } from "../../src/server/disclosure-statements/reference-data";
import { call, type Session, signInAs, startTestVigil, type TestVigil, signInAsOtherCustomer } from "../support/app";
import { backends } from "../support/db";

function pdfText(bytes: Buffer): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "vigil-statement-")), "statement.pdf");
  writeFileSync(file, bytes);
  return execFileSync("pdftotext", [file, "-"]).toString().replace(/\s+/g, " ");
}

const SECTION_TITLES = [
  "Management of personal data",
  "Automatic logoff",
  "Audit controls",
  "Authorization",
  "Cyber security product upgrades",
  "Health data de-identification",
  "Data backup and disaster recovery",
  "Emergency access",
  "Health data integrity and authenticity",
  "Malware detection/protection",
  "Node authentication",
  "Connectivity capabilities",
  "Person authentication",
  "Physical locks",
  "Third-party components in product lifecycle roadmaps (SBOM)",
  "System and application hardening",
  "Security guidance",
  "Health data storage confidentiality",
  "Transmission confidentiality and transmission integrity",
  "Remote service",
];

type Section = { id: string; title: string; prompt: string; answer: string | null; notes: string | null };
type View = {
  status: string;
  revision: number;
  publishedRevision: number | null;
  changedSincePublication: boolean;
  sections: Section[];
  unanswered: string[];
  responsibility: { rows: { area: string; manufacturer: string; operator: string; sources: string[] }[]; isDefault: boolean };
  revisions: { revision: number; publishedAt: string; sha256: string }[];
};
type Model = { id: string; name: string; modelNumber: string; versions: { id: string; version: string }[] };

test("the section list follows the MDS2 structure and every cited catalog ID exists", async () => {
  const reference = await readStatementReference();
  expect(reference.sections.sections.map((s) => s.title)).toEqual(SECTION_TITLES);
  expect(reference.sections.basis.join(" ")).toContain("MDCG 2019-16");
  expect(reference.responsibility.rows.length).toBeGreaterThan(5);
  expect(reference.responsibility.rows.every((r) => r.sources.some((s) => s.startsWith("MDCG 2019-16 rev.1 §2.6")))).toBe(true);
  expect(unknownCatalogRefs(reference, await loadCatalog())).toEqual([]);
});

describe.each(await backends())("security statements API on %s", (backend) => {
  let vigil: TestVigil;
  let psirt: Session;
  let contributor: Session;
  let lukas: Session;
  let noord: Session;
  let models: Model[];
  const versionId = (modelNumber: string, version: string) => {
    const id = models.find((m) => m.modelNumber === modelNumber)?.versions.find((v) => v.version === version)?.id;
    if (!id) throw new Error(`no ${modelNumber} ${version}`);
    return id;
  };
  const url = (id: string) => `/api/versions/${id}/security-statement`;
  const allAnswers = (ids: string[], prefix: string) => ids.map((sectionId, i) => ({ sectionId, answer: i % 2 ? "yes" : "see_note", notes: `${prefix} note for ${sectionId}` }));

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    vigil.clock.now = new Date("2026-11-23T10:00:00.000Z");
    psirt = await signInAs(vigil, "security_officer");
    contributor = await signInAs(vigil, "contributor");
    lukas = await signInAs(vigil, "customer");
    noord = await signInAsOtherCustomer(vigil);
    models = (await call(vigil, psirt, "GET", "/api/devices")).json();
  }, 300_000);
  afterAll(async () => vigil?.stop());

  test("the demo workspace publishes the statement of the InfuSafe 300 3.1.0 run at St. Lukas", async () => {
    const view: View = (await call(vigil, psirt, "GET", url(versionId("IS-300", "3.1.0")))).json();
    expect(view.status).toBe("published");
    expect(view.revision).toBe(1);
    expect(view.unanswered).toEqual([]);
    expect(view.sections.map((s) => s.title)).toEqual(SECTION_TITLES);
    expect(view.revisions).toHaveLength(1);
  });

  test("answers round-trip; a draft changes in place and cannot be published while sections are open", async () => {
    const id = versionId("VV-12", "6.0.0");
    const empty: View = (await call(vigil, psirt, "GET", url(id))).json();
    expect(empty).toMatchObject({ status: "draft", revision: 1, publishedRevision: null, revisions: [] });
    expect(empty.unanswered).toHaveLength(SECTION_TITLES.length);
    expect(empty.sections.every((s) => s.prompt.length > 10 && s.answer === null)).toBe(true);

    const saved = await call(vigil, psirt, "PUT", url(id), {
      answers: [
        { sectionId: "automatic-logoff", answer: "yes", notes: "  Locks after 10 minutes.\nAdjustable.  " },
        { sectionId: "remote-service", answer: "not_applicable" },
      ],
    });
    expect(saved.statusCode).toBe(200);
    const view: View = (await call(vigil, psirt, "GET", url(id))).json();
    expect(view.sections.find((s) => s.id === "automatic-logoff")).toMatchObject({ answer: "yes", notes: "Locks after 10 minutes.\nAdjustable." });
    expect(view.sections.find((s) => s.id === "remote-service")).toMatchObject({ answer: "not_applicable", notes: null });
    expect(view.unanswered).toHaveLength(SECTION_TITLES.length - 2);
    expect(view.revision).toBe(1);

    const refused = await call(vigil, psirt, "POST", `${url(id)}/publish`, {});
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe("statement_incomplete");
    expect(refused.json().error.details).toContainEqual({ path: "sections/audit-controls", message: "unanswered" });
    expect((await call(vigil, lukas, "GET", `/api/portal/versions/${id}/security-statement`)).statusCode).toBe(404);
  });

  test("bad answers are refused with the path of each problem, and nothing changes", async () => {
    const id = versionId("VV-12", "6.0.0");
    const before = (await call(vigil, psirt, "GET", url(id))).body;
    const bad = async (answers: unknown[]) => {
      const res = await call(vigil, psirt, "PUT", url(id), { answers });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe("validation_failed");
      return (res.json().error.details as { path: string }[]).map((d) => d.path);
    };
    expect(await bad([{ sectionId: "automatic-logoff", answer: "maybe" }])).toContain("body/answers/0/answer");
    expect(await bad([{ sectionId: "automatic-logoff", answer: "yes" }, { sectionId: "audit-controls", answer: "see_note" }])).toContain("body/answers/1/notes");
    expect(await bad([{ sectionId: "firewall-colour", answer: "yes" }])).toContain("body/answers/0/sectionId");
    expect(await bad([{ sectionId: "automatic-logoff", answer: "yes" }, { sectionId: "automatic-logoff", answer: "no" }])).toContain("body/answers/1/sectionId");
    expect(await bad([{ sectionId: "automatic-logoff", answer: "yes", notes: "x".repeat(4001) }])).toContain("body/answers/0/notes");
    expect(await bad([{ sectionId: "automatic-logoff", answer: "yes", notes: "bell \u0007" }])).toContain("body/answers/0/notes");
    expect(await bad([{ sectionId: "automatic-logoff", answer: "yes", extra: 1 }])).toContain("body/answers/0");
    expect((await call(vigil, psirt, "GET", url(id))).body).toBe(before);
    expect((await call(vigil, contributor, "PUT", url(id), { answers: [] })).statusCode).toBe(403);
    expect((await call(vigil, psirt, "GET", url("00000000-0000-4000-8000-000000000000"))).statusCode).toBe(404);
  });

  test("publishing freezes a revision: an edit starts the next one and the published bytes never change", async () => {
    const id = versionId("VV-12", "6.0.0");
    const ids = (await call(vigil, psirt, "GET", url(id))).json().sections.map((s: Section) => s.id);
    expect((await call(vigil, psirt, "PUT", url(id), { answers: allAnswers(ids, "First") })).statusCode).toBe(200);
    const published = await call(vigil, psirt, "POST", `${url(id)}/publish`, {});
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ status: "published", revision: 1, publishedRevision: 1, changedSincePublication: false });
    expect((await call(vigil, psirt, "POST", `${url(id)}/publish`, {})).statusCode).toBe(409);
    const first = await call(vigil, psirt, "GET", `${url(id)}/export?format=json`);
    expect(first.statusCode).toBe(200);
    expect(published.json().revisions[0].sha256).toBe(createHash("sha256").update(first.rawPayload).digest("hex"));

    vigil.clock.now = new Date("2026-11-23T11:00:00.000Z");
    const edited = await call(vigil, psirt, "PUT", url(id), { answers: allAnswers(ids, "Second") });
    expect(edited.json()).toMatchObject({ status: "draft", revision: 2, publishedRevision: 1, changedSincePublication: true });
    // A second edit of the new draft stays revision 2.
    const again = await call(vigil, psirt, "PUT", url(id), { answers: allAnswers(ids, "Second") });
    expect(again.json().revision).toBe(2);
    // Until it is published, downloads and the customers keep revision 1, byte for byte.
    expect((await call(vigil, psirt, "GET", `${url(id)}/export?format=json`)).body).toBe(first.body);
    expect(JSON.parse(first.body).sections[0].notes).toMatch(/^First note/);

    const second = await call(vigil, psirt, "POST", `${url(id)}/publish`, {});
    expect(second.json()).toMatchObject({ status: "published", revision: 2, publishedRevision: 2 });
    expect(second.json().revisions.map((r: { revision: number }) => r.revision)).toEqual([2, 1]);
    const latest = JSON.parse((await call(vigil, psirt, "GET", `${url(id)}/export?format=json`)).body);
    expect(latest).toMatchObject({ revision: 2, publishedAt: "2026-11-23T11:00:00.000Z" });
    expect(latest.sections[0].notes).toMatch(/^Second note/);
    expect((await call(vigil, psirt, "GET", `${url(id)}/export?format=json&revision=1`)).body).toBe(first.body);
    expect((await call(vigil, psirt, "GET", `${url(id)}/export?format=json&revision=7`)).statusCode).toBe(404);

    const audit = await vigil.database.db.select().from(auditLog).where(and(eq(auditLog.entityType, "security_statement"), eq(auditLog.action, "publish")));
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });

  test("the JSON export names the device model, version, revision, publication date and every section", async () => {
    const id = versionId("IS-300", "3.1.0");
    const res = await call(vigil, psirt, "GET", `${url(id)}/export?format=json`);
    expect(res.headers["content-type"]).toMatch(/application\/json/);
    expect(res.headers["content-disposition"]).toBe('attachment; filename="security-statement-is-300-3.1.0-r1.json"');
    const doc = res.json();
    expect(doc).toMatchObject({
      document: "Manufacturer disclosure statement for medical device security",
      manufacturer: "Demo Medical GmbH",
      deviceModel: { name: "InfuSafe 300 infusion pump", modelNumber: "IS-300" },
      softwareVersion: { id, version: "3.1.0" },
      revision: 1,
      status: "published",
      publishedAt: expect.stringMatching(/T09:00:00\.000Z$/),
    });
    // The demo publishes it some weeks before the day the workspace is created, not on a fixed date.
    const ageDays = (Date.now() - Date.parse(doc.publishedAt)) / 86_400_000;
    expect(ageDays).toBeGreaterThan(7);
    expect(ageDays).toBeLessThan(120);
    expect(doc.structure).toContain("MDS2");
    expect(doc.sections).toHaveLength(SECTION_TITLES.length);
    for (const s of doc.sections) {
      expect(Object.keys(s).sort()).toEqual(["answer", "id", "notes", "title"]);
      expect(["yes", "no", "not_applicable", "see_note"]).toContain(s.answer);
    }
    expect(doc.sharedResponsibility.length).toBeGreaterThan(5);
    expect(Object.keys(doc.sharedResponsibility[0]).sort()).toEqual(["area", "manufacturer", "operator", "sources"]);
  });

  test("the PDF names every section, the answers and the shared responsibility", async () => {
    const res = await call(vigil, psirt, "GET", `${url(versionId("IS-300", "3.1.0"))}/export?format=pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    const text = pdfText(res.rawPayload);
    for (const title of SECTION_TITLES) expect(text).toContain(title);
    expect(text).toContain("InfuSafe 300 infusion pump 3.1.0");
    const { publishedAt } = (await call(vigil, psirt, "GET", `${url(versionId("IS-300", "3.1.0"))}/export?format=json`)).json();
    expect(text).toContain(`Revision 1, published ${publishedAt.slice(0, 10)}`);
    expect(text).toContain("The pump has no remote service access");
    expect(text).toContain("Shared responsibility");
    expect(text).toContain("Hospital / operator");

    const draft = await call(vigil, psirt, "GET", `${url(versionId("CL-GW", "1.8.0"))}/export?format=pdf`);
    expect(draft.statusCode).toBe(200);
    expect(draft.headers["content-disposition"]).toContain("-draft.pdf");
    expect(pdfText(draft.rawPayload)).toContain("DRAFT");
  });

  test("the responsibility matrix starts from the defaults, is stored per model and goes into the next publication", async () => {
    const pumpModel = models.find((m) => m.modelNumber === "IS-300")!;
    const matrixUrl = `/api/devices/${pumpModel.id}/shared-responsibility`;
    const defaults = (await call(vigil, psirt, "GET", matrixUrl)).json();
    expect(defaults.isDefault).toBe(true);
    expect(defaults.rows).toEqual(defaults.defaults);
    const rows = [...defaults.rows.slice(0, 2), { area: "Infusion data on the gateway", manufacturer: "Keeps the gateway patched.", operator: "Restricts gateway access to biomedical engineering.", sources: [] }];
    const saved = await call(vigil, psirt, "PUT", matrixUrl, { rows });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ isDefault: false, rows });
    expect((await call(vigil, psirt, "PUT", matrixUrl, { rows: [{ area: "", manufacturer: "x", operator: "y" }] })).json().error.details).toContainEqual(
      expect.objectContaining({ path: "body/rows/0/area" }),
    );
    expect((await call(vigil, contributor, "PUT", matrixUrl, { rows })).statusCode).toBe(403);

    // The published revision keeps the matrix it was published with; the next revision carries the new one.
    const id = versionId("IS-300", "3.1.0");
    const published = JSON.parse((await call(vigil, psirt, "GET", `${url(id)}/export?format=json`)).body);
    expect(published.sharedResponsibility).toEqual(defaults.defaults);
    const view: View = (await call(vigil, psirt, "GET", url(id))).json();
    expect(view.responsibility.rows).toEqual(rows);
    const answers = view.sections.map((s) => ({ sectionId: s.id, answer: s.answer, notes: s.notes }));
    await call(vigil, psirt, "PUT", url(id), { answers });
    expect((await call(vigil, psirt, "POST", `${url(id)}/publish`, {})).statusCode).toBe(200);
    const next = JSON.parse((await call(vigil, lukas, "GET", `/api/portal/versions/${id}/security-statement/export?format=json`)).body);
    expect(next.revision).toBe(2);
    expect(next.sharedResponsibility).toEqual(rows);
  });

  test("a customer gets published statements of versions installed at its own sites only", async () => {
    const pump = versionId("IS-300", "3.1.0");
    const list = (await call(vigil, lukas, "GET", "/api/portal/security-statements")).json();
    expect(list.map((s: { deviceModel: string; version: string }) => `${s.deviceModel} ${s.version}`)).toContain("InfuSafe 300 infusion pump 3.1.0");
    // VitaView 6.0.0 is installed at St. Lukas and published by an earlier test; VitaView 5.0.2 runs only at Noord.
    expect(list.map((s: { versionId: string }) => s.versionId)).toContain(versionId("VV-12", "6.0.0"));

    const one = await call(vigil, lukas, "GET", `/api/portal/versions/${pump}/security-statement`);
    expect(one.statusCode).toBe(200);
    expect(one.json().statement.deviceModel.modelNumber).toBe("IS-300");
    const pdf = await call(vigil, lukas, "GET", `/api/portal/versions/${pump}/security-statement/export?format=pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdfText(pdf.rawPayload)).toContain("Remote service");

    // Another hospital: the pump 3.1.0 is not installed there.
    expect((await call(vigil, noord, "GET", `/api/portal/versions/${pump}/security-statement`)).statusCode).toBe(404);
    expect((await call(vigil, noord, "GET", `/api/portal/versions/${pump}/security-statement/export?format=pdf`)).statusCode).toBe(404);
    expect((await call(vigil, noord, "GET", "/api/portal/security-statements")).json()).toEqual([]);

    // Published but installed only at Noord.
    const monitorOld = versionId("VV-12", "5.0.2");
    const ids = (await call(vigil, psirt, "GET", url(monitorOld))).json().sections.map((s: Section) => s.id);
    await call(vigil, psirt, "PUT", url(monitorOld), { answers: allAnswers(ids, "Old monitor") });
    expect((await call(vigil, psirt, "POST", `${url(monitorOld)}/publish`, {})).statusCode).toBe(200);
    expect((await call(vigil, lukas, "GET", `/api/portal/versions/${monitorOld}/security-statement`)).statusCode).toBe(404);
    expect((await call(vigil, noord, "GET", `/api/portal/versions/${monitorOld}/security-statement`)).statusCode).toBe(200);

    // Installed at St. Lukas but never published.
    expect((await call(vigil, lukas, "GET", `/api/portal/versions/${versionId("CL-GW", "1.8.0")}/security-statement`)).statusCode).toBe(404);
    // Workspace routes stay closed to customers.
    expect((await call(vigil, lukas, "GET", url(pump))).statusCode).toBe(403);
  });
});
