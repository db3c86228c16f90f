import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { windRiverCsafVex } from "../../src/core/vex-import/supplier-documents.fixture";
import { call, runDueJobs, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";
import { fixture, requireFixtures } from "../support/fixtures";
import { multipartForm, postMultipart } from "../support/multipart-form";
import { npmLib, smallCycloneDx } from "./sbom-fixtures";

requireFixtures();

/** DependencyTrack #1872: the SBOM and the suppliers' VEX for it in one request. */
describe.each(await backends())("SBOM upload with VEX in the same request on %s", (backend) => {
  let vigil: TestVigil;
  let officer: Session;
  let versionId = "";

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    officer = await signInAs(vigil, "security_officer");
    const osv = readFileSync(fixture("osv", "records", "from-bundles", "GHSA-jpcq-cgw6-v4j6.json"));
    expect((await call(vigil, officer, "POST", "/api/vulnerability-imports", { files: [{ name: "GHSA-jpcq-cgw6-v4j6.json", contentBase64: osv.toString("base64") }] })).statusCode).toBe(201);
    await runDueJobs(vigil);
    const first = await vigil.app.inject({
      method: "POST",
      url: "/api/sboms?device=IS-300&version=9.9.0&createVersion=true&fileName=first.cdx.json",
      payload: Buffer.from(smallCycloneDx([npmLib("left-pad", "1.3.0")])),
      headers: { cookie: officer.cookie, "x-csrf-token": officer.csrf, "content-type": "application/octet-stream" },
    });
    expect(first.statusCode, first.body).toBe(201);
    versionId = (first.json() as { sbom: { softwareVersionId: string } }).sbom.softwareVersionId;
  }, 300_000);
  afterAll(async () => vigil?.stop());

  const uploadWithVex = (vex: { name: string; content: string }) =>
    postMultipart(
      vigil,
      officer,
      `/api/versions/${versionId}/sboms`,
      multipartForm([
        { field: "sbom", name: "bom.cdx.json", content: Buffer.from(smallCycloneDx([npmLib("jquery", "3.4.1")])) },
        { field: "vex", name: vex.name, content: Buffer.from(vex.content) },
      ]),
    );
  const sbomHistory = async () => ((await call(vigil, officer, "GET", `/api/versions/${versionId}/sboms`)).json() as unknown[]).length;

  test("an invalid VEX refuses the SBOM too, naming the file; nothing is written", async () => {
    const before = await sbomHistory();
    const res = await uploadWithVex({ name: "broken-vex.json", content: '{"document": {}}' });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json()).toMatchObject({ error: { code: "invalid_vex", message: expect.stringContaining("broken-vex.json was rejected") } });
    expect(await sbomHistory()).toBe(before);
  });

  test("the SBOM and a supplier's CSAF VEX in one multipart request: the new findings carry the supplier's suggestion", async () => {
    const res = await uploadWithVex({ name: "wrs-2026-0012.json", content: JSON.stringify(windRiverCsafVex(3)) });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ created: true, vex: [{ fileName: "wrs-2026-0012.json", documentId: "WRS-2026-0012", revision: "3", suggestions: { created: 1 } }] });
    const list = (await call(vigil, officer, "GET", `/api/versions/${versionId}/findings?limit=50`)).json() as { items: Array<{ id: string; vulnerability: { id: string } }> };
    const finding = list.items.find((f) => f.vulnerability.id === "CVE-2020-11023")!;
    const suggestions = (await call(vigil, officer, "GET", `/api/findings/${finding.id}/vex-suggestions`)).json() as { items: Array<{ status: string; revision: string }> };
    expect(suggestions.items).toEqual([expect.objectContaining({ status: "not_affected", revision: "3" })]);
    expect((await call(vigil, officer, "GET", `/api/versions/${versionId}/vex`)).statusCode).toBeLessThan(500);
  });
});
