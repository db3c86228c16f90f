import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { strToU8, zipSync } from "fflate";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { windRiverCsafVex } from "../../src/core/vex-import/supplier-documents.fixture";
import { auditLog, csafProviderRevisions, vexSuggestions } from "../../src/server/platform/db/schema";
import { call, runDueJobs, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";
import { fixture, requireFixtures } from "../support/fixtures";
import { multipartForm, postMultipart } from "../support/multipart-form";
import { npmLib, smallCycloneDx } from "./sbom-fixtures";

requireFixtures();

const sharedCsaf = (...parts: string[]) => readFileSync(fixture("csaf", ...parts), "utf8");
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const wrs = (revision: number) => JSON.stringify(windRiverCsafVex(revision), null, 2);

function zipOf(entries: Record<string, string>): Buffer {
  return Buffer.from(zipSync(Object.fromEntries(Object.entries(entries).map(([name, text]) => [name, strToU8(text)]))));
}

type Doc = { trackingId: string; currentVersion: string; tlp: string | null; internal: boolean; revisions: Array<{ version: string; hashChecked: string; signature: string; appliedTo: Array<{ versionId: string }> }> };

describe.each(await backends())("CSAF providers of kind upload on %s", (backend) => {
  let vigil: TestVigil;
  let officer: Session;
  let auditor: Session;
  let providerId = "";
  let versionId = "";

  const upload = (session: Session, files: Array<{ name: string; content: Buffer }>) =>
    postMultipart(vigil, session, `/api/csaf-providers/${providerId}/documents`, multipartForm(files.map((f) => ({ field: "files", ...f }))));
  const documents = async () => ((await call(vigil, auditor, "GET", `/api/csaf-providers/${providerId}/documents`)).json() as { items: Doc[] }).items;
  const revisionCount = async () => (await vigil.database.db.select({ n: count() }).from(csafProviderRevisions))[0].n;
  async function jquerySuggestions() {
    const list = (await call(vigil, officer, "GET", `/api/versions/${versionId}/findings?limit=50`)).json() as { items: Array<{ id: string; vulnerability: { id: string } }> };
    const finding = list.items.find((f) => f.vulnerability.id === "CVE-2020-11023")!;
    return ((await call(vigil, officer, "GET", `/api/findings/${finding.id}/vex-suggestions`)).json() as { items: Array<{ status: string; revision: string | null; previousRevision: string | null }> }).items;
  }

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    officer = await signInAs(vigil, "security_officer");
    auditor = await signInAs(vigil, "auditor");
    const sbom = await vigil.app.inject({
      method: "POST",
      url: "/api/sboms?device=IS-300&version=9.8.0&createVersion=true&fileName=bom.cdx.json",
      payload: Buffer.from(smallCycloneDx([npmLib("jquery", "3.4.1")])),
      headers: { cookie: officer.cookie, "x-csrf-token": officer.csrf, "content-type": "application/octet-stream" },
    });
    expect(sbom.statusCode, sbom.body).toBeLessThan(300);
    versionId = (sbom.json() as { sbom: { softwareVersionId: string } }).sbom.softwareVersionId;
    const osv = readFileSync(fixture("osv", "records", "from-bundles", "GHSA-jpcq-cgw6-v4j6.json"));
    expect((await call(vigil, officer, "POST", "/api/vulnerability-imports", { files: [{ name: "GHSA-jpcq-cgw6-v4j6.json", contentBase64: osv.toString("base64") }] })).statusCode).toBe(201);
    await runDueJobs(vigil);
  }, 300_000);
  afterAll(async () => vigil?.stop());

  test("an upload provider has no URL and nothing to fetch", async () => {
    const noUrl = await call(vigil, officer, "POST", "/api/csaf-providers", { name: "Metadata without URL" });
    expect(noUrl.json()).toMatchObject({ error: { details: [expect.objectContaining({ path: "body/url" })] } });
    expect((await call(vigil, officer, "POST", "/api/csaf-providers", { name: "x", kind: "upload", url: "https://example.com/provider-metadata.json" })).statusCode).toBe(400);
    expect((await call(vigil, auditor, "POST", "/api/csaf-providers", { name: "Wind River (uploads)", kind: "upload" })).statusCode).toBe(403);
    const created = await call(vigil, officer, "POST", "/api/csaf-providers", { name: "Wind River (uploads)", kind: "upload" });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ kind: "upload", url: null, nextFetchAt: null, documentCount: 0 });
    providerId = (created.json() as { id: string }).id;
    expect((await call(vigil, officer, "POST", `/api/csaf-providers/${providerId}/fetch`, {})).statusCode).toBe(409);
  });

  test("a zip of a provider directory is validated, hash-checked where it carries hashes, stored with TLP and revision, and feeds suggestions", async () => {
    const amber = JSON.parse(sharedCsaf("oasis-examples", "csaf_vex", "2022-evd-uc-02-na-001.json"));
    amber.document.distribution = { tlp: { label: "AMBER" } };
    const zip = zipOf({
      "provider-metadata.json": JSON.stringify({ canonical_url: "https://psirt.example.com/.well-known/csaf/provider-metadata.json", metadata_version: "2.0" }),
      "white/2026/wrs-2026-0012.json": wrs(1),
      "white/2026/wrs-2026-0012.json.sha256": `${sha256(wrs(1))}  wrs-2026-0012.json\n`,
      "white/2022/2022-evd-uc-01-na-001.json": sharedCsaf("oasis-examples", "csaf_vex", "2022-evd-uc-01-na-001.json"),
      "amber/2022/2022-evd-uc-02-na-001.json": JSON.stringify(amber),
    });
    expect((await upload(auditor, [{ name: "wind-river.zip", content: zip }])).statusCode).toBe(403);
    const res = await upload(officer, [{ name: "wind-river.zip", content: zip }]);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({ documents: 3, added: 3, unchanged: 0, skipped: ["wind-river.zip!provider-metadata.json"] });
    const docs = await documents();
    expect(docs.map((d) => [d.trackingId, d.currentVersion, d.tlp, d.internal]).sort()).toEqual([
      ["2022-EVD-UC-01-NA-001", "1", null, false],
      ["2022-EVD-UC-02-NA-001", "1", "AMBER", true],
      ["WRS-2026-0012", "1", "WHITE", false],
    ]);
    const wrsDoc = docs.find((d) => d.trackingId === "WRS-2026-0012")!;
    expect(wrsDoc.revisions).toEqual([expect.objectContaining({ version: "1", hashChecked: "sha256", appliedTo: [expect.objectContaining({ versionId })] })]);
    expect(docs.find((d) => d.trackingId === "2022-EVD-UC-01-NA-001")!.revisions[0].hashChecked).toBe("none published in the upload");
    expect(await jquerySuggestions()).toEqual([expect.objectContaining({ status: "under_investigation", revision: "1" })]);
    expect((await call(vigil, auditor, "GET", `/api/csaf-providers/${providerId}`)).json()).toMatchObject({ documentCount: 3, lastError: null, lastGoodFetchAt: expect.any(String) });
  });

  test("one invalid document or wrong hash refuses the whole upload with file, JSON path and reason; nothing is stored", async () => {
    const before = { revisions: await revisionCount(), suggestions: await vigil.database.db.select().from(vexSuggestions) };
    const invalid = await upload(officer, [
      {
        name: "batch.zip",
        content: zipOf({ "wrs-2026-0012.json": wrs(3), "bad/oasis_csaf_tc-csaf_2_0-2021-6-1-01-01.json": sharedCsaf("oasis-testfiles", "mandatory", "oasis_csaf_tc-csaf_2_0-2021-6-1-01-01.json") }),
      },
    ]);
    expect(invalid.statusCode, invalid.body).toBe(400);
    expect(invalid.json()).toMatchObject({
      error: { code: "invalid_csaf", message: expect.stringContaining("batch.zip!bad/oasis_csaf_tc-csaf_2_0-2021-6-1-01-01.json was rejected: /"), details: expect.arrayContaining([{ path: expect.stringMatching(/^batch\.zip!bad\/oasis_csaf_tc-csaf_2_0-2021-6-1-01-01\.json: \//), message: expect.stringMatching(/^mandatory test 6\.1\.1: /) }]) },
    });
    const wrongHash = await upload(officer, [{ name: "hash.zip", content: zipOf({ "wrs.json": wrs(3), "wrs.json.sha256": `${"0".repeat(64)}  wrs.json` }) }]);
    expect(wrongHash.statusCode).toBe(400);
    expect(wrongHash.json()).toMatchObject({ error: { details: [{ path: "hash.zip!wrs.json: (document)", message: expect.stringMatching(/^sha256 mismatch/) }] } });
    const notJson = await upload(officer, [{ name: "notes.txt", content: Buffer.from("not a document") }]);
    expect(notJson.json()).toMatchObject({ error: { details: [{ path: "notes.txt: (document)", message: expect.stringMatching(/^not valid JSON/) }] } });
    expect(await revisionCount()).toBe(before.revisions);
    expect(await vigil.database.db.select().from(vexSuggestions)).toEqual(before.suggestions);
  });

  test("a later revision uploaded as a plain document updates the document and the suggestion; the same one again is unchanged", async () => {
    const res = await upload(officer, [{ name: "wrs-2026-0012.json", content: Buffer.from(wrs(3)) }]);
    expect(res.json()).toEqual({ documents: 1, added: 1, unchanged: 0, skipped: [] });
    const wrsDoc = (await documents()).find((d) => d.trackingId === "WRS-2026-0012")!;
    expect(wrsDoc.currentVersion).toBe("3");
    expect(wrsDoc.revisions.map((r) => r.version)).toEqual(["3", "1"]);
    expect(await jquerySuggestions()).toEqual([expect.objectContaining({ status: "not_affected", revision: "3", previousRevision: "1" })]);
    expect((await upload(officer, [{ name: "wrs-2026-0012.json", content: Buffer.from(wrs(3)) }])).json()).toEqual({ documents: 1, added: 0, unchanged: 1, skipped: [] });
    const audit = await vigil.database.db.select().from(auditLog).where(eq(auditLog.entityType, "csaf_provider"));
    expect(audit.filter((a) => a.action === "upload")).toHaveLength(3);
  });

  test("documents cannot be uploaded to a provider that is fetched from its URL", async () => {
    const fetched = await call(vigil, officer, "POST", "/api/csaf-providers", { name: "Fetched", url: "https://psirt.example.com/.well-known/csaf/provider-metadata.json" });
    expect(fetched.statusCode, fetched.body).toBe(201);
    const res = await postMultipart(vigil, officer, `/api/csaf-providers/${(fetched.json() as { id: string }).id}/documents`, multipartForm([{ field: "files", name: "wrs.json", content: Buffer.from(wrs(1)) }]));
    expect(res.statusCode).toBe(409);
  });
});
