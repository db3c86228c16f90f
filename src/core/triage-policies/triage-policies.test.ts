import { describe, expect, test } from "vitest";
import { decidingPolicy, type PolicyFindingFacts, parsePolicyFile, plannedChange, policyExpired, policyMatches, purlMatches, type StoredPolicy, triageOwner } from ".";

const busyboxFile = `
policies:
  - name: busybox-httpd-not-built
    description: BusyBox is built without httpd on every InfuSafe image.
    conditions:
      vulnerabilities: [CVE-2022-48174]
      purl: "pkg:deb/debian/busybox@*"
      deviceModels: [InfuSafe 300]
      versions: "vers:semver/>=3.0.0|<3.2.0"
    analysis:
      status: not_affected
      justification: vulnerable_code_not_present
      detail: CONFIG_HTTPD is off in the image configuration (build/busybox.config).
    expiresOn: 2027-06-30
  - name: low-epss-openssl-under-review
    conditions:
      purl: "pkg:generic/openssl@*"
      kev: false
      epssMax: 0.01
      severities: [low, medium]
    analysis:
      status: affected
      response: will_not_fix
    priority: -1
`;

const finding = (over: Partial<PolicyFindingFacts> = {}): PolicyFindingFacts => ({
  vulnerabilityId: "CVE-2022-48174",
  aliases: ["GHSA-8xvq-3m4v-xx8c"],
  purl: "pkg:deb/debian/busybox@1.35.0-4?arch=armhf",
  deviceModel: { id: "m-1", name: "InfuSafe 300", modelNumber: "IS-300" },
  version: "3.1.0",
  kev: false,
  epss: 0.004,
  severity: "CRITICAL",
  ...over,
});

function policies(): StoredPolicy[] {
  const r = parsePolicyFile("policies.yaml", busyboxFile);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.policies.map((p, i) => ({ id: `p${i}`, name: p.name, conditions: p.conditions, analysis: p.analysis, expiresOn: p.expiresOn ?? null, enabled: p.enabled, priority: p.priority }));
}

describe("policy files", () => {
  test("a manufacturer's YAML file reads into policies with defaults", () => {
    const [busybox, openssl] = policies();
    expect(busybox).toMatchObject({ name: "busybox-httpd-not-built", enabled: true, priority: 0, expiresOn: "2027-06-30", analysis: { status: "not_affected", justification: "vulnerable_code_not_present" } });
    expect(openssl).toMatchObject({ priority: -1, expiresOn: null, conditions: { kev: false, epssMax: 0.01, severities: ["low", "medium"] } });
  });

  test("errors name the file, the path in the document and the reason", () => {
    const bad = busyboxFile.replace("justification: vulnerable_code_not_present", "justification: unreachable").replace("2027-06-30", "2027-02-30").replace("priority: -1", "priority: -1\n    owner: me");
    const r = parsePolicyFile("policies.yaml", bad);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ file: "policies.yaml", path: "policies[0].analysis.justification" }),
        { file: "policies.yaml", path: "policies[0].expiresOn", reason: "not a calendar date" },
        expect.objectContaining({ path: "policies[1]", reason: expect.stringContaining("owner") }),
      ]),
    );
  });

  test("a not_affected decision needs a justification, and a policy needs at least one condition and a readable version range", () => {
    const r = parsePolicyFile("p.yaml", "policies:\n  - name: everything\n    conditions: {}\n    analysis: {status: not_affected}\n  - name: range\n    conditions: {versions: '>=3.0'}\n    analysis: {status: affected}\n");
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues).toEqual([
      { file: "p.yaml", path: "policies[0].conditions", reason: expect.stringContaining("at least one condition") },
      { file: "p.yaml", path: "policies[0].analysis.justification", reason: "required when status is not_affected" },
      { file: "p.yaml", path: "policies[1].conditions.versions", reason: expect.stringContaining("VERS range") },
    ]);
  });

  test("YAML syntax errors name the line; duplicate names and a document without policies are refused", () => {
    const syntax = parsePolicyFile("p.yaml", "policies:\n  - name: a\n   conditions: [");
    expect(syntax.ok).toBe(false);
    if (!syntax.ok) expect(syntax.issues[0].path).toMatch(/^line \d+, column \d+$/);
    const twice = parsePolicyFile("p.yaml", "policies:\n  - {name: a, conditions: {kev: true}, analysis: {status: affected}}\n  - {name: a, conditions: {kev: false}, analysis: {status: affected}}\n");
    expect(twice).toEqual({ ok: false, issues: [{ file: "p.yaml", path: "policies[1].name", reason: 'the name "a" is used twice' }] });
    expect(parsePolicyFile("p.yaml", "- a\n- b\n")).toEqual({ ok: false, issues: [{ file: "p.yaml", path: "(document)", reason: "expected a mapping with a policies: list" }] });
  });
});

