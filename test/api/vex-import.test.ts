import { readFileSync } from "node:fs";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { boardCycloneDxVex, frameworkOpenVex, windRiverCsafVex } from "../../src/core/vex-import/supplier-documents.fixture";
import { auditLog, vexDocuments, vexSuggestions } from "../../src/server/platform/db/schema";
import { call, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";
import { fixture, requireFixtures } from "../support/fixtures";
import { npmLib, smallCycloneDx } from "./sbom-fixtures";

requireFixtures();

const b64 = (s: string | Buffer) => Buffer.from(s).toString("base64");
const own = (name: string, doc: unknown) => ({ name, contentBase64: b64(JSON.stringify(doc)) });
const shared = (...parts: string[]) => ({ name: parts[parts.length - 1], contentBase64: b64(readFileSync(fixture(...parts))) });

type Outcome = { documents: Array<{ documentId: string; revision: string | null; publisher: string | null; sha256: string; suggestions: Record<string, number>; unknownProducts: Array<{ vulnerability: string; product: string }>; warnings: Array<{ file: string; path: string; reason: string }> }> };
type Suggestion = { id: string; sentence: string; status: string; justification: string | null; revision: string | null; previousRevision: string | null; statedVulnerability: string; changes: Array<{ field: string; before: string | null; after: string | null }>; acceptedAt: string | null; sha256: string };
type Finding = { id: string; status: string; justification: string | null; analysedBy: string | null; history: Array<{ kind: string; actor: string; after: { source?: { documentId: string; revision: string; sha256: string } } }> };

describe.each(await backends())("supplier VEX import on %s", (backend) => {
  let vigil: TestVigil;
  let officer: Session;
  let auditor: Session;
  const versions: Record<"A" | "B" | "C", string> = { A: "", B: "", C: "" };

  async function pushSbom(version: string, components: Array<Record<string, unknown>>) {
    const res = await vigil.app.inject({
      method: "POST",
      url: `/api/sboms?device=IS-300&version=${version}&createVersion=true&fileName=bom.cdx.json`,
      payload: Buffer.from(smallCycloneDx(components)),
      headers: { cookie: officer.cookie, "x-csrf-token": officer.csrf, "content-type": "application/octet-stream" },
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return (res.json() as { sbom: { softwareVersionId: string } }).sbom.softwareVersionId;
  }
  const importVex = (versionId: string, files: Array<{ name: string; contentBase64: string }>, session = officer) => call(vigil, session, "POST", `/api/versions/${versionId}/vex`, { files });
  async function jqueryFinding(versionId: string): Promise<Finding> {
    const list = (await call(vigil, officer, "GET", `/api/versions/${versionId}/findings?limit=50`)).json() as { items: Array<{ id: string; vulnerability: { id: string } }> };
    const item = list.items.find((f) => f.vulnerability.id === "CVE-2020-11023");
    expect(item, "the jQuery finding").toBeDefined();
    return (await call(vigil, officer, "GET", `/api/findings/${item!.id}`)).json() as Finding;
  }
  async function suggestionsOf(findingId: string): Promise<Suggestion[]> {
    const res = await call(vigil, officer, "GET", `/api/findings/${findingId}/vex-suggestions`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: Suggestion[] }).items;
  }
  async function stored() {
    const db = vigil.database.db;
    const [d] = await db.select({ n: count() }).from(vexDocuments);
    const [s] = await db.select({ n: count() }).from(vexSuggestions);
    return { documents: d.n, suggestions: s.n };
  }

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    officer = await signInAs(vigil, "security_officer");
    auditor = await signInAs(vigil, "auditor");
    const jquery = { ...npmLib("jquery", "3.4.1"), "bom-ref": "jquery-ref" };
    versions.A = await pushSbom("9.1.0", [jquery]);
    versions.B = await pushSbom("9.2.0", [jquery]);
    versions.C = await pushSbom("9.3.0", [jquery]);
    // GHSA-jpcq-cgw6-v4j6 carries CVE-2020-11023 as alias: the finding is known by both ids.
    const osv = shared("osv", "records", "from-bundles", "GHSA-jpcq-cgw6-v4j6.json");
    expect((await call(vigil, officer, "POST", "/api/vulnerability-imports", { files: [osv] })).statusCode).toBe(201);
  }, 300_000);
  afterAll(async () => vigil?.stop());

  test("each format from the shared fixtures imports; statements about products the SBOM does not hold are warnings naming them", async () => {
    const res = await importVex(versions.A, [
      shared("csaf", "oasis-examples", "csaf_vex", "2022-evd-uc-01-na-001.json"),
      shared("vex", "cyclonedx", "bom-examples", "CISA-Use-Cases", "Case-7", "vex.json"),
      shared("vex", "openvex", "go-vex-testdata", "vex-v0.2.0.json"),
    ]);
    expect(res.statusCode, res.body).toBe(201);
    const out = res.json() as Outcome;
    expect(out.documents.map((d) => [d.documentId, d.publisher, d.suggestions.created])).toEqual([
      ["2022-EVD-UC-01-NA-001", "Example Company ProductCERT", 0],
      [expect.any(String), null, 0],
      [expect.any(String), "The OpenVEX Project <openvex@openssf.org>", 0],
    ]);
    expect(out.documents[0].unknownProducts).toContainEqual({ vulnerability: "CVE-2021-44228", product: expect.stringContaining("ABC"), status: "not_affected" });
    expect(out.documents[0].warnings).toContainEqual({ file: "2022-evd-uc-01-na-001.json", path: expect.stringContaining("ABC"), reason: "CVE-2021-44228: the version's SBOM holds no such product" });
    for (const d of out.documents) expect(d.sha256).toMatch(/^[0-9a-f]{64}$/);
    const listed = (await call(vigil, auditor, "GET", `/api/versions/${versions.A}/vex`)).json() as { items: unknown[] };
    expect(listed.items).toHaveLength(3);
  });

  test("a CycloneDX VEX by CVE suggests not affected for the finding matched by its GHSA record, and warns about the board's other product", async () => {
    const res = await importVex(versions.A, [own("acme-board.cdx.json", boardCycloneDxVex())]);
    expect(res.statusCode, res.body).toBe(201);
    const [doc] = (res.json() as Outcome).documents;
    expect(doc.suggestions).toEqual({ created: 1, updated: 0, unchanged: 0, applied: 0 });
    expect(doc.unknownProducts).toEqual([{ vulnerability: "CVE-2026-0001", product: "pkg:generic/acme/acme-boot@7.1", status: "affected" }]);
    const finding = await jqueryFinding(versions.A);
    expect(finding.status).toBe("under_investigation");
    const [s] = await suggestionsOf(finding.id);
    expect(s).toMatchObject({ status: "not_affected", justification: "vulnerable_code_not_in_execute_path", statedVulnerability: "CVE-2020-11023", acceptedAt: null });
    expect(s.sentence).toBe("Acme Boards says: not affected — vulnerable code not in execute path, urn:uuid:6f1c1c6e-6f1a-4f55-9a55-5e3a2c1b7d01 rev 2");
  });

  test("an OpenVEX statement by the GHSA id reaches the same finding", async () => {
    const res = await importVex(versions.B, [own("ui.openvex.json", frameworkOpenVex())]);
    expect(res.statusCode, res.body).toBe(201);
    const finding = await jqueryFinding(versions.B);
    expect((await suggestionsOf(finding.id)).map((s) => [s.statedVulnerability, s.status])).toEqual([["GHSA-jpcq-cgw6-v4j6", "fixed"]]);
  });

  test("a later CSAF revision updates the suggestion and says what changed; accepting it sets the finding's triage with its source", async () => {
    expect((await importVex(versions.C, [own("wrs-r1.json", windRiverCsafVex(1))])).statusCode).toBe(201);
    const finding = await jqueryFinding(versions.C);
    const [r1] = await suggestionsOf(finding.id);
    expect(r1).toMatchObject({ status: "under_investigation", revision: "1", changes: [] });

    const again = (await importVex(versions.C, [own("wrs-r1.json", windRiverCsafVex(1))])).json() as Outcome;
    expect(again.documents[0].suggestions).toMatchObject({ created: 0, updated: 0, unchanged: 1 });

    const r3res = await importVex(versions.C, [own("wrs-r3.json", windRiverCsafVex(3))]);
    expect((r3res.json() as Outcome).documents[0].suggestions).toMatchObject({ created: 0, updated: 1 });
    const all = await suggestionsOf(finding.id);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ id: r1.id, status: "not_affected", justification: "vulnerable_code_not_present", revision: "3", previousRevision: "1" });
    expect(all[0].changes).toEqual(
      expect.arrayContaining([
        { field: "status", before: "under_investigation", after: "not_affected" },
        { field: "justification", before: null, after: "vulnerable_code_not_present" },
      ]),
    );
    expect(all[0].sentence).toBe("Wind River Systems says: not affected — vulnerable code not present, WRS-2026-0012 rev 3");

    expect((await call(vigil, auditor, "POST", `/api/vex-suggestions/${r1.id}/accept`, {})).statusCode).toBe(403);
    const accepted = await call(vigil, officer, "POST", `/api/vex-suggestions/${r1.id}/accept`, {});
    expect(accepted.statusCode, accepted.body).toBe(200);
    const after = await jqueryFinding(versions.C);
    expect(after).toMatchObject({ status: "not_affected", justification: "vulnerable_code_not_present" });
    const entry = after.history.find((h) => h.kind === "vex_accepted")!;
    expect(entry.after.source).toMatchObject({ documentId: "WRS-2026-0012", revision: "3", sha256: all[0].sha256 });
    const [audit] = await vigil.database.db.select().from(auditLog).where(eq(auditLog.action, "accept_vex"));
    expect(audit).toMatchObject({ entityType: "finding", entityId: finding.id });
  });

  test("a trusted supplier's statement becomes the analysis of an unanalysed finding, never over an own analysis", async () => {
    const B = await jqueryFinding(versions.B);
    const analysed = await call(vigil, officer, "POST", `/api/findings/${B.id}/analysis`, { status: "affected", detail: "our own analysis" });
    expect(analysed.statusCode, analysed.body).toBe(200);
    expect((await call(vigil, auditor, "PUT", "/api/vex-trust-rules", { publisher: "Acme Boards", autoAccept: true })).statusCode).toBe(403);
    expect(await jqueryFinding(versions.A)).toMatchObject({ status: "under_investigation", analysedBy: null });
    // Trusting the supplier settles its pending statement on version A at once (nobody analysed that finding).
    const trust = await call(vigil, officer, "PUT", "/api/vex-trust-rules", { publisher: "Acme Boards", autoAccept: true });
    expect(trust.statusCode, trust.body).toBe(200);
    expect(trust.json()).toMatchObject({ publisher: "Acme Boards", autoAccept: true, applied: 1 });
    const A = await jqueryFinding(versions.A);
    expect(A).toMatchObject({ status: "not_affected", justification: "vulnerable_code_not_in_execute_path", analysedBy: "trust rule: Acme Boards" });
    expect(A.history.find((h) => h.kind === "vex_accepted")).toMatchObject({ actor: "trust rule: Acme Boards", after: { source: { documentId: "urn:uuid:6f1c1c6e-6f1a-4f55-9a55-5e3a2c1b7d01" } } });
    expect((await suggestionsOf(A.id))[0].acceptedAt).not.toBeNull();
    const listedRules = (await call(vigil, auditor, "GET", "/api/vex-trust-rules")).json() as { items: Array<{ publisher: string; autoAccept: boolean }> };
    expect(listedRules.items).toEqual([expect.objectContaining({ publisher: "Acme Boards", autoAccept: true })]);
    const [ruleAudit] = await vigil.database.db.select().from(auditLog).where(eq(auditLog.entityType, "vex_trust_rule"));
    expect(ruleAudit).toMatchObject({ action: "create", entityId: "Acme Boards" });
    const board = own("acme-board.cdx.json", boardCycloneDxVex());
    const v4 = await pushSbom("9.4.0", [{ ...npmLib("jquery", "3.4.1"), "bom-ref": "jquery-ref" }]);
    for (const v of [versions.B, v4]) expect((await importVex(v, [board])).statusCode).toBe(201);
    expect(await jqueryFinding(versions.B)).toMatchObject({ status: "affected" });
    const auto = await jqueryFinding(v4);
    expect(auto).toMatchObject({ status: "not_affected", justification: "vulnerable_code_not_in_execute_path", analysedBy: "trust rule: Acme Boards" });
    expect(auto.history.find((h) => h.kind === "vex_accepted")).toMatchObject({ kind: "vex_accepted", after: { source: { documentId: "urn:uuid:6f1c1c6e-6f1a-4f55-9a55-5e3a2c1b7d01" } } });
  });

  test("an invalid document is refused with file, path and reason, and the valid one sent with it changes nothing", async () => {
    const before = await stored();
    const broken = windRiverCsafVex(2) as { vulnerabilities: Array<Record<string, unknown>> };
    delete broken.vulnerabilities[0].threats;
    delete broken.vulnerabilities[0].flags;
    const res = await importVex(versions.A, [own("fine.json", windRiverCsafVex(2)), own("broken.json", broken)]);
    expect(res.statusCode).toBe(422);
    const body = res.json() as { error: { code: string; message: string; details: Array<{ file: string; path: string; reason: string }> } };
    expect(body.error.code).toBe("invalid_vex");
    expect(body.error.details[0]).toEqual({ file: "broken.json", path: "vulnerabilities[0].product_status.known_not_affected[0]", reason: expect.stringMatching(/^mandatory test 6\.1\.27\.9: /) });
    expect(body.error.message).toMatch(/^broken\.json was rejected: vulnerabilities\[0\]/);
    expect((await importVex(versions.A, [{ name: "x.json", contentBase64: b64("{") }])).json()).toMatchObject({ error: { code: "invalid_vex", details: [{ file: "x.json", path: "(document)" }] } });
    expect((await importVex(versions.A, [])).statusCode).toBe(400);
    expect((await importVex("00000000-0000-4000-8000-000000000000", [own("fine.json", windRiverCsafVex(2))])).statusCode).toBe(404);
    expect(await stored()).toEqual(before);
  });
});
