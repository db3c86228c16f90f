import { readFileSync } from "node:fs";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { auditLog, findings } from "../../src/server/platform/db/schema";
import { TRIAGE_POLICY_EXPIRY_QUEUE } from "../../src/server/triage-policies/jobs";
import { call, runDueJobs, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";
import { fixture, requireFixtures } from "../support/fixtures";
import { npmLib, smallCycloneDx } from "./sbom-fixtures";

requireFixtures();

type Finding = { id: string; status: string; justification: string | null; analysedBy: string | null; vulnerability: { id: string }; history: Array<{ kind: string; actor: string; after: { policy?: { name: string }; reason?: string; status?: string } }> };
type Change = { findingId: string; version: string; vulnerability: string; kind: string; policy: { name: string }; reason: string | null; from: { status: string }; to: { status: string; justification: string | null } };
type Outcome = { dryRun: boolean; policies: { created: string[]; updated: string[]; unchanged: string[] }; applied: number; reopened: number; changes: Change[] };
type Policy = { id: string; name: string; decidedFindings: number; expired: boolean; active: boolean };

const DAY = 86_400_000;
const policyFile = (expiresOn: string) => `
# Kept in the manufacturer's repository next to the firmware build.
policies:
  - name: jquery-html-not-rendered
    description: The pump UI never passes untrusted HTML to jQuery.
    conditions:
      vulnerabilities: [CVE-2020-11023]
      purl: "pkg:npm/jquery@*"
      deviceModels: [IS-300]
      versions: "vers:semver/>=8.0.0|<9.0.0"
    analysis:
      status: not_affected
      justification: vulnerable_code_not_in_execute_path
      detail: jQuery's htmlPrefilter is never reached with data from outside the device.
    expiresOn: ${expiresOn}
`;

describe.each(await backends())("triage policies on %s", (backend) => {
  let vigil: TestVigil;
  let officer: Session;
  let auditor: Session;
  const versions: Record<string, string> = {};

  async function pushSbom(version: string) {
    const res = await vigil.app.inject({
      method: "POST",
      url: `/api/sboms?device=IS-300&version=${version}&createVersion=true&fileName=bom.cdx.json`,
      payload: Buffer.from(smallCycloneDx([npmLib("jquery", "3.4.1")])),
      headers: { cookie: officer.cookie, "x-csrf-token": officer.csrf, "content-type": "application/octet-stream" },
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return (res.json() as { sbom: { softwareVersionId: string } }).sbom.softwareVersionId;
  }
  async function jqueryFinding(version: string): Promise<Finding> {
    const list = (await call(vigil, officer, "GET", `/api/versions/${versions[version]}/findings?limit=50`)).json() as { items: Array<{ id: string; vulnerability: { id: string } }> };
    const item = list.items.find((f) => f.vulnerability.id === "CVE-2020-11023");
    expect(item, `the jQuery finding of ${version}`).toBeDefined();
    return (await call(vigil, officer, "GET", `/api/findings/${item!.id}`)).json() as Finding;
  }
  const apply = (yaml: string | undefined, dryRun: boolean, session = officer) => call(vigil, session, "POST", `/api/triage-policies/apply?dryRun=${dryRun}`, yaml ? { yaml, fileName: "policies.yaml" } : {});
  const auditCount = async () => (await vigil.database.db.select({ n: count() }).from(auditLog))[0].n;
  const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    officer = await signInAs(vigil, "security_officer");
    auditor = await signInAs(vigil, "auditor");
    for (const v of ["8.1.0", "8.2.0", "8.3.0"]) versions[v] = await pushSbom(v);
    const osv = { name: "GHSA-jpcq-cgw6-v4j6.json", contentBase64: readFileSync(fixture("osv", "records", "from-bundles", "GHSA-jpcq-cgw6-v4j6.json")).toString("base64") };
    expect((await call(vigil, officer, "POST", "/api/vulnerability-imports", { files: [osv] })).statusCode).toBe(201);
    // A person's own analysis of 8.2.0, before any policy exists.
    const own = await call(vigil, officer, "POST", `/api/findings/${(await jqueryFinding("8.2.0")).id}/analysis`, { status: "affected", response: "update" });
    expect(own.statusCode, own.body).toBe(200);
  }, 300_000);
  afterAll(async () => vigil?.stop());

  test("a dry run lists what would change and changes nothing; applying records each decision naming the policy and never overrides a person's triage", async () => {
    const expiresOn = isoDay(vigil.clock.now.getTime() + 10 * DAY);
    const auditBefore = await auditCount();
    const dry = await apply(policyFile(expiresOn), true);
    expect(dry.statusCode, dry.body).toBe(200);
    const planned = dry.json() as Outcome;
    expect(planned.dryRun).toBe(true);
    expect(planned.policies.created).toEqual(["jquery-html-not-rendered"]);
    expect(planned.changes.map((c) => c.version).sort()).toEqual(["8.1.0", "8.3.0"]);
    expect(planned.changes[0]).toMatchObject({ vulnerability: "CVE-2020-11023", kind: "apply", policy: { name: "jquery-html-not-rendered" }, from: { status: "under_investigation" }, to: { status: "not_affected", justification: "vulnerable_code_not_in_execute_path" } });
    expect(await auditCount()).toBe(auditBefore);
    expect(((await call(vigil, officer, "GET", "/api/triage-policies")).json() as { items: Policy[] }).items).toEqual([]);
    expect((await jqueryFinding("8.1.0")).status).toBe("under_investigation");

    expect((await apply(policyFile(expiresOn), false, auditor)).statusCode).toBe(403);
    const res = await apply(policyFile(expiresOn), false);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: false, applied: 2, reopened: 0, policies: { created: ["jquery-html-not-rendered"] } });

    const decided = await jqueryFinding("8.1.0");
    expect(decided).toMatchObject({ status: "not_affected", justification: "vulnerable_code_not_in_execute_path", analysedBy: "policy: jquery-html-not-rendered" });
    expect(decided.history.at(-1)).toMatchObject({ kind: "policy_applied", actor: "policy: jquery-html-not-rendered", after: { policy: { name: "jquery-html-not-rendered" }, status: "not_affected" } });
    expect((await jqueryFinding("8.3.0")).status).toBe("not_affected");
    const own = await jqueryFinding("8.2.0");
    expect(own.status).toBe("affected");
    expect(own.history.some((h) => h.kind.startsWith("policy"))).toBe(false);
    const entries = await vigil.database.db.select().from(auditLog).where(eq(auditLog.action, "policy_apply"));
    expect(entries.map((e) => e.entityId).sort()).toEqual([decided.id, (await jqueryFinding("8.3.0")).id].sort());
    expect(await vigil.database.db.select().from(auditLog).where(eq(auditLog.entityType, "triage_policy"))).toHaveLength(1);

    const list = ((await call(vigil, auditor, "GET", "/api/triage-policies")).json() as { items: Policy[] }).items;
    expect(list).toEqual([expect.objectContaining({ name: "jquery-html-not-rendered", decidedFindings: 2, expired: false, active: true })]);
    const again = (await apply(policyFile(expiresOn), false)).json() as Outcome;
    expect(again).toMatchObject({ applied: 0, reopened: 0, policies: { created: [], updated: [], unchanged: ["jquery-html-not-rendered"] } });
  });

  test("a finding matched later is decided by the policy when matching runs; a later own analysis makes it the person's", async () => {
    versions["8.4.0"] = await pushSbom("8.4.0");
    const later = await jqueryFinding("8.4.0");
    expect(later).toMatchObject({ status: "not_affected", analysedBy: "policy: jquery-html-not-rendered" });
    expect(later.history.map((h) => h.kind)).toEqual(["matched", "policy_applied"]);
    const own = await call(vigil, officer, "POST", `/api/findings/${later.id}/analysis`, { status: "affected", response: "will_not_fix" });
    expect(own.statusCode, own.body).toBe(200);
    const policy = ((await call(vigil, officer, "GET", "/api/triage-policies")).json() as { items: Policy[] }).items[0];
    expect(policy.decidedFindings).toBe(2);
  });

  test("policy expiry: the daily job re-opens what an expired policy decided, with a history entry naming it; own analyses stay", async () => {
    // Eleven days on (the policy expired after ten): the clock stays there, with fresh sign-ins, for the tests after.
    vigil.clock.now = new Date(vigil.clock.now.getTime() + 11 * DAY);
    officer = await signInAs(vigil, "security_officer");
    auditor = await signInAs(vigil, "auditor");
    await vigil.jobs.enqueue(TRIAGE_POLICY_EXPIRY_QUEUE, {}, { runAt: vigil.clock.now });
    expect(await runDueJobs(vigil)).toBeGreaterThan(0);
    const reopened = await jqueryFinding("8.1.0");
    expect(reopened).toMatchObject({ status: "under_investigation", justification: null, analysedBy: null });
    expect(reopened.history.at(-1)).toMatchObject({ kind: "policy_reopened", actor: "policy: jquery-html-not-rendered", after: { reason: "expired", status: "under_investigation", policy: { name: "jquery-html-not-rendered" } } });
    expect((await jqueryFinding("8.3.0")).status).toBe("under_investigation");
    expect((await jqueryFinding("8.2.0")).status).toBe("affected");
    expect((await jqueryFinding("8.4.0")).status).toBe("affected");
    expect(await vigil.database.db.select().from(auditLog).where(eq(auditLog.action, "policy_reopen"))).toHaveLength(2);
    const policy = ((await call(vigil, auditor, "GET", "/api/triage-policies")).json() as { items: Policy[] }).items[0];
    expect(policy).toMatchObject({ expired: true, active: false, decidedFindings: 0 });
  });

  test("create, change and delete through the API: deleting re-opens what the policy decided", async () => {
    const body = { name: "jquery-8.3-only", conditions: { purl: "pkg:npm/jquery@3.4.1", versions: "vers:semver/8.3.0" }, analysis: { status: "affected", response: "update" } };
    const created = await call(vigil, officer, "POST", "/api/triage-policies", body);
    expect(created.statusCode, created.body).toBe(201);
    const { policy, applied, changes } = created.json() as { policy: Policy; applied: number; changes: Change[] };
    expect(changes.map((c) => [c.version, c.kind]), JSON.stringify(changes)).toEqual([["8.3.0", "apply"]]);
    expect(applied).toBe(1);
    expect((await call(vigil, officer, "POST", "/api/triage-policies", body)).statusCode).toBe(409);
    expect((await jqueryFinding("8.3.0")).status).toBe("affected");

    const changed = await call(vigil, officer, "PUT", `/api/triage-policies/${policy.id}`, { ...body, enabled: false });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ reopened: 1, changes: [{ kind: "reopen", reason: "disabled", version: "8.3.0" }] });
    expect((await call(vigil, officer, "PUT", `/api/triage-policies/${policy.id}`, body)).json()).toMatchObject({ applied: 1 });

    const deleted = await call(vigil, officer, "DELETE", `/api/triage-policies/${policy.id}`);
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(deleted.json()).toMatchObject({ reopened: 1, changes: [{ reason: "deleted", policy: { name: "jquery-8.3-only" } }] });
    const f = await jqueryFinding("8.3.0");
    expect(f.status).toBe("under_investigation");
    // The test clock stands still, so the entries of this test share one instant: look for the entry, not its place.
    expect(f.history).toContainEqual(expect.objectContaining({ kind: "policy_reopened", after: expect.objectContaining({ reason: "deleted", policy: expect.objectContaining({ name: "jquery-8.3-only" }) }) }));
    expect((await call(vigil, officer, "DELETE", `/api/triage-policies/${policy.id}`)).statusCode).toBe(404);
    const audited = await vigil.database.db.select().from(auditLog).where(eq(auditLog.entityId, policy.id)).orderBy(auditLog.seq);
    expect(audited.map((e) => e.action)).toEqual(["create", "update", "update", "delete"]);
  });

  test("a bad policy file or body is a 400 naming the path and the reason, and changes nothing", async () => {
    const before = await vigil.database.db.select({ id: findings.id, status: findings.status }).from(findings);
    const bad = await apply(policyFile("2031-02-30").replace("justification: vulnerable_code_not_in_execute_path", "justification: unreachable"), false);
    expect(bad.statusCode).toBe(400);
    const err = bad.json() as { error: { code: string; message: string; details: Array<{ path: string; message: string }> } };
    expect(err.error.message).toBe("policies.yaml is not a valid triage policy file");
    expect(err.error.details).toEqual(
      expect.arrayContaining([
        { path: "body/yaml policies[0].expiresOn", message: "not a calendar date" },
        expect.objectContaining({ path: "body/yaml policies[0].analysis.justification" }),
      ]),
    );
    const syntax = await apply("policies:\n  - name: x\n   conditions: [", false);
    expect(syntax.statusCode).toBe(400);
    expect((syntax.json() as typeof err).error.details[0].path).toMatch(/^body\/yaml line \d+, column \d+$/);
    const body = await call(vigil, officer, "POST", "/api/triage-policies", { name: "no-conditions", conditions: {}, analysis: { status: "not_affected" } });
    expect(body.statusCode).toBe(400);
    expect(body.body).toContain("conditions");
    expect(body.body).toContain("justification");
    expect(body.body).not.toMatch(/\n\s+at /);
    expect(await vigil.database.db.select({ id: findings.id, status: findings.status }).from(findings)).toEqual(before);
  });
});
