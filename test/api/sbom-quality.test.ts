import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";
import { requireFixtures } from "../support/fixtures";
import { realSbom } from "./sbom-fixtures";

requireFixtures();

type Quality = { profile: string; title: string; passed: boolean; problems: Array<{ component: string; field: string; reason: string }>; summary: { components: number; missing: Record<string, number> } };

describe.each(await backends())("SBOM quality on %s", (backend) => {
  let vigil: TestVigil;
  let officer: Session;
  let sbomId: string;

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    officer = await signInAs(vigil, "security_officer");
    const res = await vigil.app.inject({
      method: "POST",
      url: "/api/sboms?device=IS-300&version=9.8.0-quality&createVersion=true&fileName=03-SBOMwDependency.spdx.json",
      payload: realSbom("spdx", "spdx-examples", "oss-na-2023", "03-SBOMwDependency.spdx.json"),
      headers: { cookie: officer.cookie, "x-csrf-token": officer.csrf, "content-type": "application/octet-stream" },
    });
    expect(res.statusCode, res.body).toBe(201);
    sbomId = res.json().sbom.id;
  });
  afterAll(async () => vigil?.stop());

  test("a stored real SPDX SBOM meets the NTIA minimum elements and misses FDA's support level and BSI's hashes", async () => {
    const res = await call(vigil, officer, "GET", `/api/sboms/${sbomId}/quality`);
    expect(res.statusCode, res.body).toBe(200);
    const items = (res.json() as { items: Quality[] }).items;
    expect(items.map((q) => [q.profile, q.passed])).toEqual([
      ["ntia", true],
      ["bsi-tr-03183-2", false],
      ["fda", false],
    ]);
    const fda = items[2];
    expect(new Set(fda.problems.map((p) => p.field))).toEqual(new Set(["support_level", "end_of_support"]));
    expect(items[1].problems).toContainEqual(expect.objectContaining({ field: "hash_sha512", reason: "no SHA-512 hash" }));
  });

  test("?profile= picks one; an unknown profile is a 400 naming the field, an unknown SBOM a 404", async () => {
    const one = await call(vigil, officer, "GET", `/api/sboms/${sbomId}/quality?profile=fda`);
    expect((one.json() as { items: Quality[] }).items.map((q) => q.profile)).toEqual(["fda"]);
    const bad = await call(vigil, officer, "GET", `/api/sboms/${sbomId}/quality?profile=iso`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain("profile");
    const missing = await call(vigil, officer, "GET", "/api/sboms/00000000-0000-4000-8000-000000000000/quality");
    expect(missing.statusCode).toBe(404);
  });

  test("an auditor may read it; anonymous callers may not", async () => {
    const auditor = await signInAs(vigil, "auditor");
    expect((await call(vigil, auditor, "GET", `/api/sboms/${sbomId}/quality`)).statusCode).toBe(200);
    expect((await call(vigil, null, "GET", `/api/sboms/${sbomId}/quality`)).statusCode).toBe(401);
  });
});
