import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";
import { npmLib } from "./sbom-fixtures";

const bom = (withGraph: boolean) =>
  JSON.stringify({
    bomFormat: "CycloneDX",
    specVersion: "1.5",
    version: 1,
    metadata: { component: { type: "firmware", name: "pump-firmware", version: "3.8.0", "bom-ref": "root" } },
    components: [npmLib("left-pad", "1.3.0"), npmLib("is-odd", "3.0.1")],
    ...(withGraph ? { dependencies: [{ ref: "root", dependsOn: ["left-pad@1.3.0"] }, { ref: "left-pad@1.3.0", dependsOn: ["is-odd@3.0.1"] }] } : {}),
  });

type Component = { name: string; direct: boolean; relationship: string };

describe.each(await backends())("dependency relationship of SBOM components on %s", (backend) => {
  let vigil: TestVigil;
  let officer: Session;

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    officer = await signInAs(vigil, "security_officer");
  });
  afterAll(async () => vigil?.stop());

  async function upload(version: string, withGraph: boolean): Promise<string> {
    const res = await vigil.app.inject({
      method: "POST",
      url: `/api/sboms?device=IS-300&version=${version}&createVersion=true&fileName=pump.cdx.json`,
      payload: Buffer.from(bom(withGraph)),
      headers: { cookie: officer.cookie, "x-csrf-token": officer.csrf, "content-type": "application/octet-stream" },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().sbom.id;
  }
  const components = async (sbomId: string, query = "") =>
    ((await call(vigil, officer, "GET", `/api/sboms/${sbomId}${query}`)).json().components.items as Component[]).map((c) => [c.name, c.relationship]);

  // Regression: an SBOM without a dependency graph showed every component as transitive.
  test("an SBOM that states no dependencies gives every component an unknown relationship, never transitive", async () => {
    const id = await upload("3.8.0", false);
    expect(await components(id)).toEqual([
      ["left-pad", "unknown"],
      ["is-odd", "unknown"],
    ]);
    expect(await components(id, "?relationship=transitive")).toEqual([]);
    expect(await components(id, "?relationship=unknown")).toHaveLength(2);
  });

  test("an SBOM with a dependency graph tells direct from transitive, and the filter follows it", async () => {
    const id = await upload("3.8.1", true);
    expect(await components(id)).toEqual([
      ["left-pad", "direct"],
      ["is-odd", "transitive"],
    ]);
    expect(await components(id, "?relationship=transitive")).toEqual([["is-odd", "transitive"]]);
    expect(await components(id, "?relationship=unknown")).toEqual([]);
    const bad = await call(vigil, officer, "GET", `/api/sboms/${id}?relationship=indirect`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/relationship/);
  });
});
