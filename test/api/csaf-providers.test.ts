import { readFileSync } from "node:fs";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { windRiverCsafVex } from "../../src/core/vex-import/supplier-documents.fixture";
import { fetchProvider } from "../../src/server/csaf-providers/fetch";
import { outboundAllowList } from "../../src/server/platform/net/outbound";
import { auditLog, csafProviderRevisions, vexSuggestions } from "../../src/server/platform/db/schema";
import { call, runDueJobs, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { startCsafProvider } from "../support/csaf-provider-server";
import { backends } from "../support/db";
import { fixture, requireFixtures } from "../support/fixtures";
import { npmLib, smallCycloneDx } from "./sbom-fixtures";

requireFixtures();

const sharedCsaf = (...parts: string[]) => readFileSync(fixture("csaf", ...parts), "utf8");
type Provider = { id: string; lastFetchAt: string | null; lastGoodFetchAt: string | null; lastError: string | null; problems: Array<{ path: string; reason: string }>; nextFetchAt: string | null; documentCount: number };
type Revision = { version: string; sha256: string; tlp: string | null; hashChecked: string; signature: string; appliedTo: Array<{ versionId: string; label: string }> };
type Doc = { trackingId: string; currentVersion: string; tlp: string | null; internal: boolean; revisions: Revision[] };

describe.each(await backends())("suppliers' CSAF providers on %s", (backend) => {
  let vigil: TestVigil;
  let officer: Session;
  let auditor: Session;
  let provider: Awaited<ReturnType<typeof startCsafProvider>>;
  let providerId = "";
  let versionId = "";
  let firstGoodFetch = "";

  const at = (iso: string) => {
    vigil.clock.now = new Date(iso);
  };
  const fetchNow = async () => {
    const res = await call(vigil, officer, "POST", `/api/csaf-providers/${providerId}/fetch`, {});
    expect(res.statusCode, res.body).toBe(202);
    await runDueJobs(vigil);
    return (await call(vigil, auditor, "GET", `/api/csaf-providers/${providerId}`)).json() as Provider;
  };
  const documents = async () => ((await call(vigil, auditor, "GET", `/api/csaf-providers/${providerId}/documents`)).json() as { items: Doc[] }).items;
  async function jquerySuggestions() {
    const list = (await call(vigil, officer, "GET", `/api/versions/${versionId}/findings?limit=50`)).json() as { items: Array<{ id: string; vulnerability: { id: string } }> };
    const finding = list.items.find((f) => f.vulnerability.id === "CVE-2020-11023");
    expect(finding, "the jQuery finding").toBeDefined();
    return ((await call(vigil, officer, "GET", `/api/findings/${finding!.id}/vex-suggestions`)).json() as { items: Array<{ status: string; revision: string | null; previousRevision: string | null }> }).items;
  }

  beforeAll(async () => {
    vigil = await startTestVigil(backend, { config: { webhookAllow: ["127.0.0.1"] } });
    officer = await signInAs(vigil, "security_officer");
    auditor = await signInAs(vigil, "auditor");
    const sbom = await vigil.app.inject({
      method: "POST",
      url: "/api/sboms?device=IS-300&version=9.7.0&createVersion=true&fileName=bom.cdx.json",
      payload: Buffer.from(smallCycloneDx([npmLib("jquery", "3.4.1")])),
      headers: { cookie: officer.cookie, "x-csrf-token": officer.csrf, "content-type": "application/octet-stream" },
    });
    expect(sbom.statusCode, sbom.body).toBeLessThan(300);
    versionId = (sbom.json() as { sbom: { softwareVersionId: string } }).sbom.softwareVersionId;
    const osv = readFileSync(fixture("osv", "records", "from-bundles", "GHSA-jpcq-cgw6-v4j6.json"));
    const imported = await call(vigil, officer, "POST", "/api/vulnerability-imports", { files: [{ name: "GHSA-jpcq-cgw6-v4j6.json", contentBase64: osv.toString("base64") }] });
    expect(imported.statusCode, imported.body).toBe(201);
    await runDueJobs(vigil);

    provider = await startCsafProvider();
    const amber = JSON.parse(sharedCsaf("oasis-examples", "csaf_vex", "2022-evd-uc-02-na-001.json"));
    amber.document.distribution = { tlp: { label: "AMBER" } };
    provider.documents.push(
      { json: sharedCsaf("oasis-examples", "csaf_vex", "2022-evd-uc-01-na-001.json"), tlp: "WHITE" },
      { json: JSON.stringify(windRiverCsafVex(1), null, 2), tlp: "WHITE" },
      { json: JSON.stringify(amber, null, 2), tlp: "AMBER" },
    );
  }, 300_000);
  afterAll(async () => {
    await provider?.stop().catch(() => {});
    await vigil?.stop();
  });

  test("registering a provider queues its first fetch: the directory and the ROLIE feed are read, hashes checked, documents validated and kept with their revision", async () => {
    at("2026-10-01T08:00:00.000Z");
    expect((await call(vigil, auditor, "POST", "/api/csaf-providers", { name: "Wind River", url: provider.metadataUrl })).statusCode).toBe(403);
    expect((await call(vigil, officer, "POST", "/api/csaf-providers", { name: "Wind River", url: "ftp://example.com/x" })).json()).toMatchObject({ error: { details: [expect.objectContaining({ path: "body/url" })] } });
    const created = await call(vigil, officer, "POST", "/api/csaf-providers", { name: "Wind River", url: provider.metadataUrl, intervalHours: 12 });
    expect(created.statusCode, created.body).toBe(201);
    providerId = (created.json() as Provider).id;
    expect((await call(vigil, officer, "POST", "/api/csaf-providers", { name: "Again", url: provider.metadataUrl })).statusCode).toBe(409);
    await runDueJobs(vigil);

    const p = (await call(vigil, auditor, "GET", `/api/csaf-providers/${providerId}`)).json() as Provider;
    expect(p).toMatchObject({ lastFetchAt: "2026-10-01T08:00:00.000Z", lastGoodFetchAt: "2026-10-01T08:00:00.000Z", lastError: null, problems: [], documentCount: 3, nextFetchAt: "2026-10-01T20:00:00.000Z" });
    firstGoodFetch = p.lastGoodFetchAt!;
    expect(provider.requests).toEqual(expect.arrayContaining(["/.well-known/csaf/white/index.txt", "/.well-known/csaf/amber/csaf-feed-tlp-amber.json"]));
    const docs = await documents();
    expect(docs.map((d) => [d.trackingId, d.currentVersion, d.tlp, d.internal]).sort()).toEqual([
      ["2022-EVD-UC-01-NA-001", "1", null, false],
      ["2022-EVD-UC-02-NA-001", "1", "AMBER", true],
      ["WRS-2026-0012", "1", "WHITE", false],
    ]);
    const wrs = docs.find((d) => d.trackingId === "WRS-2026-0012")!;
    expect(wrs.revisions).toEqual([expect.objectContaining({ version: "1", hashChecked: "sha256", signature: `valid (key ${provider.fingerprint.toLowerCase()})`, appliedTo: [{ versionId, label: "InfuSafe 300 infusion pump 9.7.0" }] })]);
    for (const d of docs) expect(d.revisions[0].signature).toMatch(/^valid \(key [0-9a-f]{40}\)$/);
    // The supplier's statement is a suggestion beside the finding of the version whose SBOM holds jQuery 3.4.1.
    expect(await jquerySuggestions()).toEqual([expect.objectContaining({ status: "under_investigation", revision: "1" })]);
  });

  test("a TLP:AMBER document stays internal: it is never part of Vigil's public CSAF provider", async () => {
    const white = await call(vigil, null, "GET", "/.well-known/csaf/white/index.txt");
    expect(white.statusCode).toBe(200);
    expect(white.body).not.toContain("2022-evd-uc-02-na-001");
    expect((await call(vigil, null, "GET", "/.well-known/csaf/amber/index.txt")).statusCode).toBe(404);
    expect((await call(vigil, null, "GET", `/api/csaf-providers/${providerId}/documents`)).statusCode).toBe(401);
    expect((await call(vigil, await signInAs(vigil, "customer"), "GET", `/api/csaf-providers/${providerId}/documents`)).statusCode).toBe(403);
  });

  test("an unchanged provider adds nothing; a changed revision is added to the document's history and updates the suggestion", async () => {
    at("2026-10-01T09:00:00.000Z");
    const [before] = await vigil.database.db.select({ n: count() }).from(csafProviderRevisions);
    expect(await fetchNow()).toMatchObject({ lastGoodFetchAt: "2026-10-01T09:00:00.000Z", documentCount: 3 });
    expect((await vigil.database.db.select({ n: count() }).from(csafProviderRevisions))[0].n).toBe(before.n);

    at("2026-10-02T08:00:00.000Z");
    provider.documents[1] = { json: JSON.stringify(windRiverCsafVex(3), null, 2), tlp: "WHITE" };
    expect(await fetchNow()).toMatchObject({ lastGoodFetchAt: "2026-10-02T08:00:00.000Z", lastError: null });
    const wrs = (await documents()).find((d) => d.trackingId === "WRS-2026-0012")!;
    expect(wrs.currentVersion).toBe("3");
    expect(wrs.revisions.map((r) => r.version)).toEqual(["3", "1"]);
    expect(await jquerySuggestions()).toEqual([expect.objectContaining({ status: "not_affected", revision: "3", previousRevision: "1" })]);
    firstGoodFetch = "2026-10-02T08:00:00.000Z";
  });

  test("a bad hash, a bad OpenPGP signature and an invalid document are refused with path and reason, reported on the provider, and change nothing", async () => {
    at("2026-10-03T08:00:00.000Z");
    const suggestionsBefore = await vigil.database.db.select().from(vexSuggestions);
    provider.documents.push(
      { json: sharedCsaf("oasis-examples", "bsi-2022-0001.json"), tlp: "WHITE", wrongSha256: true },
      { json: sharedCsaf("oasis-testfiles", "mandatory", "oasis_csaf_tc-csaf_2_0-2021-6-1-01-01.json"), tlp: "WHITE" },
      { json: sharedCsaf("oasis-examples", "csaf_vex", "2022-evd-uc-03-ms-001.json"), tlp: "WHITE", wrongSignature: true },
    );
    const p = await fetchNow();
    expect(p.lastFetchAt).toBe("2026-10-03T08:00:00.000Z");
    expect(p.lastGoodFetchAt).toBe(firstGoodFetch);
    expect(p.lastError).toMatch(/^3 documents refused \(/);
    expect(p.problems).toEqual(
      expect.arrayContaining([
        { path: "bsi-2022-0001.json", reason: expect.stringMatching(/^sha256 mismatch: the provider publishes [0-9a-f]{64}, the document hashes to [0-9a-f]{64}$/) },
        { path: expect.stringMatching(/^oasis_csaf_tc-csaf_2_0-2021-6-1-01-01\.json: /), reason: expect.stringMatching(/^mandatory test 6\.1\.1: /) },
        { path: "2022-evd-uc-03-ms-001.json", reason: "the OpenPGP signature does not verify with the provider's keys" },
      ]),
    );
    expect((await documents()).map((d) => d.trackingId).sort()).toEqual(["2022-EVD-UC-01-NA-001", "2022-EVD-UC-02-NA-001", "WRS-2026-0012"]);
    expect(await vigil.database.db.select().from(vexSuggestions)).toEqual(suggestionsBefore);
  });

  test("an unreachable provider is reported with the time of the last good fetch; a loopback provider needs the allow-list", async () => {
    const refused = await fetchProvider(vigil.database.db, providerId, { allow: outboundAllowList([]), now: new Date("2026-10-03T09:00:00.000Z") });
    expect(refused).toMatchObject({ reachable: false, problems: [{ path: "provider-metadata.json", reason: expect.stringContaining("VIGIL_WEBHOOK_ALLOW") }] });
    at("2026-10-04T08:00:00.000Z");
    await provider.stop();
    const p = await fetchNow();
    expect(p).toMatchObject({ lastFetchAt: "2026-10-04T08:00:00.000Z", lastGoodFetchAt: firstGoodFetch, lastError: expect.stringMatching(/^unreachable \(no answer/), documentCount: 3 });
    const audit = await vigil.database.db.select().from(auditLog).where(eq(auditLog.entityType, "csaf_provider"));
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["create", "request_fetch", "fetch"]));
  });

  test("removing a provider removes its documents and stops its fetches", async () => {
    expect((await call(vigil, auditor, "DELETE", `/api/csaf-providers/${providerId}`)).statusCode).toBe(403);
    expect((await call(vigil, officer, "DELETE", `/api/csaf-providers/${providerId}`)).statusCode).toBe(204);
    expect((await call(vigil, officer, "GET", `/api/csaf-providers/${providerId}`)).statusCode).toBe(404);
    expect((await vigil.database.db.select({ n: count() }).from(csafProviderRevisions))[0].n).toBe(0);
    expect((await call(vigil, officer, "GET", "/api/csaf-providers")).json()).toEqual({ items: [] });
  });
});
