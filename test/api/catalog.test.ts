import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, signInAs, type Session, startTestVigil, type TestVigil } from "../support/app";

describe("catalog browser API", () => {
  let vigil: TestVigil;
  let auditor: Session;
  beforeAll(async () => {
    vigil = await startTestVigil("embedded");
    auditor = await signInAs(vigil, "auditor");
  });
  afterAll(async () => vigil?.stop());

  test("lists frameworks with item counts; ISO 27001 has the 93 Annex A controls", async () => {
    const res = await call(vigil, auditor, "GET", "/api/catalog/frameworks");
    expect(res.statusCode).toBe(200);
    const ids = res.json().frameworks.map((f: { id: string }) => f.id);
    expect(ids).toEqual(expect.arrayContaining(["nis2", "iso27001", "mdr", "ivdr"]));
    const annexA = await call(vigil, auditor, "GET", "/api/catalog/items?framework=iso27001&q=iso27001:A.&limit=1000");
    const controls = annexA.json().items.filter((i: { id: string }) => /^iso27001:A\.\d+\.\d+$/.test(i.id));
    expect(controls).toHaveLength(93);
  });

  test("an item shows its mappings in both directions", async () => {
    const res = await call(vigil, auditor, "GET", "/api/catalog/items/nis2:art21.2.d");
    expect(res.statusCode).toBe(200);
    const item = res.json();
    expect(item.title).toMatch(/supply/i);
    expect(item.mappings.length).toBeGreaterThan(0);
    const iso = item.mappings.find((m: { other: { framework: string } }) => m.other.framework === "iso27001");
    expect(iso).toBeTruthy();
    const back = await call(vigil, auditor, "GET", `/api/catalog/items/${encodeURIComponent(iso.other.id)}`);
    expect(back.json().mappings.some((m: { other: { id: string } }) => m.other.id === "nis2:art21.2.d")).toBe(true);
  });

  test("unknown item → 404", async () => {
    expect((await call(vigil, auditor, "GET", "/api/catalog/items/nis2:nope")).statusCode).toBe(404);
  });
});