describe("matching findings", () => {
  test("purl patterns: * matches any run of characters, the rest literally", () => {
    expect(purlMatches("pkg:deb/debian/busybox@*", "pkg:deb/debian/busybox@1.35.0-4?arch=armhf")).toBe(true);
    expect(purlMatches("pkg:deb/debian/busybox@*", "pkg:deb/debian/busybox-static@1.35.0")).toBe(false);
    expect(purlMatches("pkg:npm/*/core@*", "pkg:npm/%40angular/core@15.2.0")).toBe(true);
    expect(purlMatches("pkg:npm/lodash@4.17.2?", "pkg:npm/lodash@4.17.21")).toBe(false);
    expect(purlMatches("pkg:*", "")).toBe(false);
  });

  test("every condition must hold: id or alias, purl, device model, version range", () => {
    const [busybox] = policies();
    expect(policyMatches(busybox.conditions, finding())).toBe(true);
    expect(policyMatches({ vulnerabilities: ["ghsa-8xvq-3m4v-xx8c"] }, finding({ vulnerabilityId: "GHSA-8xvq-3m4v-xx8c", aliases: ["CVE-2022-48174"] }))).toBe(true);
    expect(policyMatches(busybox.conditions, finding({ vulnerabilityId: "CVE-2023-42363", aliases: [] }))).toBe(false);
    expect(policyMatches(busybox.conditions, finding({ deviceModel: { id: "m-2", name: "InfuSafe 500" } }))).toBe(false);
    expect(policyMatches(busybox.conditions, finding({ deviceModel: { id: "m-1", name: "infusafe 300" } }))).toBe(true);
    expect(policyMatches({ deviceModels: ["m-1"] }, finding())).toBe(true);
    expect(policyMatches({ deviceModels: ["is-300"] }, finding())).toBe(true);
    expect(policyMatches({ deviceModels: ["IS-500"] }, finding())).toBe(false);
    expect(policyMatches(busybox.conditions, finding({ version: "3.2.0" }))).toBe(false);
    expect(policyMatches(busybox.conditions, finding({ version: "2.9.9" }))).toBe(false);
    expect(policyMatches(busybox.conditions, finding({ version: "3.0.0" }))).toBe(true);
  });

  test("KEV, EPSS bounds and severity; a finding without an EPSS score matches no EPSS bound", () => {
    const c = { kev: false, epssMax: 0.01, severities: ["low", "medium"] as Array<"low" | "medium"> };
    expect(policyMatches(c, finding({ severity: "moderate" }))).toBe(true);
    expect(policyMatches(c, finding({ severity: "moderate", kev: true }))).toBe(false);
    expect(policyMatches(c, finding({ severity: "moderate", epss: 0.2 }))).toBe(false);
    expect(policyMatches(c, finding({ severity: "moderate", epss: null }))).toBe(false);
    expect(policyMatches(c, finding({ severity: "high" }))).toBe(false);
    expect(policyMatches({ epssMin: 0.5 }, finding({ epss: 0.5 }))).toBe(true);
    expect(policyMatches({ severities: ["unknown"] }, finding({ severity: null }))).toBe(true);
  });

  test("the deciding policy: active only, highest priority first, then by name", () => {
    const [busybox] = policies();
    const broader: StoredPolicy = { ...busybox, id: "p9", name: "all-busybox", conditions: { purl: "pkg:deb/debian/busybox@*" }, analysis: { status: "affected" } };
    expect(decidingPolicy([busybox, broader], finding(), "2027-01-01")?.name).toBe("all-busybox");
    expect(decidingPolicy([busybox, { ...broader, priority: -5 }], finding(), "2027-01-01")?.name).toBe("busybox-httpd-not-built");
    expect(decidingPolicy([busybox], finding(), "2027-06-30")).toBeNull();
    expect(decidingPolicy([{ ...busybox, enabled: false }], finding(), "2027-01-01")).toBeNull();
  });
});

describe("policy expiry", () => {
  test("a policy applies up to the day before expiresOn and is expired from that day", () => {
    expect(policyExpired({ expiresOn: "2027-06-30" }, "2027-06-29")).toBe(false);
    expect(policyExpired({ expiresOn: "2027-06-30" }, "2027-06-30")).toBe(true);
    expect(policyExpired({ expiresOn: null }, "2099-01-01")).toBe(false);
  });

  test("a finding decided by an expired policy is re-opened; an own analysis is never touched", () => {
    const [busybox] = policies();
    const decidedAt = new Date("2027-01-05T09:00:00Z");
    const decided = { status: "not_affected", justification: "vulnerable_code_not_present", response: null, detail: busybox.analysis.detail ?? null };
    const owner = triageOwner({ analysedAt: decidedAt }, { policyId: busybox.id, appliedAt: decidedAt });
    expect(owner).toEqual({ kind: "policy", policyId: "p0" });
    expect(plannedChange(decided, owner, decidingPolicy([busybox], finding(), "2027-03-01"))).toBeNull();
    expect(plannedChange(decided, owner, decidingPolicy([busybox], finding(), "2027-06-30"))).toEqual({ kind: "reopen", policyId: "p0", to: { status: "under_investigation", justification: null, response: null, detail: null } });

    const ownLater = triageOwner({ analysedAt: new Date("2027-02-01T10:00:00Z") }, { policyId: busybox.id, appliedAt: decidedAt });
    expect(ownLater).toEqual({ kind: "own" });
    expect(plannedChange(decided, ownLater, null)).toBeNull();
    expect(plannedChange(decided, ownLater, busybox)).toBeNull();
  });

  test("an untouched finding gets the policy's analysis; a changed policy re-decides its findings", () => {
    const [busybox] = policies();
    const open = { status: "under_investigation", justification: null, response: null, detail: null };
    expect(plannedChange(open, triageOwner({ analysedAt: null }, null), busybox)).toMatchObject({ kind: "apply", policy: { name: "busybox-httpd-not-built" }, to: { status: "not_affected" } });
    expect(plannedChange(open, { kind: "untouched" }, null)).toBeNull();
    const edited = { ...busybox, analysis: { status: "affected" as const, response: "update" as const } };
    expect(plannedChange({ ...open, status: "not_affected", justification: "vulnerable_code_not_present", detail: busybox.analysis.detail ?? null }, { kind: "policy", policyId: "p0" }, edited)).toMatchObject({ kind: "apply", to: { status: "affected", response: "update" } });
  });
});
