import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { hrefOf, type ListLink } from "../../src/core/dashboard";
import { loadControlLibrary } from "../../src/server/compliance/library";
import { takeSnapshot } from "../../src/server/dashboard/snapshots";
import { END_OF_SUPPORT_SHOWN } from "../../src/server/dashboard/store";
import { customers } from "../../src/server/customers/schema";
import { deviceModels, installations, softwareVersions } from "../../src/server/devices/schema";
import { call, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";

type Avail = { available: boolean; reason?: string } & Record<string, unknown>;

/** Every `link` object anywhere in the dashboard answer. */
function linksIn(value: unknown, out: ListLink[] = []): ListLink[] {
  if (Array.isArray(value)) for (const v of value) linksIn(v, out);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if ((k === "link" || k === "boardLink") && v && typeof v === "object" && "route" in v) out.push(v as ListLink);
      else linksIn(v, out);
    }
  }
  return out;
}

describe.each(await backends())("dashboard API on %s", (backend) => {
  let vigil: TestVigil;
  let officer: Session;

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    vigil.clock.now = new Date("2026-11-23T10:00:00Z");
    officer = await signInAs(vigil, "security_officer");
  });
  afterAll(async () => vigil?.stop());

  test("the demo workspace shows every widget with numbers and the link of its list", async () => {
    const res = await call(vigil, officer, "GET", "/api/dashboard");
    expect(res.statusCode).toBe(200);
    const d = res.json() as Record<string, Avail>;
    for (const w of ["nis2", "iso27001", "obligations", "vulnerabilities", "endOfSupport", "risks", "incidents", "governance"]) {
      expect(d[w], `${w}: ${d[w]?.reason}`).toMatchObject({ available: true });
    }
    const nis2 = d.nis2 as unknown as { percent: number; total: number; groups: { id: string; title: string; label: string; total: number }[] };
    expect(nis2.total).toBeGreaterThan(0);
    expect(nis2.groups.length).toBeGreaterThan(0);
    // Regression: the chart showed ids (nis2:art20); the label is the catalog's citation and title.
    expect(nis2.groups.find((g) => g.id === "nis2:art20")?.label).toBe("Art. 20 Governance");
    for (const g of nis2.groups) {
      expect(g.label).toMatch(/^Art\. \d+ /);
      expect(g.label.endsWith(g.title)).toBe(true);
    }

    const v = d.vulnerabilities as unknown as { open: { count: number }; byPriority: { priority: string; count: number; link: ListLink }[]; kev: { count: number; link: ListLink } };
    // The priorities split the open findings; the numbers are those of the findings list behind each link.
    expect(v.byPriority.reduce((n, p) => n + p.count, 0)).toBeLessThanOrEqual(v.open.count);
    const critical = v.byPriority.find((p) => p.priority === "critical")!;
    expect(hrefOf(critical.link)).toBe("/vulnerabilities?priority=critical");
    const list = await call(vigil, officer, "GET", "/api/findings?priority=critical&limit=1");
    expect(list.statusCode).toBe(200);
    expect(list.json().total).toBe(critical.count);
    const kevList = await call(vigil, officer, "GET", "/api/findings?kev=true&limit=1");
    expect(kevList.json().total).toBe(v.kev.count);
    expect(v.kev.count).toBeGreaterThan(0);

    type Row = { kind: string; title: string; dueAt: string; overdue: boolean; hoursLeft: number; count: number; link: ListLink };
    const o = d.obligations as unknown as { total: number; clocks: Row[]; items: Row[]; sources: { available: boolean }[] };
    expect(o.sources.every((s) => s.available)).toBe(true);
    expect(o.items.length).toBeGreaterThan(0);
    // The demo's open significant incident has running clocks: listed apart, each with its hours left.
    expect(o.clocks.length).toBeGreaterThan(0);
    for (const c of o.clocks) {
      expect(c.kind).toBe("incident_report");
      expect(c.hoursLeft).toBe(Math.floor((Date.parse(c.dueAt) - vigil.clock.now.getTime()) / 3_600_000));
    }
    expect(o.items.some((i) => i.kind === "incident_report")).toBe(false);
    const due = o.items.map((i) => Date.parse(i.dueAt.length === 10 ? `${i.dueAt}T23:59:59.999Z` : i.dueAt));
    expect(due).toEqual([...due].sort((a, b) => a - b));
    // Repeated reminders of one kind are one row that opens the list of that kind, whose length it states.
    const all = (await call(vigil, officer, "GET", "/api/obligations")).json().items as Row[];
    for (const row of o.items.filter((i) => i.count > 1)) {
      expect(row.link).toEqual({ route: "/obligations", query: { kind: row.kind } });
      expect(all.filter((i) => i.kind === row.kind)).toHaveLength(row.count);
      expect(row.title.startsWith(`${row.count} `)).toBe(true);
    }

    const risks = d.risks as unknown as { cells: { count: number }[]; total: number };
    expect(risks.cells.filter((c) => c.count > 0).length).toBeGreaterThan(0);

    const links = linksIn(d);
    expect(links.length).toBeGreaterThan(20);
    for (const l of links) expect(l.route.startsWith("/")).toBe(true);
  });

  test("the obligations list aggregates every register", async () => {
    const res = await call(vigil, officer, "GET", "/api/obligations");
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.sources.map((s: { source: string }) => s.source)).toEqual(
      expect.arrayContaining(["incidents", "findings", "policy reviews", "training", "supplier re-assessments", "supplier certificates", "risk treatment actions", "evidence expiry"]),
    );
  });

  test("daily snapshots become trend series; a second snapshot on the same day replaces the first", async () => {
    const catalog = vigil.app.services.catalog;
    const library = await loadControlLibrary(catalog);
    await takeSnapshot(vigil.database.db, { catalog, library, now: new Date("2026-11-21T06:00:00Z") });
    const first = await takeSnapshot(vigil.database.db, { catalog, library, now: new Date("2026-11-22T06:00:00Z") });
    await takeSnapshot(vigil.database.db, { catalog, library, now: new Date("2026-11-22T07:00:00Z") });
    expect(first.metrics.open_critical_findings).toBeTypeOf("number");
    expect(first.metrics.nis2_coverage_percent).toBeTypeOf("number");

    const res = await call(vigil, officer, "GET", "/api/dashboard/trends?from=2026-11-01&to=2026-11-30");
    expect(res.statusCode).toBe(200);
    const series = res.json().series as { metric: string; points: { day: string; value: number }[] }[];
    const critical = series.find((s) => s.metric === "open_critical_findings")!;
    expect(critical.points.map((p) => p.day)).toEqual(["2026-11-21", "2026-11-22"]);
    expect(critical.points[1].value).toBe(first.metrics.open_critical_findings);

    const bad = await call(vigil, officer, "GET", "/api/dashboard/trends?from=2026-12-01&to=2026-11-01");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBeDefined();
  });

  test("each widget on its own equals that widget of the whole dashboard; an unknown widget is a 400 naming it", async () => {
    const whole = (await call(vigil, officer, "GET", "/api/dashboard")).json() as Record<string, unknown>;
    const names = Object.keys(whole).filter((k) => k !== "generatedAt");
    expect(names).toEqual(["nis2", "iso27001", "obligations", "vulnerabilities", "endOfSupport", "risks", "incidents", "governance"]);
    for (const name of names) {
      const res = await call(vigil, officer, "GET", `/api/dashboard/widgets/${name}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json(), name).toEqual(whole[name]);
    }
    const bad = await call(vigil, officer, "GET", "/api/dashboard/widgets/weather");
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain("params/widget");
  });

  test("a write answered with success empties the cache: the next dashboard counts the new risk at once", async () => {
    const total = async () => ((await call(vigil, officer, "GET", "/api/dashboard/widgets/risks")).json() as { total: number }).total;
    const before = await total();
    expect(await total()).toBe(before);
    const created = await call(vigil, officer, "POST", "/api/risks", {
      title: "Dashboard cache check",
      asset: "Dashboard",
      phase: "manufacturing",
      cia: { confidentiality: true, integrity: false, availability: false },
      inherentLikelihood: 2,
      inherentImpact: 2,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(await total()).toBe(before + 1);
    const whole = (await call(vigil, officer, "GET", "/api/dashboard")).json() as { risks: { total: number } };
    expect(whole.risks.total).toBe(before + 1);
    // A refused write changes nothing and leaves the cache as it was.
    const refused = await call(vigil, officer, "POST", "/api/risks", { title: "" });
    expect(refused.statusCode).toBe(400);
    expect(await total()).toBe(before + 1);
  });

  test("the reporting clocks count down against the time of the answer, even from the cache", async () => {
    type Clocks = { clocks: { dueAt: string; hoursLeft: number }[] };
    const first = (await call(vigil, officer, "GET", "/api/dashboard/widgets/obligations")).json() as Clocks;
    expect(first.clocks.length).toBeGreaterThan(0);
    const saved = vigil.clock.now;
    vigil.clock.now = new Date(saved.getTime() + 2 * 3_600_000);
    try {
      const later = (await call(vigil, officer, "GET", "/api/dashboard/widgets/obligations")).json() as Clocks;
      for (const c of later.clocks) expect(c.hoursLeft).toBe(Math.floor((Date.parse(c.dueAt) - vigil.clock.now.getTime()) / 3_600_000));
    } finally {
      vigil.clock.now = saved;
    }
  });

  test("the end-of-support card names the versions with most units past support and counts the others", async () => {
    type Eos = { versions: { name: string; units: number; endOfSupport: string }[]; versionCount: number; units: number };
    const read = async () => (await call(vigil, officer, "GET", "/api/dashboard/widgets/endOfSupport")).json() as Eos;
    const before = await read();
    const db = vigil.database.db;
    const [customer] = await db.insert(customers).values({ name: "End of support clinic" }).returning();
    const [model] = await db.insert(deviceModels).values({ name: "Sunset monitor", modelNumber: "SUN-1", kind: "medical_device", connectivity: [] }).returning();
    const count = END_OF_SUPPORT_SHOWN + 5;
    const versions = await db
      .insert(softwareVersions)
      .values(Array.from({ length: count }, (_, i) => ({ deviceModelId: model.id, version: `0.${i}`, endOfSupport: "2025-06-30" })))
      .returning();
    await db.insert(installations).values(versions.map((v, i) => ({ softwareVersionId: v.id, customerId: customer.id, units: 100_000 + i })));
    const saved = vigil.clock.now;
    // Written past the API: the cached read is left behind by moving the clock beyond the cache's lifetime.
    vigil.clock.now = new Date(saved.getTime() + 60_000);
    try {
      const after = await read();
      expect(after.versionCount).toBe(before.versionCount + count);
      expect(after.units).toBe(before.units + versions.reduce((n, _, i) => n + 100_000 + i, 0));
      expect(after.versions).toHaveLength(END_OF_SUPPORT_SHOWN);
      expect(after.versions.map((v) => v.name)).toEqual(Array.from({ length: END_OF_SUPPORT_SHOWN }, (_, i) => `Sunset monitor 0.${count - 1 - i}`));
    } finally {
      vigil.clock.now = saved;
    }
  });

  test("a hospital customer cannot read the dashboard", async () => {
    const customer = await signInAs(vigil, "customer");
    expect((await call(vigil, customer, "GET", "/api/dashboard")).statusCode).toBe(403);
    expect((await call(vigil, customer, "GET", "/api/dashboard/widgets/vulnerabilities")).statusCode).toBe(403);
  });
});
