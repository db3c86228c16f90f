import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { customers, sites } from "../../src/server/customers/schema";
import { deviceModels, installations, softwareVersions } from "../../src/server/devices/schema";
import { call, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";

type Item = { id: string; customer: string; site: string | null; deviceModel: string; version: string; supportStatus: string; endOfSupport: string | null; units: number; since: string | null };
type Page = { items: Item[]; total: number; nextCursor: string | null };
type Seeded = Item & { customerId: string; deviceModelId: string; softwareVersionId: string };

const TAG = "installpaging";
const TODAY = "2026-11-23";
const VERSIONS = [
  { version: "1.0.0", supportStatus: "end_of_support", endOfSupport: "2024-06-30" },
  { version: "2.0.0", supportStatus: "supported", endOfSupport: "2026-01-01" },
  { version: "3.0.0", supportStatus: "supported", endOfSupport: "2027-12-31" },
  { version: "4.0.0", supportStatus: "limited", endOfSupport: null },
  { version: "5.0.0", supportStatus: "unknown", endOfSupport: null },
];
const past = (i: Item) => i.supportStatus === "end_of_support" || (i.endOfSupport !== null && i.endOfSupport < TODAY);

describe.each(await backends())("the installed base paged on the server on %s", (backend) => {
  let vigil: TestVigil;
  let officer: Session;
  let seeded: Seeded[] = [];
  /** Customers with no installations at first, whose names sort before and after every seeded one. */
  let first: { id: string };
  let last: { id: string };

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    vigil.clock.now = new Date(`${TODAY}T10:00:00Z`);
    officer = await signInAs(vigil, "security_officer");
    const db = vigil.database.db;
    const clinics = await db
      .insert(customers)
      .values(["00", "01", "02", "03", "04", "05", "06", "99"].map((n) => ({ name: `Clinic ${TAG} ${n}` })))
      .returning();
    [first, last] = [clinics[0], clinics[7]];
    const used = clinics.slice(1, 7);
    const wings = await db
      .insert(sites)
      .values(used.flatMap((c) => ["North wing", "South wing"].map((name) => ({ customerId: c.id, name }))))
      .returning();
    const models = await db
      .insert(deviceModels)
      .values([
        { name: `Pager ${TAG} pump`, modelNumber: "IPG-PUMP", kind: "medical_device", connectivity: [] },
        { name: `Pager ${TAG} monitor`, modelNumber: "IPG-MON", kind: "medical_device", connectivity: [] },
      ])
      .returning();
    const versions = await db
      .insert(softwareVersions)
      .values(models.flatMap((m) => VERSIONS.map((v) => ({ deviceModelId: m.id, ...v }))))
      .returning();
    const rows = Array.from({ length: 130 }, (_, i) => {
      const customer = used[i % used.length];
      const site = i % 5 === 0 ? null : wings[2 * (i % used.length) + (i % 2)];
      const version = versions[(i * 3) % versions.length];
      return { customer, site, version, units: 1 + ((i * 7) % 40), since: i % 4 === 0 ? null : `2021-0${1 + (i % 9)}-15` };
    });
    const inserted = await db
      .insert(installations)
      .values(rows.map((r) => ({ customerId: r.customer.id, siteId: r.site?.id ?? null, softwareVersionId: r.version.id, units: r.units, since: r.since })))
      .returning();
    seeded = inserted.map((row, i) => {
      const { customer, site, version } = rows[i];
      const model = models.find((m) => m.id === version.deviceModelId)!;
      return {
        id: row.id,
        customer: customer.name,
        site: site?.name ?? null,
        deviceModel: model.name,
        version: version.version,
        supportStatus: version.supportStatus,
        endOfSupport: version.endOfSupport,
        units: row.units,
        since: row.since,
        customerId: customer.id,
        deviceModelId: model.id,
        softwareVersionId: version.id,
      };
    });
  });
  afterAll(async () => vigil?.stop());

  const get = async (url: string): Promise<Page> => {
    const res = await call(vigil, officer, "GET", url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Page;
  };

  /** Every page from the first, following nextCursor. */
  async function walk(query: string, between?: () => Promise<void>) {
    const pages: Page[] = [];
    let cursor: string | null = null;
    do {
      pages.push(await get(`/api/installations?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`));
      cursor = pages[pages.length - 1].nextCursor;
      if (between) await between();
    } while (cursor && pages.length < 60);
    const items = pages.flatMap((p) => p.items);
    return { pages, items, ids: items.map((i) => i.id) };
  }

  const ids = (items: Item[]) => new Set(items.map((i) => i.id));

  test("without a limit the list answers its first 50, and with one every installation once, the total on every page", async () => {
    const first50 = await get(`/api/installations?q=${TAG}`);
    expect(first50.items).toHaveLength(50);
    expect(first50.total).toBe(130);
    expect(first50.nextCursor).not.toBeNull();

    const { pages, items } = await walk(`q=${TAG}&limit=50`);
    expect(pages.map((p) => p.items.length)).toEqual([50, 50, 30]);
    expect(pages.every((p) => p.total === 130)).toBe(true);
    expect(items.map((i) => i.id)).toHaveLength(130);
    expect(ids(items)).toEqual(ids(seeded));
    // Each installation as the whole list described it: customer, site, model, version and its support.
    const byId = new Map(seeded.map((s) => [s.id, s]));
    for (const item of items) {
      const { customerId: _c, deviceModelId: _m, softwareVersionId: _v, ...want } = byId.get(item.id)!;
      expect(item).toEqual(want);
    }
    const second = await get(`/api/installations?q=${TAG}&limit=50&page=2`);
    expect(second.items.map((i) => i.id)).toEqual(pages[1].items.map((i) => i.id));
  });

  test("sorts by customer (then model and version), site, units, dates and support, either way, across pages", async () => {
    const keyOf: Record<string, (i: Item) => string | number> = {
      customer: (i) => `${i.customer}\u0000${i.deviceModel}\u0000${i.version}`,
      site: (i) => `${i.site ?? ""}\u0000${i.customer}`,
      deviceModel: (i) => `${i.deviceModel}\u0000${i.version}\u0000${i.customer}`,
      version: (i) => `${i.version}\u0000${i.deviceModel}`,
      supportStatus: (i) => `${i.supportStatus}\u0000${i.deviceModel}\u0000${i.version}`,
      endOfSupport: (i) => `${i.endOfSupport ?? "9999-12-31"}\u0000${i.deviceModel}\u0000${i.version}`,
      units: (i) => i.units,
      since: (i) => i.since ?? "9999-12-31",
    };
    for (const [sort, key] of Object.entries(keyOf)) {
      for (const order of ["asc", "desc"] as const) {
        const { items, pages } = await walk(`q=${TAG}&limit=23&sort=${sort}&order=${order}`);
        const label = `${sort} ${order}`;
        expect(pages[0].total, label).toBe(130);
        expect(new Set(items.map((i) => i.id)).size, label).toBe(130);
        const keys = items.map(key);
        const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        expect(keys, label).toEqual(order === "asc" ? sorted : sorted.reverse());
      }
    }
  });

  test("installations added while paging neither repeat nor hide the ones that were there", async () => {
    const before = (await walk(`q=${TAG}&limit=500`)).items;
    const version = seeded[0].softwareVersionId;
    let inserted = 0;
    const { ids: seen } = await walk(`q=${TAG}&limit=20&sort=customer`, async () => {
      // Customers whose installations sort before, among and after those already read.
      for (const customerId of [first.id, seeded[2].customerId, last.id]) {
        const res = await call(vigil, officer, "POST", "/api/installations", { softwareVersionId: version, customerId, units: 1 });
        expect(res.statusCode, res.body).toBe(201);
        inserted++;
      }
    });
    expect(new Set(seen).size).toBe(seen.length);
    for (const i of before) expect(seen.filter((id) => id === i.id)).toHaveLength(1);
    expect(seen.length).toBeGreaterThan(before.length);
    expect(seen.length).toBeLessThan(before.length + inserted);
    expect((await get(`/api/installations?q=${TAG}&limit=1`)).total).toBe(before.length + inserted);
  });

  test("filters select in SQL what the installed base holds, and the total counts them", async () => {
    const expected: Record<string, (s: Seeded) => boolean> = {
      "pastSupport=true": past,
      "pastSupport=false": (s) => !past(s),
      [`customerId=${seeded[1].customerId}`]: (s) => s.customerId === seeded[1].customerId,
      [`deviceModelId=${seeded[0].deviceModelId}`]: (s) => s.deviceModelId === seeded[0].deviceModelId,
      [`softwareVersionId=${seeded[3].softwareVersionId}`]: (s) => s.softwareVersionId === seeded[3].softwareVersionId,
      [`deviceModelId=${seeded[0].deviceModelId}&pastSupport=true`]: (s) => s.deviceModelId === seeded[0].deviceModelId && past(s),
    };
    // Only the seeded installations: those added by the previous test have no site and are left out by the text filter.
    const texts: Record<string, (s: Seeded) => boolean> = {
      // Across fields: the customer's name, then the site's.
      [`${TAG} 03 north`]: (s) => s.customer.endsWith(" 03") && s.site === "North wing",
      "north wing": (s) => s.site === "North wing",
      "IPG-MON": (s) => s.deviceModel.endsWith("monitor"),
      "4.0.0": (s) => s.version === "4.0.0",
    };
    for (const [filter, holds] of Object.entries(expected)) {
      const want = seeded.filter(holds);
      expect(want.length, filter).toBeGreaterThan(0);
      expect(want.length, filter).toBeLessThan(seeded.length);
      const { items, pages } = await walk(`q=${TAG}&${filter}&limit=9&sort=units`);
      const seededOnly = items.filter((i) => seeded.some((s) => s.id === i.id));
      expect(ids(seededOnly), filter).toEqual(ids(want));
      expect(pages[0].total, filter).toBe(items.length);
    }
    for (const [text, holds] of Object.entries(texts)) {
      const want = seeded.filter(holds);
      const { items, pages } = await walk(`q=${encodeURIComponent(text)}&limit=9`);
      expect(ids(items.filter((i) => i.customer.includes(TAG) && seeded.some((s) => s.id === i.id))), text).toEqual(ids(want));
      expect(pages[0].total, text).toBe(items.length);
    }
    // A percent sign typed in the filter matches itself, not everything.
    expect((await get("/api/installations?q=%25&limit=5")).total).toBe(0);
  });

  test("bad paging parameters are refused with 400 naming the parameter", async () => {
    const cursor = (await get(`/api/installations?q=${TAG}&limit=5`)).nextCursor!;
    const forged = Buffer.from(JSON.stringify(["customer", "asc", "[1]", "x"])).toString("base64url");
    for (const [query, parameter] of [
      ["limit=0", "querystring/limit"],
      ["limit=501", "querystring/limit"],
      ["limit=ten", "querystring/limit"],
      ["limit=5&cursor=not-a-cursor", "querystring/cursor"],
      [`limit=5&cursor=${forged}`, "querystring/cursor"],
      [`limit=5&sort=units&cursor=${encodeURIComponent(cursor)}`, "querystring/cursor"],
      [`limit=5&page=2&cursor=${encodeURIComponent(cursor)}`, "querystring/page"],
      ["limit=5&sort=colour", "querystring/sort"],
      ["limit=5&order=sideways", "querystring/order"],
      ["page=0", "querystring/page"],
      ["pastSupport=maybe", "querystring/pastSupport"],
      ["colour=red", "querystring"],
    ] as const) {
      const res = await call(vigil, officer, "GET", `/api/installations?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.message, query).toContain(parameter);
      expect(res.body, query).not.toContain("    at ");
    }
  });
});
