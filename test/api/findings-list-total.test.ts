import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { deviceModels, softwareVersions } from "../../src/server/devices/schema";
import { findings } from "../../src/server/vulnerabilities/schema";
import { call, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";
import { expectKeptTotal } from "../support/kept-total";
import { SEEDED_VULNERABILITIES, seededFinding, seedFindings } from "../support/findings";

type Page = { items: { id: string; version: { id: string } }[]; total: number; nextCursor: string | null };

const TAG = "totaltest";

describe.each(await backends())("the findings list's total and its kept statements on %s", (backend) => {
  let vigil: TestVigil;
  let officer: Session;
  let versionIds: string[];

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    vigil.clock.now = new Date("2026-11-23T10:00:00Z");
    officer = await signInAs(vigil, "security_officer");
    const db = vigil.database.db;
    const [model] = await db.insert(deviceModels).values({ name: `Totals ${TAG}`, modelNumber: "TT-1", kind: "medical_device", connectivity: [] }).returning();
    const versions = await db
      .insert(softwareVersions)
      .values(Array.from({ length: 30 }, (_, i) => ({ deviceModelId: model.id, version: `3.${i}.0` })))
      .returning();
    versionIds = versions.map((v) => v.id);
    await seedFindings(db, TAG, versionIds);
  });
  afterAll(async () => vigil?.stop());

  const get = async (url: string): Promise<Page> => {
    const res = await call(vigil, officer, "GET", url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Page;
  };
  const openCount = async () => (await vigil.database.db.select().from(findings)).filter((f) => f.resolvedAt === null).length;
  const addFindings = (n: number) => vigil.database.db.insert(findings).values(SEEDED_VULNERABILITIES.map((vuln) => seededFinding(TAG, vuln, 1, versionIds[0], `pkg:npm/${TAG}-late@${n}`)));

  test("the total counts the open findings, lags a write made outside this process's requests by at most the cache time, and follows a write through the API at once", async () => {
    let n = 0;
    await expectKeptTotal(vigil, officer, {
      url: "/api/findings?limit=5",
      counted: openCount,
      changeOutside: () => addFindings(++n),
      writeThroughApi: async () => {
        const target = (await get("/api/findings?limit=5")).items[0].id;
        const write = await call(vigil, officer, "POST", `/api/findings/${target}/analysis`, { status: "affected", detail: "Update to 2.0 in the next release." });
        expect(write.statusCode, write.body).toBeLessThan(300);
      },
    });
  });

  test("a version's list and a filtered list have their own totals", async () => {
    const open = (await vigil.database.db.select().from(findings)).filter((f) => f.resolvedAt === null);
    expect((await get(`/api/versions/${versionIds[3]}/findings?limit=2`)).total).toBe(open.filter((f) => f.softwareVersionId === versionIds[3]).length);
    expect((await get("/api/findings?limit=2&priority=critical")).total).toBe(open.filter((f) => f.priority === "critical").length);
  });

  test("the whole open list and a version's list read by cursor, again and again, are the pages read by number", async () => {
    for (const base of ["/api/findings?limit=7", "/api/findings?limit=7&sort=cvss&order=desc", `/api/versions/${versionIds[5]}/findings?limit=1`]) {
      // More walks than PostgreSQL's five custom plans of a prepared statement, so a generic plan answers some.
      for (let round = 0; round < 3; round++) {
        const byCursor: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const page: Page = await get(`${base}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
          byCursor.push(...page.items.map((f) => f.id));
          cursor = page.nextCursor;
        } while (cursor && ++pages < 100);
        const byNumber: string[] = [];
        for (let n = 1; byNumber.length < byCursor.length + 1; n++) {
          const page = await get(`${base}&page=${n}`);
          if (page.items.length === 0) break;
          byNumber.push(...page.items.map((f) => f.id));
        }
        expect(byCursor, base).toEqual(byNumber);
        expect(byCursor.length, base).toBe((await get(base)).total);
      }
    }
  });
});
