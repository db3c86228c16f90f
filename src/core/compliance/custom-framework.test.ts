import { describe, expect, test } from "vitest";
import { formatImportProblem, type ImportContext, parseCustomFramework } from "./custom-framework";

const ctx: ImportContext = {
  takenFrameworkIds: new Set(["nis2", "iso27001", "custom-taken"]),
  controlExists: (id) => ["ACC-03", "OPS-05"].includes(id),
  requirementExists: (id) => ["iso27001:A.8.5", "nis2:art21.2.j"].includes(id),
};

const good = `framework:
  id: custom-hospital-req
  name: St. Lukas security requirements for suppliers
  version: 2026
requirements:
  - id: SEC
    title: Security
  - id: SEC-1
    parent: SEC
    title: Remote service access uses MFA
    mappings:
      - { control: ACC-03, relationship: equal, strength: high }
      - { requirement: iso27001:A.8.5, relationship: subset }
  - id: SEC-2
    parent: SEC
    title: Backups are tested
    mappings:
      - { requirement: custom-hospital-req:SEC-1, relationship: intersect }
`;

describe("custom framework import", () => {
  test("a sound YAML file resolves ids, parents and mappings", () => {
    const { framework, problems } = parseCustomFramework(good, ctx);
    expect(problems).toEqual([]);
    expect(framework).toMatchObject({ id: "custom-hospital-req", version: "2026" });
    expect(framework!.requirements.map((r) => r.id)).toEqual(["custom-hospital-req:SEC", "custom-hospital-req:SEC-1", "custom-hospital-req:SEC-2"]);
    expect(framework!.requirements[1]).toMatchObject({ parent: "custom-hospital-req:SEC", position: 1 });
    expect(framework!.requirements[1].mappings).toEqual([
      { control: "ACC-03", relationship: "equal", strength: "high" },
      { requirement: "iso27001:A.8.5", relationship: "subset" },
    ]);
  });

  test("JSON works too", () => {
    const json = JSON.stringify({ framework: { id: "custom-json", name: "J" }, requirements: [{ id: "R1", title: "One" }] }, null, 2);
    expect(parseCustomFramework(json, ctx).framework?.requirements[0].id).toBe("custom-json:R1");
  });

  test("a bad relationship names its line and the allowed values", () => {
    const text = good.replace("relationship: equal, strength: high", "relationship: same, strength: high");
    const { framework, problems } = parseCustomFramework(text, ctx);
    expect(framework).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 12, path: "requirements.1.mappings.0.relationship" });
    expect(problems[0].reason).toMatch(/equal/);
    expect(formatImportProblem(problems[0])).toMatch(/^line 12, column \d+ \(requirements\.1\.mappings\.0\.relationship\): /);
  });

  test("unknown control, unknown catalog requirement, unknown parent, duplicate id: each with its line", () => {
    const text = `framework: { id: custom-x, name: X }
requirements:
  - id: A
    title: a
    parent: NOPE
  - id: A
    title: again
    mappings:
      - { control: ZZZ-01, relationship: equal }
      - { requirement: "iso27001:A.99.1", relationship: subset }
`;
    const { problems } = parseCustomFramework(text, ctx);
    const byReason = (re: RegExp) => problems.find((p) => re.test(p.reason));
    expect(byReason(/parent NOPE/)?.line).toBe(5);
    expect(byReason(/duplicate requirement id A/)?.line).toBe(6);
    expect(byReason(/no control ZZZ-01/)?.line).toBe(9);
    expect(byReason(/no requirement iso27001:A.99.1/)?.line).toBe(10);
  });

  test("missing title and unknown key point at the requirement's line", () => {
    const text = "framework:\n  id: custom-y\n  name: Y\nrequirements:\n  - id: R1\n    colour: red\n";
    const { problems } = parseCustomFramework(text, ctx);
    expect(problems.map((p) => [p.line, p.reason])).toEqual(
      expect.arrayContaining([
        [5, expect.stringMatching(/unknown key\(s\): colour/)],
        [5, expect.any(String)],
      ]),
    );
  });

  test("a YAML syntax error names its line", () => {
    const { problems } = parseCustomFramework("framework:\n  id: custom-z\n  name: [unclosed\nrequirements: []\n", ctx);
    expect(problems[0].reason).toMatch(/^invalid YAML\/JSON/);
    expect(problems[0].line).toBeGreaterThanOrEqual(3);
  });

  test("a framework id already in use is refused unless it is the one being replaced", () => {
    const text = "framework: { id: custom-taken, name: T }\nrequirements:\n  - { id: R, title: r }\n";
    expect(parseCustomFramework(text, ctx).problems[0]).toMatchObject({ line: 1, reason: "a framework with id custom-taken already exists" });
    expect(parseCustomFramework(text, { ...ctx, replacing: "custom-taken" }).problems).toEqual([]);
    expect(parseCustomFramework("framework: { id: nis2, name: N }\nrequirements:\n  - { id: R, title: r }\n", ctx).problems).toHaveLength(1);
  });

  test("parent cycles are refused", () => {
    const text = "framework: { id: custom-c, name: C }\nrequirements:\n  - { id: A, title: a, parent: B }\n  - { id: B, title: b, parent: A }\n";
    expect(parseCustomFramework(text, ctx).problems.some((p) => /cycle/.test(p.reason))).toBe(true);
  });
});
