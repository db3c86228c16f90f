import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";

type Product = { softwareVersionId: string; product: string; version: string };

/** Issue 21: no form or API default asserts a fact, and what is published is exactly what was saved. */
describe.each(await backends())("advisories people can trust on %s", (backend) => {
  let vigil: TestVigil;
  let psirt: Session;
  let lukas: Session;
  let auditor: Session;
  let pump: string;

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    vigil.clock.now = new Date("2026-12-06T10:00:00.000Z");
    psirt = await signInAs(vigil, "security_officer");
    lukas = await signInAs(vigil, "customer");
    auditor = await signInAs(vigil, "auditor");
    const products = (await call(vigil, psirt, "GET", "/api/advisories/products")).json() as Product[];
    pump = products.find((p) => p.product.startsWith("InfuSafe") && p.version === "3.1.0")!.softwareVersionId;
  }, 300_000);
  afterAll(async () => vigil?.stop());

  const vulnerability = (extra: Record<string, unknown> = {}) => ({
    cve: "CVE-2026-81001",
    description: "Update packages signed with an expired key are installed.",
    productStatus: [{ softwareVersionId: pump, status: "affected" }],
    ...extra,
  });
  const complete = () => ({
    patientSafetyImpact: "A tampered update could change infusion rates.",
    remediations: [{ category: "workaround", details: "Install updates only from the service portal.", softwareVersionIds: [pump] }],
  });
  const body = (trackingId: string, extra: Record<string, unknown> = {}) => ({
    trackingId,
    title: "Update signature check in InfuSafe 300",
    summary: "The pump accepts update packages signed with an expired key.",
    products: [{ softwareVersionId: pump }],
    vulnerabilities: [vulnerability(complete())],
    ...extra,
  });
  const auditCount = async () => (await call(vigil, auditor, "GET", "/api/audit?limit=1")).json().total as number;

  test("a new advisory without TLP or status is a TLP:AMBER draft, not a public final one", async () => {
    const res = await call(vigil, psirt, "POST", "/api/advisories", body("DM-SA-2026-T01"));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ tlp: "AMBER", documentStatus: "draft", published: false });
  });

  test("a Final advisory without patient-safety impact and customer action is refused naming both fields, and nothing is stored", async () => {
    const before = await auditCount();
    const res = await call(vigil, psirt, "POST", "/api/advisories", body("DM-SA-2026-T02", { documentStatus: "final", vulnerabilities: [vulnerability()] }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toEqual(
      expect.arrayContaining([
        { path: "body/vulnerabilities/0/patientSafetyImpact", message: "a final advisory states the patient-safety impact" },
        { path: "body/vulnerabilities/0/remediations", message: "a final advisory tells customers what to do (a remediation)" },
      ]),
    );
    expect(await auditCount()).toBe(before);
    const list = (await call(vigil, psirt, "GET", "/api/advisories")).json() as Array<{ trackingId: string }>;
    expect(list.map((a) => a.trackingId)).not.toContain("DM-SA-2026-T02");
  });

  test("publication is of the working copy that was reviewed: a later save refuses it, the saved text is what gets published", async () => {
    const created = await call(vigil, psirt, "POST", "/api/advisories", body("DM-SA-2026-T03", { documentStatus: "final", tlp: "WHITE" }));
    expect(created.statusCode, created.body).toBe(201);
    const { id, updatedAt: reviewed } = created.json();
    vigil.clock.now = new Date("2026-12-06T10:05:00.000Z");
    const edited = await call(vigil, psirt, "PUT", `/api/advisories/${id}`, body("DM-SA-2026-T03", { documentStatus: "final", tlp: "WHITE", summary: "Corrected summary." }));
    expect(edited.statusCode, edited.body).toBe(200);

    const stale = await call(vigil, psirt, "POST", `/api/advisories/${id}/publish`, { summary: "Initial public release.", workingCopyUpdatedAt: reviewed });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.details[0].path).toBe("body/workingCopyUpdatedAt");
    expect((await call(vigil, psirt, "GET", `/api/advisories/${id}`)).json()).toMatchObject({ published: false, revisions: [] });

    const current = await call(vigil, psirt, "POST", `/api/advisories/${id}/publish`, { summary: "Initial public release.", workingCopyUpdatedAt: edited.json().updatedAt });
    expect(current.statusCode, current.body).toBe(200);
    const csaf = (await call(vigil, psirt, "GET", `/api/advisories/${id}/export?format=csaf`)).json();
    expect(csaf.document.notes.map((n: { text: string }) => n.text)).toContain("Corrected summary.");
    // A later revision says what changed instead of repeating "Initial public release.".
    const again = await call(vigil, psirt, "PUT", `/api/advisories/${id}`, body("DM-SA-2026-T03", { documentStatus: "final", tlp: "WHITE", summary: "Second correction." }));
    expect(again.statusCode, again.body).toBe(200);
    const unsaid = await call(vigil, psirt, "POST", `/api/advisories/${id}/publish`, {});
    expect(unsaid.statusCode).toBe(400);
    expect(unsaid.json().error.details).toEqual([{ path: "body/summary", message: "required after the first revision" }]);
    expect(csaf.document.references).toContainEqual(expect.objectContaining({ category: "self", url: "http://vigil.test/.well-known/csaf/white/2026/dm-sa-2026-t03.json" }));
  }, 60_000);

  test("an acknowledgement states its status and units explicitly; a missing one is a 400 naming the field and records nothing", async () => {
    const demo = (await call(vigil, lukas, "GET", "/api/portal/advisories")).json().find((a: { trackingId: string }) => a.trackingId === "DMG-SA-2026-001");
    const site = (await call(vigil, lukas, "GET", `/api/portal/advisories/${demo.id}`)).json().sites[0];
    const url = `/api/portal/advisories/${demo.id}/acknowledgements`;
    for (const [payload, field] of [
      [{ siteId: site.siteId, unitsPatched: 0 }, "status"],
      [{ siteId: site.siteId, status: "received" }, "unitsPatched"],
    ] as const) {
      const res = await call(vigil, lukas, "PUT", url, payload);
      expect(res.statusCode, field).toBe(400);
      expect(JSON.stringify(res.json().error), field).toContain(field);
    }
    expect((await call(vigil, lukas, "GET", `/api/portal/advisories/${demo.id}`)).json().sites[0].acknowledgement).toBeNull();
    const received = await call(vigil, lukas, "PUT", url, { siteId: site.siteId, status: "received", unitsPatched: 0 });
    expect(received.statusCode, received.body).toBe(200);
    expect(received.json()).toMatchObject({ status: "received", unitsPatched: 0 });

    // Receiving is not acting: the advisory still needs action at that site until it is patched.
    const listed = async () => (await call(vigil, lukas, "GET", "/api/portal/advisories")).json().find((a: { id: string }) => a.id === demo.id);
    expect(await listed()).toMatchObject({
      severity: { score: 4.3, severity: "medium" },
      devices: ["CareLink clinical gateway 1.8.0"],
      actionNeeded: true,
      sites: [{ siteId: site.siteId, site: site.site, units: site.units, devices: ["CareLink clinical gateway 1.8.0"], actionNeeded: true }],
    });
    expect((await listed()).installationIds).toHaveLength(1);
    const patched = await call(vigil, lukas, "PUT", url, { siteId: site.siteId, status: "patched", unitsPatched: site.units });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(await listed()).toMatchObject({ actionNeeded: false, sites: [{ actionNeeded: false }] });
  });

  test("the public CSAF folders are server-generated listings and the published advisories a readable page, all without signing in", async () => {
    const get = (url: string) => vigil.app.inject({ method: "GET", url });
    const root = await get("/.well-known/csaf/");
    expect(root.statusCode).toBe(200);
    expect(root.headers["content-type"]).toMatch(/^text\/html/);
    expect(root.body).toContain('<a href="provider-metadata.json">');
    expect(root.body).toContain('<a href="white/">');
    expect(root.body).not.toContain("<script");
    // The folder is the year of each advisory's first release: the demo's is dated relative to the seeding day.
    const index = (await get("/.well-known/csaf/white/index.txt")).body.split("\n");
    const yearOf = (file: string) => index.find((line) => line.endsWith(`/${file}`))!.slice(0, 4);
    const demoYear = yearOf("dmg-sa-2026-001.json");
    const white = await get("/.well-known/csaf/white/");
    expect(white.statusCode).toBe(200);
    for (const name of [`${demoYear}/`, "index.txt", "changes.csv", "csaf-feed-tlp-white.json"]) expect(white.body).toContain(`<a href="${name}">`);
    const year = await get(`/.well-known/csaf/white/${demoYear}/`);
    expect(year.statusCode).toBe(200);
    for (const name of ["dmg-sa-2026-001.json", "dmg-sa-2026-001.json.sha256", "dmg-sa-2026-001.json.sha512"]) expect(year.body).toContain(`<a href="${name}">`);
    expect((await get(`/.well-known/csaf/white/${yearOf("dm-sa-2026-t03.json")}/`)).body).toContain('<a href="dm-sa-2026-t03.json">');
    // Every listed file is served.
    for (const name of ["dmg-sa-2026-001.json", "dmg-sa-2026-001.json.sha256"]) expect((await get(`/.well-known/csaf/white/${demoYear}/${name}`)).statusCode).toBe(200);
    for (const url of ["/.well-known/csaf/amber/", "/.well-known/csaf/white/1999/", "/.well-known/csaf/white/abcd/"]) expect((await get(url)).statusCode, url).toBe(404);

    const list = await get("/security-advisories");
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain("DMG-SA-2026-001");
    expect(list.body).toContain("DM-SA-2026-T03");
    expect(list.body).toContain(`href="/.well-known/csaf/white/${demoYear}/dmg-sa-2026-001.json"`);
    expect(list.body).not.toContain("DM-SA-2026-T01"); // an unpublished AMBER draft
  });
});
