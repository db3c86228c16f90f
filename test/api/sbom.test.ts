import { asc, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseSbom } from "../../src/core/sbom";
import { auditLog } from "../../src/server/audit/schema";
import { sbomComponents, sbomDependencies, sboms, softwareVersions } from "../../src/server/platform/db/schema";
import { call, runDueJobs, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";
import { requireFixtures } from "../support/fixtures";
import { npmLib, realSbom, smallCycloneDx } from "./sbom-fixtures";

requireFixtures();

type Versions = Record<string, string>;

function upload(vigil: TestVigil, session: Session, url: string, content: Buffer | string, fileName: string) {
  const sep = url.includes("?") ? "&" : "?";
  return vigil.app.inject({
    method: "POST",
    url: `${url}${sep}fileName=${encodeURIComponent(fileName)}`,
    payload: Buffer.from(content),
    headers: { cookie: session.cookie, "x-csrf-token": session.csrf, "content-type": "application/octet-stream" },
  });
}

function uploadMultipart(vigil: TestVigil, session: Session, url: string, content: Buffer, fileName: string) {
  const boundary = "----vigil-test-boundary";
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return vigil.app.inject({
    method: "POST",
    url,
    payload: body,
    headers: { cookie: session.cookie, "x-csrf-token": session.csrf, "content-type": `multipart/form-data; boundary=${boundary}` },
  });
}

async function rowCounts(vigil: TestVigil) {
  const db = vigil.database.db;
  const n = async (table: typeof sboms | typeof sbomComponents | typeof sbomDependencies | typeof auditLog | typeof softwareVersions) =>
    Number((await db.select({ n: count() }).from(table))[0].n);
  return { sboms: await n(sboms), components: await n(sbomComponents), edges: await n(sbomDependencies), audit: await n(auditLog), versions: await n(softwareVersions) };
}

describe.each(await backends())("SBOM ingest on %s", (backend) => {
  let vigil: TestVigil;
  let officer: Session;
  let versions: Versions;
  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    officer = await signInAs(vigil, "security_officer");
    const models = (await call(vigil, officer, "GET", "/api/devices")).json() as Array<{ modelNumber: string; versions: Array<{ id: string; version: string }> }>;
    versions = Object.fromEntries(models.flatMap((m) => m.versions.map((v) => [`${m.modelNumber}@${v.version}`, v.id])));
  });
  afterAll(async () => vigil?.stop());

  test("real CycloneDX JSON, CycloneDX XML and SPDX tag-value files are stored with their components, graph and original bytes", async () => {
    const laravel = realSbom("cyclonedx/bom-examples/laravel-7.12.0/bom.1.4.json");
    const expected = parseSbom({ fileName: "bom.1.4.json", content: laravel });
    if (!expected.ok) throw new Error("fixture does not parse");
    const res = await upload(vigil, officer, `/api/versions/${versions["IS-300@3.1.0"]}/sboms`, laravel, "bom.1.4.json");
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.created).toBe(true);
    // The demo ships 3.1.0 with an SBOM of five components: this one becomes the second, replacing all of them.
    expect(body.sbom).toMatchObject({ format: "cyclonedx", encoding: "json", specVersion: "1.4", sequence: 2, isCurrent: true, fileName: "bom.1.4.json" });
    expect(body.sbom.componentCount).toBe(expected.sbom.components.length);
    expect(body.sbom.dependencyCount).toBe(expected.sbom.dependencies.length);
    expect(body.diff).toMatchObject({ removed: 5 });

    const detail = (await call(vigil, officer, "GET", `/api/sboms/${body.sbom.id}?limit=5`)).json();
    expect(detail.components.total).toBe(expected.sbom.components.length);
    expect(detail.components.items).toHaveLength(5);
    expect(detail.components.items[0].name).toBe(expected.sbom.components[0].name);
    expect(detail.components.items[0].purl).toBe(expected.sbom.components[0].purl);
    const filtered = (await call(vigil, officer, "GET", `/api/sboms/${body.sbom.id}?q=symfony%2Fconsole`)).json();
    expect(filtered.components.items.map((c: { purl: string }) => c.purl)).toEqual(
      expected.sbom.components.filter((c) => c.purl?.includes("symfony/console")).map((c) => c.purl),
    );
    const direct = (await call(vigil, officer, "GET", `/api/sboms/${body.sbom.id}?direct=true&limit=1000`)).json();
    expect(direct.components.total).toBe(expected.sbom.components.filter((c) => c.direct).length);

    const one = detail.components.items[0];
    const withEdges = (await call(vigil, officer, "GET", `/api/sboms/${body.sbom.id}/components/${one.id}`)).json();
    expect(withEdges.dependsOn.sort()).toEqual(expected.sbom.dependencies.filter((e) => e.from === one.ref).map((e) => e.to).sort());

    const download = await call(vigil, officer, "GET", `/api/sboms/${body.sbom.id}/download`);
    expect(download.statusCode).toBe(200);
    expect(download.headers["content-type"]).toContain("application/vnd.cyclonedx+json");
    expect(download.rawPayload.equals(laravel)).toBe(true);

    const xml = realSbom("cyclonedx/bom-examples/proton-bridge/proton-bridge-v1.8.0.bom.xml");
    const xmlRes = await uploadMultipart(vigil, officer, `/api/versions/${versions["VV-12@6.0.0"]}/sboms`, xml, "proton-bridge.bom.xml");
    expect(xmlRes.statusCode, xmlRes.body).toBe(201);
    expect(xmlRes.json().sbom).toMatchObject({ format: "cyclonedx", encoding: "xml", fileName: "proton-bridge.bom.xml", componentCount: 201 });

    const tagValue = realSbom("spdx/spdx-spec-2.3/SPDXTagExample-v2.3.spdx");
    const tvRes = await uploadMultipart(vigil, officer, `/api/versions/${versions["CL-GW@1.8.0"]}/sboms`, tagValue, "SPDXTagExample-v2.3.spdx");
    expect(tvRes.statusCode, tvRes.body).toBe(201);
    expect(tvRes.json().sbom).toMatchObject({ format: "spdx", encoding: "tag-value", specVersion: "SPDX-2.3" });
    const tvDownload = await call(vigil, officer, "GET", `/api/sboms/${tvRes.json().sbom.id}/download`);
    expect(tvDownload.rawPayload.equals(tagValue)).toBe(true);

    const detailPage = (await call(vigil, officer, "GET", `/api/versions/${versions["IS-300@3.1.0"]}`)).json();
    expect(detailPage.currentSbom.id).toBe(body.sbom.id);
    expect(detailPage.deviceModel.modelNumber).toBe("IS-300");
    const catalogue = (await call(vigil, officer, "GET", "/api/devices")).json() as Array<{ versions: Array<{ id: string; currentSbom: { id: string; componentCount: number } | null }> }>;
    const listed = catalogue.flatMap((m) => m.versions).find((v) => v.id === versions["IS-300@3.1.0"]);
    expect(listed?.currentSbom).toMatchObject({ id: body.sbom.id, componentCount: expected.sbom.components.length });
  });

  test("a malformed file is rejected with its location and writes nothing", async () => {
    const versionId = versions["IS-300@2.4.1"];
    const before = await rowCounts(vigil);

    const conflicting = smallCycloneDx([npmLib("left-pad", "1.3.0"), npmLib("lodash", "4.17.21"), { ...npmLib("lodash", "4.17.20"), "bom-ref": "left-pad@1.3.0" }]);
    const dup = await upload(vigil, officer, `/api/versions/${versionId}/sboms`, conflicting, "dup-refs.cdx.json");
    expect(dup.statusCode).toBe(422);
    expect(dup.json().error.code).toBe("invalid_sbom");
    expect(dup.json().error.message).toContain("dup-refs.cdx.json");
    expect(dup.json().error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ file: "dup-refs.cdx.json", code: "duplicate-ref", pointer: "/components/2" })]),
    );

    const broken = `${smallCycloneDx([npmLib("left-pad", "1.3.0")]).slice(0, 200)}\n  "oops": ,`;
    const syntax = await upload(vigil, officer, `/api/versions/${versionId}/sboms`, broken, "broken.json");
    expect(syntax.statusCode).toBe(422);
    expect(syntax.json().error.details[0]).toMatchObject({ file: "broken.json", code: "syntax" });
    expect(syntax.json().error.details[0].line).toBeGreaterThan(1);

    const strict = await upload(
      vigil,
      officer,
      `/api/versions/${versionId}/sboms?strict=true`,
      smallCycloneDx([npmLib("left-pad", "1.3.0", { hashes: [{ alg: "SHA-256", content: "not-hex" }] })]),
      "bad-hash.json",
    );
    expect(strict.statusCode).toBe(422);
    expect(strict.json().error.details[0].pointer).toMatch(/^\/components\/0\/hashes\/0/);

    const pushed = await upload(vigil, officer, "/api/sboms?device=IS-300&version=9.9.9&createVersion=true", conflicting, "dup-refs.cdx.json");
    expect(pushed.statusCode).toBe(422);

    const notSbom = await upload(vigil, officer, `/api/versions/${versionId}/sboms`, "hello world", "notes.txt");
    expect(notSbom.statusCode).toBe(422);

    // Through a job the schema check runs there: the job finishes with the located error and writes nothing.
    const queued = await upload(
      vigil,
      officer,
      `/api/versions/${versionId}/sboms?strict=true&async=true`,
      smallCycloneDx([npmLib("left-pad", "1.3.0", { hashes: [{ alg: "SHA-256", content: "not-hex" }] })]),
      "bad-hash-async.json",
    );
    expect(queued.statusCode).toBe(202);
    const jobsBefore = { ...(await rowCounts(vigil)) };
    expect(await runDueJobs(vigil)).toBeGreaterThan(0);
    const job = (await call(vigil, officer, "GET", queued.json().statusUrl)).json();
    expect(job).toMatchObject({ status: "done", result: { ok: false, error: { code: "invalid_sbom" } } });
    expect(job.result.error.details[0]).toMatchObject({ file: "bad-hash-async.json", pointer: expect.stringMatching(/^\/components\/0\/hashes\/0/) });
    expect(await rowCounts(vigil)).toEqual(jobsBefore);

    const empty = await uploadMultipart(vigil, officer, `/api/versions/${versionId}/sboms`, Buffer.alloc(0), "empty.json");
    expect(empty.statusCode).toBe(400);

    expect(await rowCounts(vigil)).toEqual(before);
  });

  test("a new SBOM for the same version keeps the history and records the diff; the same file again changes nothing", async () => {
    const versionId = versions["VV-12@5.0.2"];
    const first = smallCycloneDx([npmLib("left-pad", "1.3.0"), npmLib("lodash", "4.17.20"), npmLib("minimist", "1.2.5")]);
    const second = smallCycloneDx([npmLib("left-pad", "1.3.0"), npmLib("lodash", "4.17.21"), npmLib("express", "4.19.2")]);
    const auditBefore = (await rowCounts(vigil)).audit;
    const a = await upload(vigil, officer, `/api/versions/${versionId}/sboms`, first, "v1.cdx.json");
    expect(a.statusCode, a.body).toBe(201);
    const b = await upload(vigil, officer, `/api/versions/${versionId}/sboms`, second, "v2.cdx.json");
    expect(b.statusCode, b.body).toBe(201);
    expect(b.json().diff).toEqual({ added: 1, removed: 1, changed: 1, unchanged: 1, versionChanges: 1 });
    expect(b.json().sbom).toMatchObject({ sequence: 2, previousSbomId: a.json().sbom.id });

    const again = await upload(vigil, officer, `/api/versions/${versionId}/sboms`, second, "v2-again.cdx.json");
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ created: false, sbom: { id: b.json().sbom.id } });

    const history = (await call(vigil, officer, "GET", `/api/versions/${versionId}/sboms`)).json();
    expect(history.map((s: { sequence: number; isCurrent: boolean }) => [s.sequence, s.isCurrent])).toEqual([
      [2, true],
      [1, false],
    ]);

    const diff = (await call(vigil, officer, "GET", `/api/sboms/${b.json().sbom.id}/diff`)).json();
    expect(diff.added.map((c: { name: string }) => c.name)).toEqual(["express"]);
    expect(diff.removed.map((c: { name: string }) => c.name)).toEqual(["minimist"]);
    expect(diff.changed).toEqual([
      expect.objectContaining({ key: "pkg:npm/lodash", changed: ["version"], before: expect.objectContaining({ version: "4.17.20" }), after: expect.objectContaining({ version: "4.17.21" }) }),
    ]);
    const reverse = (await call(vigil, officer, "GET", `/api/sboms/${a.json().sbom.id}/diff?against=${b.json().sbom.id}`)).json();
    expect(reverse.summary).toMatchObject({ added: 1, removed: 1, changed: 1 });

    const entries = await vigil.database.db.select().from(auditLog).where(eq(auditLog.entityType, "sbom")).orderBy(asc(auditLog.seq));
    const imports = entries.filter((e) => (e.after as { softwareVersionId?: string }).softwareVersionId === versionId);
    expect(imports).toHaveLength(2);
    expect(imports[1]).toMatchObject({ action: "import", actorLabel: expect.stringContaining("@") });
    expect(imports[1].after).toMatchObject({ components: 3, fileName: "v2.cdx.json", diff: { added: 1, removed: 1, changed: 1 } });
    expect((await rowCounts(vigil)).audit).toBe(auditBefore + 2);

    const del = await call(vigil, officer, "DELETE", `/api/sboms/${b.json().sbom.id}`);
    expect(del.json()).toEqual({ ok: true, currentSbomId: a.json().sbom.id });
  });

  test("pushing with an API token needs the sbom:write scope", async () => {
    const admin = await signInAs(vigil, "security_officer");
    const writeToken = (await call(vigil, admin, "POST", "/api/tokens", { name: "pipeline", scopes: ["sbom:write"] })).json().token;
    const readToken = (await call(vigil, admin, "POST", "/api/tokens", { name: "reader", scopes: ["read"] })).json().token;
    const file = realSbom("cyclonedx/osv-scanner-fixtures/alpine-zlib-16.cdx.json");
    const push = (token: string) =>
      vigil.app.inject({
        method: "POST",
        url: "/api/sboms?device=CL-GW&version=2.0.0&createVersion=true&fileName=alpine.cdx.json",
        payload: file,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/octet-stream" },
      });
    const denied = await push(readToken);
    expect(denied.statusCode).toBe(403);
    const ok = await push(writeToken);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ versionCreated: true, sbom: { componentCount: 1, uploadedByLabel: expect.stringContaining("(API token)") } });
    const missing = await vigil.app.inject({
      method: "POST",
      url: "/api/sboms?device=NO-SUCH&version=1",
      payload: file,
      headers: { authorization: `Bearer ${writeToken}`, "content-type": "application/octet-stream" },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.message).toContain("NO-SUCH");
  });
});
