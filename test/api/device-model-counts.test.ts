import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";

type WholeModel = { id: string; versions: { id: string; supportStatus: string; endOfSupport: string | null; installedUnits: number }[] };
type PagedModel = { id: string; versionCount: number; installedUnits: number; pastSupportInstalled: number };

describe.each(await backends())("the device list's per-model counts on %s", (backend) => {
  let vigil: TestVigil;
  let officer: Session;

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    vigil.clock.now = new Date("2026-03-01T10:00:00Z");
    officer = await signInAs(vigil, "security_officer");
  });
  afterAll(async () => vigil?.stop());

  const get = async <T>(url: string): Promise<T> => {
    const res = await call(vigil, officer, "GET", url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as T;
  };

  test("every page counts each model's versions, installed units and installed versions past end of support as its versions in the whole list add up", async () => {
    // One version past its end-of-support date besides the demo's end-of-support pump version.
    const whole0 = await get<WholeModel[]>("/api/devices");
    const installed = whole0.flatMap((m) => m.versions).find((v) => v.installedUnits > 0 && v.supportStatus !== "end_of_support")!;
    expect((await call(vigil, officer, "PATCH", `/api/versions/${installed.id}`, { endOfSupport: "2026-02-28" })).statusCode).toBe(200);

    const whole = await get<WholeModel[]>("/api/devices");
    const today = "2026-03-01";
    const expected = new Map(
      whole.map((m) => [
        m.id,
        {
          id: m.id,
          versionCount: m.versions.length,
          installedUnits: m.versions.reduce((sum, v) => sum + v.installedUnits, 0),
          pastSupportInstalled: m.versions.filter((v) => (v.supportStatus === "end_of_support" || (v.endOfSupport !== null && v.endOfSupport < today)) && v.installedUnits > 0).length,
        },
      ]),
    );
    expect([...expected.values()].filter((m) => m.pastSupportInstalled > 0).length).toBeGreaterThanOrEqual(1);
    const seen: PagedModel[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: PagedModel[]; total: number; nextCursor: string | null } = await get(`/api/devices?limit=2&sort=name${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      expect(page.total).toBe(whole.length);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && seen.length <= whole.length);
    expect(seen.map((m) => ({ id: m.id, versionCount: m.versionCount, installedUnits: m.installedUnits, pastSupportInstalled: m.pastSupportInstalled }))).toEqual(
      seen.map((m) => expected.get(m.id)),
    );
    expect(seen.map((m) => m.id).sort()).toEqual(whole.map((m) => m.id).sort());
  });
});
