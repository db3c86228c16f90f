import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";
import { fixture, requireFixtures } from "../support/fixtures";
import { smallCycloneDx } from "./sbom-fixtures";

requireFixtures();

const DCMTK_CVE = "cve5/vulnrichment/CVE-2022-2121.json"; // OFFIS DCMTK < 3.6.7, CNA product + CISA-ADP cpes
const cveFile = () => ({ name: "CVE-2022-2121.json", contentBase64: readFileSync(fixture(DCMTK_CVE)).toString("base64") });

/** DCMTK known only by its CPE (no purl), beside an npm library with a purl that no imported record affects. */
const components = (dcmtk: string) => [
  { type: "library", "bom-ref": "dcmtk", name: "dcmtk", version: dcmtk, cpe: `cpe:2.3:a:offis:dcmtk:${dcmtk}:*:*:*:*:*:*:*` },
  { type: "library", "bom-ref": "lodash", name: "lodash", version: "4.17.21", purl: "pkg:npm/lodash@4.17.21" },
];

type Item = {
  id: string;
  vulnerability: { id: string };
  component: { purl: string; cpe: string | null; name: string; version: string };
  matchConfidence: string;
  status: string;
  resolvedAt: string | null;
  resolution: string | null;
};

describe.each(await backends())("CPE matching of components without a purl on %s", (backend) => {
  let vigil: TestVigil;
  let officer: Session;
  const v = { old: "", fixed: "", late: "" };

  async function pushSbom(version: string, dcmtk: string) {
    const res = await vigil.app.inject({
      method: "POST",
      url: `/api/sboms?device=IS-300&version=${version}&createVersion=true&fileName=bom.cdx.json`,
      payload: Buffer.from(smallCycloneDx(components(dcmtk))),
      headers: { cookie: officer.cookie, "x-csrf-token": officer.csrf, "content-type": "application/octet-stream" },
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return (res.json() as { sbom: { softwareVersionId: string } }).sbom.softwareVersionId;
  }
  async function findingsOf(versionId: string): Promise<Item[]> {
    const res = await call(vigil, officer, "GET", `/api/findings?versionId=${versionId}&includeResolved=true&limit=500`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: Item[] }).items;
  }
  const importCve = () => call(vigil, officer, "POST", "/api/vulnerability-imports", { files: [cveFile()] });

  beforeAll(async () => {
    vigil = await startTestVigil(backend, process.env.VT_LOG ? { logStream: process.stderr } : {});
    officer = await signInAs(vigil, "security_officer");
    v.old = await pushSbom("7.0.0", "3.6.6");
    v.fixed = await pushSbom("7.1.0", "3.6.7");
  });
  afterAll(async () => vigil?.stop());

  test("a CVE 5 import matches the CPE-only component of the affected version, marked as a CPE match", async () => {
    expect(await findingsOf(v.old)).toEqual([]);
    const res = await importCve();
    expect(res.statusCode, res.body).toBe(201);
    expect((res.json() as { findings: { created: number } }).findings.created).toBeGreaterThanOrEqual(1);

    const found = await findingsOf(v.old);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      vulnerability: { id: "CVE-2022-2121" },
      matchConfidence: "cpe",
      component: { purl: "", cpe: "cpe:2.3:a:offis:dcmtk:3.6.6:*:*:*:*:*:*:*", name: "dcmtk", version: "3.6.6" },
      status: "under_investigation",
      resolvedAt: null,
    });
    expect(await findingsOf(v.fixed)).toEqual([]);

    const detail = (await call(vigil, officer, "GET", `/api/findings/${found[0].id}`)).json() as { affectedRange: string; fixedVersions: string[] };
    expect(detail.affectedRange).toContain("3.6.7");
    expect(detail.fixedVersions).toContain("3.6.7");
    const search = (await call(vigil, officer, "GET", "/api/findings?q=offis:dcmtk&limit=50")).json() as { items: Item[] };
    expect(search.items.map((f) => f.id)).toContain(found[0].id);
  });

  test("importing the record again changes nothing", async () => {
    const before = await findingsOf(v.old);
    const res = await importCve();
    expect(res.statusCode, res.body).toBe(201);
    const imported = res.json() as { counts: Record<string, number>; findings: Record<string, number> };
    expect(imported.counts).toMatchObject({ added: 0, updated: 0, unchanged: 1 });
    expect(imported.findings).toEqual({ created: 0, resolved: 0, reopened: 0, updated: 0 });
    expect(await findingsOf(v.old)).toEqual(before);
  });

  test("a new SBOM is matched by CPE at once; triage survives a re-upload; an upgrade resolves the finding without deleting it", async () => {
    v.late = await pushSbom("7.2.0", "3.6.5");
    const [late] = await findingsOf(v.late);
    expect(late).toMatchObject({ vulnerability: { id: "CVE-2022-2121" }, matchConfidence: "cpe", component: { cpe: "cpe:2.3:a:offis:dcmtk:3.6.5:*:*:*:*:*:*:*" } });

    const [old] = await findingsOf(v.old);
    const analysis = await call(vigil, officer, "POST", `/api/findings/${old.id}/analysis`, { status: "affected", detail: "DICOM network service enabled" });
    expect(analysis.statusCode, analysis.body).toBe(200);
    // the analysis is not applied to another component (another CPE) of the same vulnerability
    const applied = await call(vigil, officer, "POST", `/api/findings/${old.id}/analysis`, { status: "affected", applyToSameComponent: true });
    expect((applied.json() as { appliedTo: number }).appliedTo).toBe(0);

    await pushSbom("7.0.0", "3.6.6");
    const kept = await findingsOf(v.old);
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ id: old.id, status: "affected", resolvedAt: null });

    await pushSbom("7.0.0", "3.6.7");
    const resolved = await findingsOf(v.old);
    expect(resolved).toHaveLength(1);
    expect(resolved[0]).toMatchObject({ id: old.id, resolution: "fixed_by_upgrade", status: "fixed" });
    expect(resolved[0].resolvedAt).not.toBeNull();
    // the other version's finding is untouched by this version's upgrade
    expect((await findingsOf(v.late))[0]).toMatchObject({ id: late.id, resolvedAt: null });
  });
});
