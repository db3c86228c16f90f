import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";
import { fixture, requireFixtures } from "../support/fixtures";
import { BOUNDARY, multipartForm as form, postMultipart as postForm } from "../support/multipart-form";
import { smallCycloneDx } from "./sbom-fixtures";

requireFixtures();

/** The upload routes README documents as accepting multipart/form-data, each sent a browser-style form. */

const JQUERY_GHSA = "osv/records/from-bundles/GHSA-jpcq-cgw6-v4j6.json";
const ANSI_HTML = "osv/records/osv-scanner-offline-db/npm/GHSA-whgm-jr23-g3j9.json";
const lib = (ref: string, name: string, version: string) => ({ type: "library", "bom-ref": ref, name, version, purl: `pkg:npm/${name}@${version}` });

describe.each(await backends())("multipart uploads on %s", (backend) => {
  let vigil: TestVigil;
  let officer: Session;
  let versionId: string;

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    officer = await signInAs(vigil, "security_officer");
    const models = (await call(vigil, officer, "GET", "/api/devices")).json() as Array<{ versions: Array<{ id: string }> }>;
    versionId = models[0].versions[0].id;
  });
  afterAll(async () => vigil?.stop());

  test("POST /api/vulnerability-imports takes several files as multipart/form-data", async () => {
    const res = await postForm(
      vigil,
      officer,
      "/api/vulnerability-imports",
      form([
        { field: "files", name: "GHSA-jpcq-cgw6-v4j6.json", content: readFileSync(fixture(JQUERY_GHSA)) },
        { field: "files", name: "GHSA-whgm-jr23-g3j9.json", content: readFileSync(fixture(ANSI_HTML)) },
      ]),
    );
    expect(res.statusCode, res.body).toBe(201);
    const row = res.json() as { files: Array<{ name: string; kind: string; records: number }> };
    expect(row.files).toEqual([
      expect.objectContaining({ name: "GHSA-jpcq-cgw6-v4j6.json", records: 1 }),
      expect.objectContaining({ name: "GHSA-whgm-jr23-g3j9.json", records: 1 }),
    ]);
    const vuln = await call(vigil, officer, "GET", "/api/vulnerabilities/CVE-2020-11023");
    expect(vuln.statusCode, vuln.body).toBe(200);
  });

  test("a multipart import with an invalid file is refused naming the file and changes nothing", async () => {
    const before = (await call(vigil, officer, "GET", "/api/vulnerability-imports")).json() as { total: number };
    const res = await postForm(vigil, officer, "/api/vulnerability-imports", form([{ field: "files", name: "broken.json", content: Buffer.from('{"id": 1}') }]));
    expect(res.statusCode, res.body).toBe(422);
    expect(res.body).toContain("broken.json");
    const after = (await call(vigil, officer, "GET", "/api/vulnerability-imports")).json() as { total: number };
    expect(after.total).toBe(before.total);
  });

  test("a multipart form without a file is a 400 naming what to send", async () => {
    const body = Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--${BOUNDARY}--\r\n`);
    const res = await postForm(vigil, officer, "/api/vulnerability-imports", body);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.message).toContain("multipart/form-data");
  });

  test("a role without vulnerabilities:write cannot import by multipart", async () => {
    const auditor = await signInAs(vigil, "auditor");
    const res = await postForm(vigil, auditor, "/api/vulnerability-imports", form([{ field: "files", name: "x.json", content: readFileSync(fixture(JQUERY_GHSA)) }]));
    expect(res.statusCode).toBe(403);
  });

  test("POST /api/versions/{id}/sboms takes the SBOM as multipart/form-data", async () => {
    const bom = smallCycloneDx([lib("a", "left-pad", "1.3.0")]);
    const res = await postForm(vigil, officer, `/api/versions/${versionId}/sboms`, form([{ field: "file", name: "form-upload.cdx.json", content: Buffer.from(bom) }]));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().sbom).toMatchObject({ fileName: "form-upload.cdx.json", componentCount: 1 });
  });

  test("POST /api/sboms (pipeline push) takes the SBOM as multipart/form-data", async () => {
    const bom = smallCycloneDx([lib("a", "ansi-html", "0.0.7"), lib("b", "jquery", "3.3.9")]);
    const res = await postForm(vigil, officer, "/api/sboms?device=IS-300&version=9.9.9-form&createVersion=true", form([{ field: "file", name: "pushed.cdx.json", content: Buffer.from(bom) }]));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ versionCreated: true, sbom: { fileName: "pushed.cdx.json", componentCount: 2 } });
  });
});
