import { readFileSync } from "node:fs";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { vulnerabilities, vulnerabilityImports } from "../../src/server/platform/db/schema";
import { call, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";
import { fixture, requireFixtures } from "../support/fixtures";
import { smallCycloneDx } from "./sbom-fixtures";

requireFixtures();

const OFFLINE = "osv/records/osv-scanner-offline-db";
const RECORDS = [
  `${OFFLINE}/Debian/DLA-3008-1.json`, // openssl, Debian:9, fixed 1.1.0l-1~deb9u6
  `${OFFLINE}/Debian/DLA-3022-1.json`, // dpkg, Debian:9, fixed 1.18.26
  `${OFFLINE}/Debian/DLA-3051-1.json`, // tzdata, Debian:9, fixed 2021a-0+deb9u4
  `${OFFLINE}/npm/GHSA-whgm-jr23-g3j9.json`, // ansi-html < 0.0.8, CVE-2021-23424
  "osv/records/from-bundles/GHSA-jpcq-cgw6-v4j6.json", // jquery >= 1.0.3 < 3.5.0, CVE-2020-11023 (KEV)
];

const b64 = (s: string | Buffer) => Buffer.from(s).toString("base64");
const fileOf = (rel: string) => ({ name: rel.split("/").pop() as string, contentBase64: b64(readFileSync(fixture(rel))) });

function lib(ref: string, purl: string) {
  const name = purl.replace(/^pkg:[^/]+\/(?:[^/]+\/)?([^@]+)@.*$/, "$1");
  const version = purl.replace(/^[^@]+@([^?]+).*$/, "$1");
  return { type: "library", "bom-ref": ref, name, version, purl };
}

type Item = { id: string; vulnerability: { id: string; aliases: string[]; kev: boolean }; component: { purl: string }; status: string; priority: string; resolvedAt: string | null; resolution: string | null; version: { id: string } };

describe.each(await backends())("vulnerability database and findings on %s", (backend) => {
  let vigil: TestVigil;
  let officer: Session;
  const v: Record<"A" | "B" | "C", string> = { A: "", B: "", C: "" };

  async function pushSbom(device: string, version: string, components: Array<Record<string, unknown>>) {
    const res = await vigil.app.inject({
      method: "POST",
      url: `/api/sboms?device=${device}&version=${version}&createVersion=true&fileName=bom.cdx.json`,
      payload: Buffer.from(smallCycloneDx(components)),
      headers: { cookie: officer.cookie, "x-csrf-token": officer.csrf, "content-type": "application/octet-stream" },
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return (res.json() as { sbom: { softwareVersionId: string } }).sbom.softwareVersionId;
  }
  const importFiles = (files: Array<{ name: string; contentBase64: string }>, session = officer) => call(vigil, session, "POST", "/api/vulnerability-imports", { files });
  async function findingsOf(versionId: string, extra = ""): Promise<Item[]> {
    const res = await call(vigil, officer, "GET", `/api/versions/${versionId}/findings?limit=500${extra}`);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: Item[] }).items;
  }
  async function drainJobs() {
    for (let i = 0; i < 20; i++) if (!(await vigil.jobs.runOnce())) return;
  }
  const key = (f: Item) => `${f.vulnerability.id} ${f.component.purl}`;

  beforeAll(async () => {
    vigil = await startTestVigil(backend, process.env.VT_LOG ? { logStream: process.stderr } : {});
    officer = await signInAs(vigil, "security_officer");
    v.A = await pushSbom("IS-300", "9.0.0", [
      lib("ansi", "pkg:npm/ansi-html@0.0.7"),
      lib("jq", "pkg:npm/jquery@3.4.0"),
      lib("ossl9", "pkg:deb/debian/openssl@1.1.0l-1~deb9u5?distro=debian-9"),
      lib("ossl10", "pkg:deb/debian/openssl@1.1.0l-1~deb9u5?distro=debian-10"),
      lib("dpkg", "pkg:deb/debian/dpkg@1.18.26?distro=debian-9"),
      lib("tz", "pkg:deb/debian/tzdata@2020a-0?distro=debian-9&epoch=1"),
    ]);
    v.B = await pushSbom("VV-12", "9.0.0", [lib("ansi", "pkg:npm/ansi-html@0.0.8"), lib("jq", "pkg:npm/jquery@3.5.0")]);
  });
  afterAll(async () => vigil?.stop());

  test("the demo workspace shows findings for its SBOMs, with KEV, priorities and one analysis applied to both versions", async () => {
    const res = await call(vigil, officer, "GET", "/api/findings?includeResolved=true&limit=500");
    const items = (res.json() as { items: Array<Item & { deviceModel: { name: string }; version: { version: string } }> }).items.filter((f) => f.version.version !== "9.0.0");
    const seen = items.map((f) => `${f.version.version} ${f.vulnerability.id} ${f.status}`).sort();
    expect(seen).toEqual([
      "1.8.0 CVE-2021-23337 not_affected",
      "1.8.0 CVE-2023-43804 under_investigation",
      "2.4.1 CVE-2021-23337 not_affected",
      "2.4.1 CVE-2021-44228 under_investigation",
      "2.4.1 CVE-2022-37434 under_investigation",
      "4.2.0 CVE-2021-44228 under_investigation",
    ]);
    const log4shell = items.find((f) => f.vulnerability.id === "CVE-2021-44228")!;
    expect(log4shell).toMatchObject({ priority: "critical", vulnerability: { kev: true } });
    const detail = (await call(vigil, officer, "GET", "/api/vulnerabilities/CVE-2021-44228")).json() as { notify: Array<{ customer: { name: string } }> };
    // One row per installation: the pump 2.4.1 at both hospitals and FleetView 4.2.0 at St. Lukas.
    expect(detail.notify.map((n) => n.customer.name).sort()).toEqual(["St. Lukas Klinikum", "St. Lukas Klinikum", "Ziekenhuis Noord"]);
  });

  test("an OSV import yields findings for the affected versions only: fixed versions, other releases and epochs respected", async () => {
    const res = await importFiles(RECORDS.map(fileOf));
    expect(res.statusCode, res.body).toBe(201);
    const imported = res.json() as { counts: Record<string, number>; findings: Record<string, number>; files: unknown[] };
    expect(imported.counts).toMatchObject({ added: 5, updated: 0, unchanged: 0, withdrawn: 0 });
    expect(imported.findings.created).toBe(3);
    expect((await findingsOf(v.A)).map(key).sort()).toEqual([
      "CVE-2020-11023 pkg:npm/jquery@3.4.0",
      "CVE-2021-23424 pkg:npm/ansi-html@0.0.7",
      "DLA-3008-1 pkg:deb/debian/openssl@1.1.0l-1~deb9u5?distro=debian-9",
    ]);
    expect(await findingsOf(v.B)).toEqual([]);
    const jq = (await findingsOf(v.A)).find((f) => f.component.purl.includes("jquery"))!;
    expect(jq.vulnerability.aliases).toContain("GHSA-jpcq-cgw6-v4j6");
    expect(jq.status).toBe("under_investigation");

    const byAlias = await call(vigil, officer, "GET", "/api/vulnerabilities/GHSA-jpcq-cgw6-v4j6");
    expect(byAlias.statusCode).toBe(200);
    const detail = byAlias.json() as { id: string; affectedVersions: Array<{ version: { id: string } }>; severity: { version: string } };
    expect(detail.id).toBe("CVE-2020-11023");
    expect(detail.severity.version).toBe("3.1");
    expect(detail.affectedVersions.map((a) => a.version.id)).toEqual([v.A]);
  });

  test("importing the same files again changes nothing", async () => {
    const res = await importFiles(RECORDS.map(fileOf));
    expect(res.statusCode, res.body).toBe(201);
    const imported = res.json() as { counts: Record<string, number>; findings: Record<string, number> };
    expect(imported.counts).toMatchObject({ added: 0, updated: 0, unchanged: 5 });
    expect(imported.findings).toEqual({ created: 0, resolved: 0, reopened: 0, updated: 0 });
    expect(await findingsOf(v.A)).toHaveLength(3);
  });

  test("a malformed file rejects the whole import, naming file, path and reason", async () => {
    const db = vigil.database.db;
    const before = { vulns: (await db.select({ n: count() }).from(vulnerabilities))[0].n, imports: (await db.select({ n: count() }).from(vulnerabilityImports))[0].n };
    const good = { id: "VIGIL-TEST-1", modified: "2026-01-01T00:00:00Z", affected: [{ package: { ecosystem: "npm", name: "jquery" }, ranges: [{ type: "SEMVER", events: [{ introduced: "0" }] }] }] };
    const bad = { id: "VIGIL-TEST-2", modified: "2026-01-01T00:00:00Z", affected: [{ package: { ecosystem: "npm", name: "x" }, ranges: [{ type: "SEMVER", events: [{ fixed: "1.0.0" }] }] }] };
    const res = await importFiles([
      { name: "good.json", contentBase64: b64(JSON.stringify(good)) },
      { name: "bad.json", contentBase64: b64(JSON.stringify(bad)) },
      { name: "broken.json", contentBase64: b64("{ not json") },
    ]);
    expect(res.statusCode).toBe(422);
    const body = res.json() as { error: { code: string; details: Array<{ file: string; path: string; reason: string }> } };
    expect(body.error.code).toBe("invalid_feed");
    const badIssue = body.error.details.find((d) => d.file === "bad.json");
    expect(badIssue?.path).toMatch(/^affected\[0\]\.ranges\[0\]/);
    expect(badIssue?.reason).toMatch(/introduced/i);
    expect(body.error.details.find((d) => d.file === "broken.json")?.reason).toMatch(/invalid JSON/);
    expect((await db.select({ n: count() }).from(vulnerabilities))[0].n).toBe(before.vulns);
    expect((await db.select({ n: count() }).from(vulnerabilityImports))[0].n).toBe(before.imports);
    expect(await findingsOf(v.A)).toHaveLength(3);
  });

  test("a new SBOM is matched against the whole database; an analysis can be applied to the same component elsewhere, with history", async () => {
    v.C = await pushSbom("CL-GW", "9.0.0", [lib("ansi", "pkg:npm/ansi-html@0.0.7")]);
    const c = await findingsOf(v.C);
    expect(c.map(key)).toEqual(["CVE-2021-23424 pkg:npm/ansi-html@0.0.7"]);

    const a = (await findingsOf(v.A)).find((f) => f.component.purl.startsWith("pkg:npm/ansi-html"))!;
    const auditor = await signInAs(vigil, "auditor");
    const denied = await call(vigil, auditor, "POST", `/api/findings/${a.id}/analysis`, { status: "affected" });
    expect(denied.statusCode).toBe(403);
    const missing = await call(vigil, officer, "POST", `/api/findings/${a.id}/analysis`, { status: "not_affected" });
    expect(missing.statusCode).toBe(400);

    const res = await call(vigil, officer, "POST", `/api/findings/${a.id}/analysis`, {
      status: "not_affected",
      justification: "vulnerable_code_not_in_execute_path",
      detail: "The HTML escaping helper is never called with untrusted input",
      applyToSameComponent: true,
    });
    expect(res.statusCode, res.body).toBe(200);
    const out = res.json() as { appliedTo: number; finding: { status: string; priority: string; history: Array<{ kind: string; actor: string; after: { status?: string } }> } };
    expect(out.appliedTo).toBe(1);
    expect(out.finding.status).toBe("not_affected");
    expect(out.finding.priority).toBe("none");
    expect(out.finding.history.map((h) => h.kind)).toEqual(["matched", "analysis"]);
    expect(out.finding.history[1].actor).toContain("@");
    const other = (await findingsOf(v.C))[0];
    expect(other.status).toBe("not_affected");
    const otherDetail = (await call(vigil, officer, "GET", `/api/findings/${other.id}`)).json() as { justification: string; history: Array<{ kind: string; after: { appliedFrom?: string } }> };
    expect(otherDetail.justification).toBe("vulnerable_code_not_in_execute_path");
    expect(otherDetail.history.find((h) => h.kind === "analysis")?.after.appliedFrom).toBe(a.id);
  });

  test("KEV and EPSS data raise the priority of a finding", async () => {
    const before = (await findingsOf(v.A)).find((f) => f.component.purl.includes("jquery"))!;
    expect(before.vulnerability.kev).toBe(false);
    const res = await importFiles([fileOf("kev/known_exploited_vulnerabilities.json"), fileOf("epss/epss_scores-excerpt-first-rows.csv")]);
    expect(res.statusCode, res.body).toBe(201);
    expect((res.json() as { counts: { kev: number } }).counts.kev).toBeGreaterThan(1000);
    const after = (await findingsOf(v.A, "&kev=true")).find((f) => f.id === before.id)!;
    expect(after.vulnerability.kev).toBe(true);
    const rank = ["critical", "high", "medium", "low", "none"];
    expect(rank.indexOf(after.priority)).toBeLessThanOrEqual(rank.indexOf("high"));
    const detail = (await call(vigil, officer, "GET", `/api/findings/${before.id}`)).json() as { priorityFactors: Array<{ factor: string }>; dueAt: string; deadlines: Array<{ id: string }> };
    expect(detail.priorityFactors.map((f) => f.factor)).toContain("kev");
    expect(detail.deadlines.map((d) => d.id)).toContain("kev");
    expect(detail.dueAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  test("a new advisory yields findings incrementally; withdrawing it resolves them but keeps them; an upgrade resolves with the triage kept", async () => {
    const record = {
      schema_version: "1.6.0",
      id: "VIGIL-TEST-3",
      modified: "2026-02-01T00:00:00Z",
      summary: "Test advisory for jquery 3.5.x",
      affected: [{ package: { ecosystem: "npm", name: "jquery" }, ranges: [{ type: "SEMVER", events: [{ introduced: "3.5.0" }, { fixed: "3.6.0" }] }] }],
    };
    const first = await importFiles([{ name: "VIGIL-TEST-3.json", contentBase64: b64(JSON.stringify(record)) }]);
    expect(first.statusCode, first.body).toBe(201);
    expect((first.json() as { findings: { created: number } }).findings.created).toBe(1);
    expect((await findingsOf(v.B)).map(key)).toEqual(["VIGIL-TEST-3 pkg:npm/jquery@3.5.0"]);

    const withdrawn = { ...record, modified: "2026-03-01T00:00:00Z", withdrawn: "2026-03-01T00:00:00Z" };
    const second = await importFiles([{ name: "VIGIL-TEST-3.json", contentBase64: b64(JSON.stringify(withdrawn)) }]);
    expect((second.json() as { counts: { updated: number; withdrawn: number } }).counts).toMatchObject({ updated: 1, withdrawn: 1 });
    expect(await findingsOf(v.B)).toEqual([]);
    const kept = await findingsOf(v.B, "&includeResolved=true");
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ resolution: "advisory_withdrawn", status: "fixed" });
    const vuln = (await call(vigil, officer, "GET", "/api/vulnerabilities/VIGIL-TEST-3")).json() as { withdrawn: boolean };
    expect(vuln.withdrawn).toBe(true);

    await pushSbom("IS-300", "9.0.0", [lib("ansi", "pkg:npm/ansi-html@0.0.8"), lib("jq", "pkg:npm/jquery@3.4.0")]);
    const open = await findingsOf(v.A);
    expect(open.map(key)).toEqual(["CVE-2020-11023 pkg:npm/jquery@3.4.0"]);
    const all = await findingsOf(v.A, "&includeResolved=true");
    const ansi = all.find((f) => f.component.purl.startsWith("pkg:npm/ansi-html"))!;
    expect(ansi).toMatchObject({ resolution: "fixed_by_upgrade", status: "not_affected" });
    const openssl = all.find((f) => f.component.purl.includes("openssl"))!;
    expect(openssl).toMatchObject({ resolution: "fixed_by_upgrade", status: "fixed" });
  });

  test("clinical rescoring is kept beside the original score; the SLA setting moves due dates", async () => {
    const jq = (await findingsOf(v.A)).find((f) => f.component.purl.includes("jquery"))!;
    const res = await call(vigil, officer, "POST", `/api/findings/${jq.id}/rescoring`, {
      patientHarm: "direct",
      clinicalFunction: "therapy",
      phiExposure: "single_patient",
      workflowImpact: "halted",
      attackerReach: "hospital_network",
    });
    expect(res.statusCode, res.body).toBe(200);
    const rescored = res.json() as { rescoring: { original: { baseScore: number }; adjustedScore: number }; history: Array<{ kind: string }> };
    expect(rescored.rescoring.original.baseScore).toBe(6.9);
    expect(typeof rescored.rescoring.adjustedScore).toBe("number");
    expect(rescored.history.map((h) => h.kind)).toContain("rescoring");

    const admin = await signInAs(vigil, "admin");
    const sla = (await call(vigil, officer, "GET", "/api/settings/remediation-sla")).json() as { days: Record<string, number>; kevMaxDays: number };
    expect(sla.kevMaxDays).toBe(30);
    expect((await call(vigil, officer, "PUT", "/api/settings/remediation-sla", { ...sla, usMarket: true, cyberDevice: true })).statusCode).toBe(403);
    const put = await call(vigil, admin, "PUT", "/api/settings/remediation-sla", { ...sla, kevMaxDays: 7, usMarket: true, cyberDevice: true });
    expect(put.statusCode, put.body).toBe(200);
    const detail = (await call(vigil, officer, "GET", `/api/findings/${jq.id}`)).json() as { dueAt: string; firstSeenAt: string; deadlines: Array<{ id: string }> };
    const days = (Date.parse(detail.dueAt) - Date.parse(detail.firstSeenAt.slice(0, 10))) / 86_400_000;
    expect(days).toBeLessThanOrEqual(7);
    expect(detail.deadlines.map((d) => d.id)).toContain("fdca_524b_update");
  });

  test("an import can run as a job with progress; a bad file fails the job's result, not the job", async () => {
    const record = { id: "VIGIL-TEST-JOB", modified: "2026-01-01T00:00:00Z", affected: [{ package: { ecosystem: "npm", name: "left-pad" }, versions: ["1.0.0"] }] };
    const queued = await call(vigil, officer, "POST", "/api/vulnerability-imports?async=true", { files: [{ name: "job.json", contentBase64: b64(JSON.stringify(record)) }] });
    expect(queued.statusCode, queued.body).toBe(202);
    const { statusUrl } = queued.json() as { statusUrl: string };
    await drainJobs();
    const done = (await call(vigil, officer, "GET", statusUrl)).json() as { status: string; progress: { phase: string }; result: { ok: boolean; import: { counts: { added: number } } } };
    expect(done).toMatchObject({ status: "done", result: { ok: true, import: { counts: { added: 1 } } } });
    expect(done.progress.phase).toBe("matching");

    const bad = await call(vigil, officer, "POST", "/api/vulnerability-imports?async=true", { files: [{ name: "bad-job.json", contentBase64: b64("[1]") }] });
    await drainJobs();
    const failed = (await call(vigil, officer, "GET", (bad.json() as { statusUrl: string }).statusUrl)).json() as { status: string; result: { ok: boolean; error: { code: string; details: Array<{ file: string }> } } };
    expect(failed).toMatchObject({ status: "done", result: { ok: false, error: { code: "invalid_feed" } } });
    expect(failed.result.error.details[0].file).toBe("bad-job.json");
  });

  test("support report per version, editable per component", async () => {
    const report = await call(vigil, officer, "GET", `/api/versions/${v.A}/support-report`);
    expect(report.statusCode).toBe(200);
    const items = (report.json() as { items: Array<{ purl: string; supplier: string | null; source: string | null }> }).items;
    expect(items.map((i) => i.purl)).toContain("pkg:npm/jquery@3.4.0");
    const patch = await call(vigil, officer, "PATCH", "/api/components/support", { purl: "pkg:npm/jquery@3.4.0", supplier: "OpenJS Foundation", supportLevel: "community", endOfSupport: "2025-01-01" });
    expect(patch.statusCode, patch.body).toBe(200);
    const after = (await call(vigil, officer, "GET", `/api/versions/${v.A}/support-report`)).json() as { items: Array<{ purl: string; supplier: string; source: string; endOfSupportPassed: boolean }> };
    expect(after.items.find((i) => i.purl === "pkg:npm/jquery@3.4.0")).toMatchObject({ supplier: "OpenJS Foundation", source: "manual", endOfSupportPassed: true });
    const imports = (await call(vigil, officer, "GET", "/api/vulnerability-imports")).json() as { items: Array<{ source: string }>; total: number };
    expect(imports.total).toBeGreaterThanOrEqual(5);
  });
});
