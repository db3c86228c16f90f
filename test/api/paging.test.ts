import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { audited, systemActor } from "../../src/server/audit/store";
import { riskActions, risks } from "../../src/server/risks/schema";
import { deviceModels, softwareVersions } from "../../src/server/devices/schema";
import { findings } from "../../src/server/vulnerabilities/schema";
import { parseCsv } from "../../src/core/feeds/csv";
import { call, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";
import { SEEDED_VULNERABILITIES, seededFinding, seedFindings } from "../support/findings";

type Page<T> = { items: T[]; total: number; nextCursor: string | null };
type AuditAnswer = { entries: { seq: number; action: string; entityType: string; actorLabel: string; after: { route?: string; fileName?: string } | null }[]; total: number; nextCursor: string | null };
type RiskItem = { id: string; title: string; status: string; owner: string | null; current: { score: number; level: string }; overdue: boolean; reviewDate: string | null };
type FindingRow = { id: string; priority: string; status: string; dueAt: string | null; overdue: boolean; vulnerability: { id: string; kev: boolean; severity: { score: number | null } | null }; deviceModel: { id: string } };
type VersionItem = { id: string; version: string; supportStatus: string; deviceModelName: string; releaseDate: string | null };

const TAG = "pagingtest";
const STATUSES = ["open", "treating", "closed"] as const;

describe.each(await backends())("paged registers on %s", (backend) => {
  let vigil: TestVigil;
  let officer: Session;
  let modelId: string;

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    vigil.clock.now = new Date("2026-11-23T10:00:00Z");
    officer = await signInAs(vigil, "security_officer");
    const db = vigil.database.db;
    await db.insert(risks).values(
      Array.from({ length: 120 }, (_, i) => ({
        reference: `PG-${String(i).padStart(3, "0")}`,
        title: `Risk ${TAG} ${String((i * 37) % 120).padStart(3, "0")}`,
        asset: `Asset ${TAG}`,
        assetType: "other" as const,
        phase: i % 2 ? ("manufacturing" as const) : ("design_development" as const),
        cia: { confidentiality: true, integrity: false, availability: false },
        inherentLikelihood: 1 + (i % 5),
        inherentImpact: 1 + (i % 4),
        owner: i % 3 === 0 ? null : i % 3 === 1 ? "Alice Paging" : "Bob Paging",
        status: STATUSES[i % 3],
        reviewDate: i % 4 === 0 ? "2026-01-01" : "2027-06-01",
      })),
    );
    const [model] = await db.insert(deviceModels).values({ name: `Pager ${TAG} monitor`, modelNumber: "PG-MON", kind: "medical_device", connectivity: [] }).returning();
    modelId = model.id;
    await db.insert(softwareVersions).values(
      Array.from({ length: 120 }, (_, i) => ({
        deviceModelId: model.id,
        version: `9.${i}.0`,
        releaseDate: `2020-01-${String(1 + (i % 28)).padStart(2, "0")}`,
        supportStatus: i % 4 === 0 ? "end_of_support" : "supported",
      })),
    );
  });
  afterAll(async () => vigil?.stop());

  const get = async <T>(url: string): Promise<T> => {
    const res = await call(vigil, officer, "GET", url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as T;
  };

  /** Every page from the first, following nextCursor. */
  async function walk<T extends { id: string }>(url: string, between?: (pageNo: number) => Promise<void>): Promise<{ ids: string[]; pages: Page<T>[] }> {
    const pages: Page<T>[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<T> = await get(`${url}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      pages.push(page);
      cursor = page.nextCursor;
      if (between) await between(pages.length);
    } while (cursor && pages.length < 50);
    return { ids: pages.flatMap((p) => p.items.map((i) => i.id)), pages };
  }

  /** Each query refused with 400 whose message names the parameter, and no stack trace. */
  async function expectRefused(list: string, cases: [query: string, parameter: string][]) {
    for (const [query, path] of cases) {
      const res = await call(vigil, officer, "GET", `${list}?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.message, query).toContain(path);
      expect(res.body, query).not.toContain("    at ");
    }
  }

  const newRisk = (title: string) =>
    call(vigil, officer, "POST", "/api/risks", {
      title,
      asset: `Asset ${TAG}`,
      phase: "manufacturing",
      cia: { confidentiality: true, integrity: false, availability: false },
      inherentLikelihood: 2,
      inherentImpact: 2,
    });

  test("paging the register with limit 50 returns every matching risk once, with the total on every page", async () => {
    const whole = await get<RiskItem[]>(`/api/risks?q=${TAG}`);
    expect(whole).toHaveLength(120);
    const { ids, pages } = await walk<RiskItem>(`/api/risks?q=${TAG}&limit=50`);
    expect(pages.map((p) => p.items.length)).toEqual([50, 50, 20]);
    expect(pages.every((p) => p.total === 120)).toBe(true);
    expect(pages.at(-1)?.nextCursor).toBeNull();
    expect(new Set(ids).size).toBe(120);
    expect(new Set(ids)).toEqual(new Set(whole.map((r) => r.id)));
    // The second page by number is the second page by cursor.
    const second = await get<Page<RiskItem>>(`/api/risks?q=${TAG}&limit=50&page=2`);
    expect(second.items.map((r) => r.id)).toEqual(pages[1].items.map((r) => r.id));
  });

  test("a page's risks are the whole list's, with device model, action counts, ratings and warnings", async () => {
    const db = vigil.database.db;
    const some = await db.select({ id: risks.id, reference: risks.reference }).from(risks).where(eq(risks.asset, `Asset ${TAG}`)).orderBy(risks.reference).limit(6);
    for (const r of some.slice(0, 3)) await db.update(risks).set({ deviceModelId: modelId }).where(eq(risks.id, r.id));
    await db.insert(riskActions).values(
      some.flatMap((r, i) => [
        { riskId: r.id, title: `Overdue ${i}`, dueDate: "2026-10-01", status: "planned" as const },
        { riskId: r.id, title: `Later ${i}`, dueDate: "2027-03-01", status: i % 2 ? ("in_progress" as const) : ("done" as const) },
      ]),
    );
    const whole = new Map((await get<RiskItem[]>(`/api/risks?q=${TAG}`)).map((r) => [r.id, r]));
    const items = (await walk<RiskItem>(`/api/risks?q=${TAG}&limit=50&sort=reference`)).pages.flatMap((p) => p.items);
    expect(items).toHaveLength(whole.size);
    for (const item of items) expect(item).toEqual(whole.get(item.id));
    const first = items.find((i) => i.id === some[1].id) as RiskItem & { deviceModelName: string; openActions: number; overdueActions: number; overdue: boolean };
    expect(first).toMatchObject({ deviceModelName: `Pager ${TAG} monitor`, openActions: 2, overdueActions: 1, overdue: true });
  });

  test("risks inserted while paging neither repeat nor hide the risks that were there", async () => {
    const before = await get<RiskItem[]>(`/api/risks?q=${TAG}`);
    const inserted: string[] = [];
    const { ids } = await walk<RiskItem>(`/api/risks?q=${TAG}&limit=30&sort=title`, async () => {
      // Titles that sort before, among and after the rows already read.
      for (const title of [`Risk ${TAG} 000a`, `Risk ${TAG} 060a`, `Risk ${TAG} 999`]) {
        const res = await newRisk(title);
        expect(res.statusCode, res.body).toBe(201);
        inserted.push(res.json().id);
      }
    });
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of before) expect(ids.filter((id) => id === r.id)).toHaveLength(1);
    // Rows inserted after the cursor show up; rows inserted before it do not, and nothing moved.
    expect(ids.length).toBeGreaterThan(before.length);
    expect(ids.length).toBeLessThan(before.length + inserted.length);
  });

  test("filters give the same risks as the whole-list answer, and the total counts them", async () => {
    for (const filter of ["status=closed", "owner=alice%20paging", "noOwner=true", "overdue=true", "overdue=false", "level=medium", "phase=manufacturing", "cell=inherent:2:3"]) {
      const whole = await get<RiskItem[]>(`/api/risks?q=${TAG}&${filter}`);
      const { ids, pages } = await walk<RiskItem>(`/api/risks?q=${TAG}&${filter}&limit=17`);
      expect(whole.length, filter).toBeGreaterThan(0);
      expect(pages[0].total, filter).toBe(whole.length);
      expect(new Set(ids), filter).toEqual(new Set(whole.map((r) => r.id)));
    }
  });

  test("sorting by current score descending and by review date pages in that order", async () => {
    const { pages } = await walk<RiskItem>(`/api/risks?q=${TAG}&limit=40&sort=current&order=desc`);
    const scores = pages.flatMap((p) => p.items.map((r) => r.current.score));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores[0]).toBeGreaterThan(scores.at(-1)!);
    const byDate = (await walk<RiskItem>(`/api/risks?q=${TAG}&limit=40&sort=reviewDate`)).pages.flatMap((p) => p.items.map((r) => r.reviewDate ?? "9999"));
    expect(byDate).toEqual([...byDate].sort());
  });

  test("bad paging parameters are refused with 400 naming the parameter", async () => {
    const firstCursor = (await get<Page<RiskItem>>(`/api/risks?q=${TAG}&limit=5`)).nextCursor!;
    const cases: [string, string][] = [
      ["limit=0", "querystring/limit"],
      ["limit=501", "querystring/limit"],
      ["limit=ten", "querystring/limit"],
      ["limit=5&cursor=not-a-cursor", "querystring/cursor"],
      [`limit=5&sort=title&cursor=${encodeURIComponent(firstCursor)}`, "querystring/cursor"],
      [`limit=5&page=2&cursor=${encodeURIComponent(firstCursor)}`, "querystring/page"],
      ["limit=5&sort=colour", "querystring/sort"],
      ["limit=5&order=sideways", "querystring/order"],
      ["page=0", "querystring/page"],
    ];
    await expectRefused("/api/risks", cases);
    const versions = await call(vigil, officer, "GET", "/api/versions?limit=1000");
    expect(versions.statusCode).toBe(400);
    expect(versions.json().error.message).toContain("querystring/limit");
  });

  test("software versions page by model, filter by support status and text, and keep their order", async () => {
    const { ids, pages } = await walk<VersionItem>(`/api/versions?deviceModelId=${modelId}&limit=50`);
    expect(pages.map((p) => p.items.length)).toEqual([50, 50, 20]);
    expect(pages[0].total).toBe(120);
    expect(new Set(ids).size).toBe(120);
    const released = pages.flatMap((p) => p.items.map((v) => v.releaseDate ?? ""));
    expect(released).toEqual([...released].sort());

    const ended = await walk<VersionItem>(`/api/versions?deviceModelId=${modelId}&supportStatus=end_of_support&limit=7`);
    expect(ended.pages[0].total).toBe(30);
    expect(ended.ids).toHaveLength(30);
    expect(ended.pages.flatMap((p) => p.items).every((v) => v.supportStatus === "end_of_support")).toBe(true);

    const text = await get<Page<VersionItem>>(`/api/versions?q=9.11&limit=50&sort=version`);
    expect(text.items.map((v) => v.version)).toEqual(["9.11.0", "9.110.0", "9.111.0", "9.112.0", "9.113.0", "9.114.0", "9.115.0", "9.116.0", "9.117.0", "9.118.0", "9.119.0"]);
    expect(text.items.every((v) => v.deviceModelName === `Pager ${TAG} monitor`)).toBe(true);
  });

  test("device models page with version counts and find a model by one of its version numbers", async () => {
    const whole = await get<{ id: string }[]>("/api/devices");
    const { ids, pages } = await walk<{ id: string }>("/api/devices?limit=2&sort=versionCount&order=desc");
    expect(pages[0].total).toBe(whole.length);
    expect(new Set(ids)).toEqual(new Set(whole.map((m) => m.id)));
    const found = await get<Page<{ id: string; versionCount: number; pastSupportInstalled: number; installedUnits: number }>>("/api/devices?limit=10&q=9.117");
    expect(found.total).toBe(1);
    expect(found.items[0]).toMatchObject({ id: modelId, versionCount: 120, installedUnits: 0, pastSupportInstalled: 0 });
    expect(pages[0].items[0]).toMatchObject({ id: modelId });
  });

  describe("findings", () => {
    let versionIds: string[] = [];

    beforeAll(async () => {
      const db = vigil.database.db;
      versionIds = (await db.select({ id: softwareVersions.id }).from(softwareVersions).where(eq(softwareVersions.deviceModelId, modelId))).map((r) => r.id).slice(0, 40);
      await seedFindings(db, TAG, versionIds);
    });

    test("paging by cursor gives the findings once each, in the order of the older offset paging, with the total", async () => {
      const whole = await get<Page<FindingRow>>(`/api/findings?q=${TAG}&limit=500&offset=0`);
      expect(whole.total).toBe(108);
      const { ids, pages } = await walk<FindingRow>(`/api/findings?q=${TAG}&limit=25`);
      expect(pages.map((p) => p.items.length)).toEqual([25, 25, 25, 25, 8]);
      expect(pages.every((p) => p.total === 108)).toBe(true);
      expect(ids).toEqual(whole.items.map((f) => f.id));
      const third = await get<Page<FindingRow>>(`/api/findings?q=${TAG}&limit=25&page=3`);
      expect(third.items.map((f) => f.id)).toEqual(pages[2].items.map((f) => f.id));
      const reversed = await walk<FindingRow>(`/api/findings?q=${TAG}&limit=40&order=desc`);
      expect(reversed.ids).toEqual([...ids].reverse());
    });

    test("findings matched while paging neither repeat nor hide the findings that were there", async () => {
      const before = (await get<Page<FindingRow>>(`/api/findings?q=${TAG}&limit=500`)).items;
      let n = 0;
      const { ids } = await walk<FindingRow>(`/api/findings?q=${TAG}&limit=20&sort=cvss&order=desc`, async () => {
        await vigil.database.db.insert(findings).values(SEEDED_VULNERABILITIES.map((vuln) => seededFinding(TAG, vuln, 1, versionIds[n % versionIds.length], `pkg:npm/${TAG}-late@${n++}`)));
      });
      expect(new Set(ids).size).toBe(ids.length);
      for (const f of before) expect(ids.filter((id) => id === f.id)).toHaveLength(1);
      expect(ids.length).toBeGreaterThan(before.length);
      expect(ids.length).toBeLessThan(before.length + n);
      const scores = (await walk<FindingRow>(`/api/findings?q=${TAG}&limit=30&sort=cvss&order=desc`)).pages.flatMap((p) => p.items.map((f) => f.vulnerability.severity?.score ?? -1));
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
    });

    test("filters page the same findings as the whole answer, and the total counts them", async () => {
      for (const filter of ["status=affected", "priority=high", "kev=true", "kev=false", "overdue=true", "includeResolved=true", "status=fixed", `deviceModelId=${modelId}`]) {
        const whole = await get<Page<FindingRow>>(`/api/findings?q=${TAG}&${filter}&limit=500`);
        const { ids, pages } = await walk<FindingRow>(`/api/findings?q=${TAG}&${filter}&limit=9&sort=dueAt`);
        expect(whole.total, filter).toBeGreaterThan(0);
        expect(pages[0].total, filter).toBe(whole.total);
        expect(new Set(ids), filter).toEqual(new Set(whole.items.map((f) => f.id)));
        const due = pages.flatMap((p) => p.items.map((f) => f.dueAt ?? "9999"));
        expect(due, filter).toEqual([...due].sort());
      }
    });

    test("bad paging parameters of findings are refused with 400 naming the parameter", async () => {
      const firstCursor = (await get<Page<FindingRow>>(`/api/findings?q=${TAG}&limit=5`)).nextCursor!;
      const cases: [string, string][] = [
        ["limit=0", "querystring/limit"],
        ["limit=501", "querystring/limit"],
        ["limit=5&offset=10&page=2", "querystring/offset"],
        ["limit=5&sort=colour", "querystring/sort"],
        [`limit=5&sort=status&cursor=${encodeURIComponent(firstCursor)}`, "querystring/cursor"],
        [`limit=5&cursor=${Buffer.from(JSON.stringify(["priority", "asc", "[1]", "x"])).toString("base64url")}`, "querystring/cursor"],
        ["limit=5&cursor=not-a-cursor", "querystring/cursor"],
      ];
      await expectRefused("/api/findings", cases);
      const version = await call(vigil, officer, "GET", `/api/versions/${versionIds[0]}/findings?limit=5&sort=nothing`);
      expect(version.statusCode).toBe(400);
    });

    test("the findings export streams every filtered finding as CSV in the list's order and leaves a download entry", async () => {
      const listed = (await walk<FindingRow>(`/api/findings?q=${TAG}&includeResolved=true&limit=500&sort=dueAt`)).pages.flatMap((p) => p.items);
      const res = await call(vigil, officer, "GET", `/api/findings/export?q=${TAG}&includeResolved=true&sort=dueAt`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers["content-type"]).toContain("text/csv");
      expect(res.headers["content-disposition"]).toMatch(/^attachment; filename="findings-2026-11-23\.csv"/);
      const parsed = parseCsv("findings.csv", res.body);
      if (!parsed.ok) throw new Error(parsed.error.reason);
      expect(parsed.table.columns.slice(0, 3)).toEqual(["vulnerability_id", "aliases", "summary"]);
      expect(parsed.table.rows.map((r) => [r.values.vulnerability_id, r.values.due_at, r.values.status])).toEqual(listed.map((f) => [f.vulnerability.id, f.dueAt ?? "", f.status]));
      const kev = parseCsv("kev.csv", (await call(vigil, officer, "GET", `/api/findings/export?q=${TAG}&kev=true`)).body);
      if (!kev.ok) throw new Error(kev.error.reason);
      expect(kev.table.rows.length).toBe((await get<Page<FindingRow>>(`/api/findings?q=${TAG}&kev=true&limit=1`)).total);
      expect(kev.table.rows.every((r) => r.values.kev === "true")).toBe(true);
      const auditor = await signInAs(vigil, "auditor");
      const downloads = (await call(vigil, auditor, "GET", "/api/audit?entityType=file&action=download&limit=5")).json() as AuditAnswer;
      expect(downloads.entries[0].after).toMatchObject({ route: "/api/findings/export", fileName: "findings-2026-11-23.csv" });
      await expectRefused("/api/findings/export", [
        ["format=xlsx", "querystring/format"],
        ["limit=5", "querystring"],
        ["sort=colour", "querystring/sort"],
      ]);
    });
  });

  describe("incidents", () => {
    type IncidentItem = { id: string; reference: string; title: string; status: string; awareAt: string; nextDeadline: unknown };

    beforeAll(async () => {
      const manager = await signInAs(vigil, "incident_manager");
      for (let i = 0; i < 30; i++) {
        const at = new Date(Date.UTC(2026, 10, 1 + (i % 20), i)).toISOString();
        const res = await call(vigil, manager, "POST", "/api/incidents", { title: `Incident ${TAG} ${String(i).padStart(2, "0")}`, detectedAt: at, awareAt: at, facts: { suspectedMalicious: false, crossBorderImpact: false }, ...(i % 3 === 0 ? { status: "closed" } : {}) });
        expect(res.statusCode, res.body).toBe(201);
        // Submissions and intermediate requests move the next deadline; a page reads them in its own query.
        const id = res.json().id as string;
        const later = (hours: number) => new Date(Date.parse(at) + hours * 3_600_000).toISOString();
        const record = async (path: string, body: object, status = 201) => {
          const r = await call(vigil, manager, "POST", `/api/incidents/${id}/${path}`, body);
          expect(r.statusCode, r.body).toBe(status);
        };
        if (i % 3 !== 0 && i % 4 <= 1) {
          await record("assessment", { answers: { severeOperationalDisruption: "yes" } }, 200);
          await record("confirm", {}, 200);
        }
        if (i % 3 !== 0 && i % 4 <= 1) await record("submissions", { obligationId: "nis2.early_warning", submittedAt: later(2), channel: "portal", reference: `EW-${i}` });
        if (i % 3 !== 0 && i % 4 === 1) await record("submissions", { obligationId: "nis2.incident_notification", submittedAt: later(30) });
        if (i % 3 !== 0 && i % 4 === 1) await record("intermediate-requests", { requestedAt: later(40), dueAt: later(40 + 24 * (i % 7)), reference: `RQ-${i}` });
      }
    });

    test("a page shows each incident's next deadline and classification exactly as the whole list does, without the narrative and the assessment", async () => {
      type Full = IncidentItem & { classification: string; description?: string; facts?: unknown; assessment?: unknown; significance?: unknown };
      const whole = new Map((await get<Full[]>(`/api/incidents?q=${TAG}`)).map((i) => [i.id, i]));
      const items = (await walk<Full>(`/api/incidents?q=${TAG}&limit=9`)).pages.flatMap((p) => p.items);
      expect(items).toHaveLength(whole.size);
      expect(items.filter((i) => i.nextDeadline !== null).length).toBeGreaterThan(0);
      // Those whose early warning went out (above) are due for something else: the page read their submissions.
      const warned = items.filter((i) => i.status !== "closed" && Number(i.title.slice(-2)) % 4 <= 1);
      expect(warned.length).toBeGreaterThan(3);
      for (const i of warned) expect(i.nextDeadline).not.toMatchObject({ obligationId: "nis2.early_warning" });
      for (const item of items) {
        const full = whole.get(item.id)!;
        expect({ nextDeadline: item.nextDeadline, classification: item.classification }).toEqual({ nextDeadline: full.nextDeadline, classification: full.classification });
        expect(Object.keys(item)).not.toContain("description");
        expect(Object.keys(item)).not.toContain("assessment");
        expect(Object.keys(item)).not.toContain("significance");
        expect(Object.keys(full)).toEqual(expect.arrayContaining(["description", "facts", "assessment", "significance"]));
      }
    });

    test("incidents page newest first with the total, filter by closed, status and text like the whole list, and sort by title", async () => {
      const whole = await get<IncidentItem[]>(`/api/incidents?q=${TAG}`);
      expect(whole).toHaveLength(30);
      const { ids, pages } = await walk<IncidentItem>(`/api/incidents?q=${TAG}&limit=12`);
      expect(pages.map((p) => p.items.length)).toEqual([12, 12, 6]);
      expect(pages.every((p) => p.total === 30)).toBe(true);
      expect(ids).toEqual(whole.map((i) => i.id));
      expect(pages[0].items[0]).toHaveProperty("nextDeadline");
      for (const filter of ["closed=true", "closed=false", "status=open"]) {
        const list = await get<IncidentItem[]>(`/api/incidents?q=${TAG}&${filter}`);
        const paged = await walk<IncidentItem>(`/api/incidents?q=${TAG}&${filter}&limit=7`);
        expect(list.length, filter).toBeGreaterThan(0);
        expect(paged.pages[0].total, filter).toBe(list.length);
        expect(paged.ids, filter).toEqual(list.map((i) => i.id));
      }
      const titles = (await walk<IncidentItem>(`/api/incidents?q=${TAG}&limit=8&sort=title&order=desc`)).pages.flatMap((p) => p.items.map((i) => i.title));
      expect(titles).toEqual([...titles].sort().reverse());
      await expectRefused("/api/incidents", [
        ["limit=0", "querystring/limit"],
        ["limit=5&sort=nextDeadline", "querystring/sort"],
        ["limit=5&cursor=not-a-cursor", "querystring/cursor"],
        ["closed=maybe", "querystring/closed"],
      ]);
    });
  });

  describe("audit log", () => {
    let auditor: Session;
    const TYPE = "risk";

    beforeAll(async () => {
      auditor = await signInAs(vigil, "auditor");
      for (let i = 0; i < 25; i++) expect((await newRisk(`Audited ${TAG} ${i}`)).statusCode).toBe(201);
      // Enough entries that the export reads the log in more than one batch.
      await audited(vigil.database.db, systemActor, async () => ({
        result: null,
        changes: Array.from({ length: 600 }, (_, i) => ({ action: "paging-test", entityType: "paging_test", entityId: String(i), after: { i } })),
      }));
    });

    const audit = async (query: string): Promise<AuditAnswer> => {
      const res = await call(vigil, auditor, "GET", `/api/audit?${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as AuditAnswer;
    };

    /** Every page of the audit list from the first, following nextCursor. */
    async function walkAudit(query: string, between?: () => Promise<void>) {
      const pages: AuditAnswer[] = [];
      let cursor: string | null = null;
      do {
        const page: AuditAnswer = await audit(`${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
        pages.push(page);
        cursor = page.nextCursor;
        if (between) await between();
      } while (cursor && pages.length < 100);
      return { seqs: pages.flatMap((p) => p.entries.map((e) => e.seq)), pages };
    }

    test("entries appended while paging by cursor neither repeat nor shift the entries that were there", async () => {
      const before = (await audit(`entityType=${TYPE}&limit=500`)).entries.map((e) => e.seq);
      expect(before.length).toBeGreaterThanOrEqual(25);
      let appended = 0;
      const { seqs, pages } = await walkAudit(`entityType=${TYPE}&limit=9`, async () => {
        expect((await newRisk(`Audited ${TAG} late ${appended++}`)).statusCode).toBe(201);
      });
      expect(seqs).toEqual(before);
      expect(pages[0].total).toBe(before.length);
      expect(pages.at(-1)?.total).toBe(before.length + appended - 1);
      // Offset paging, kept for older callers, is what shifts: its second page now starts with entries already read.
      const second = await audit(`entityType=${TYPE}&limit=9&offset=9`);
      expect(second.entries[0].seq).toBeGreaterThan(pages[1].entries[0].seq);
      const oldest = await walkAudit(`entityType=${TYPE}&limit=50&order=asc`);
      expect(oldest.seqs).toEqual([...oldest.seqs].sort((a, b) => a - b));
      expect(new Set(oldest.seqs).size).toBe((await audit(`entityType=${TYPE}&limit=1`)).total);
    });

    test("filters by action and actor count in SQL, and a page by number is the page by cursor", async () => {
      const actor = encodeURIComponent((await audit(`entityType=${TYPE}&action=create&limit=1`)).entries[0].actorLabel);
      const created = await walkAudit(`entityType=${TYPE}&action=create&actorLabel=${actor}&limit=10`);
      expect(created.pages[0].total).toBe(created.seqs.length);
      expect(created.pages.flatMap((p) => p.entries).every((e) => e.action === "create" && e.entityType === TYPE)).toBe(true);
      const third = await audit(`entityType=${TYPE}&action=create&actorLabel=${actor}&limit=10&page=3`);
      expect(third.entries.map((e) => e.seq)).toEqual(created.pages[2].entries.map((e) => e.seq));
      expect((await audit("action=no-such-action&limit=5")).total).toBe(0);
    });

    test("the audit export streams the filtered log oldest first as CSV, in batches, and is audited itself", async () => {
      const all = await audit("limit=1");
      const res = await call(vigil, auditor, "GET", "/api/audit/export");
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers["content-disposition"]).toMatch(/^attachment; filename="audit-log-2026-11-23\.csv"/);
      const parsed = parseCsv("audit.csv", res.body);
      if (!parsed.ok) throw new Error(parsed.error.reason);
      const seqs = parsed.table.rows.map((r) => Number(r.values.seq));
      // The download entry is written before the body is read, so the export holds it as its last entry.
      expect(seqs.length).toBe(all.total + 1);
      expect(seqs.length).toBeGreaterThan(500);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => seqs[0] + i));
      const last = parsed.table.rows.at(-1)!.values;
      expect(last.action).toBe("download");
      expect(JSON.parse(last.after)).toMatchObject({ route: "/api/audit/export", fileName: "audit-log-2026-11-23.csv" });
      const risksOnly = parseCsv("risks.csv", (await call(vigil, auditor, "GET", `/api/audit/export?entityType=${TYPE}&action=create`)).body);
      if (!risksOnly.ok) throw new Error(risksOnly.error.reason);
      expect(risksOnly.table.rows.length).toBe((await audit(`entityType=${TYPE}&action=create&limit=1`)).total);
      expect(risksOnly.table.rows.every((r) => r.values.entity_type === TYPE && r.values.action === "create")).toBe(true);
      expect((await call(vigil, officer, "GET", "/api/audit/export")).statusCode).toBe(403);
    });

    test("bad audit paging parameters are refused with 400 naming the parameter", async () => {
      const first = (await audit("limit=5")).nextCursor!;
      const forged = Buffer.from(JSON.stringify(["seq", "desc", "1; drop", "1"])).toString("base64url");
      for (const [query, path] of [
        ["limit=0", "querystring/limit"],
        ["limit=501", "querystring/limit"],
        ["limit=5&cursor=not-a-cursor", "querystring/cursor"],
        [`limit=5&cursor=${forged}`, "querystring/cursor"],
        [`limit=5&order=asc&cursor=${encodeURIComponent(first)}`, "querystring/cursor"],
        [`limit=5&offset=5&cursor=${encodeURIComponent(first)}`, "querystring/offset"],
        ["limit=5&sort=at", "querystring/sort"],
        ["limit=5&colour=red", "querystring"],
      ] as const) {
        const res = await call(vigil, auditor, "GET", `/api/audit?${query}`);
        expect(res.statusCode, query).toBe(400);
        expect(res.json().error.message, query).toContain(path);
        expect(res.body, query).not.toContain("    at ");
      }
    });
  });

  describe("suppliers", () => {
    type SupplierItem = { id: string; name: string; tier: number; missingClauses: string[]; expiredCertificates: number; expiringCertificates: number; nextAssessmentDue: string };
    const CLAUSES = ["incident_notification", "vulnerability_disclosure", "right_to_audit", "secure_development", "sub_processor_control", "sbom_delivery", "end_of_support"];
    const ACCESS = ["none", "limited", "privileged"] as const;
    const IMPACT = ["none", "indirect", "direct"] as const;
    // Days around today (2026-11-23) where a contract starts to count or stops, and a certificate turns expiring or expired.
    const CONTRACT_SPANS = [{}, { endDate: "2026-11-22" }, { startDate: "2026-11-24" }, { startDate: "2026-11-23", endDate: "2026-11-23" }];
    const EXPIRIES = ["2026-11-22", "2026-11-23", "2027-01-22", "2027-01-23"];

    beforeAll(async () => {
      const admin = await signInAs(vigil, "admin");
      for (let i = 0; i < 36; i++) {
        const res = await call(vigil, admin, "POST", "/api/suppliers", {
          name: `Supplier ${TAG} ${String(i).padStart(2, "0")}`,
          suppliesDeviceComponents: i % 2 === 0,
          systemAccess: ACCESS[i % 3],
          dataAccess: i % 5 === 0 ? "health" : "none",
          deviceImpact: IMPACT[(i >> 1) % 3],
          patientSafetyImpact: i % 7 === 0,
          substitutability: i % 4 === 0 ? "hard" : "easy",
        });
        expect(res.statusCode, res.body).toBe(201);
        const id = res.json().id as string;
        if (i % 3 !== 0) {
          const clauses = i % 6 === 1 ? CLAUSES : CLAUSES.slice(0, 1 + (i % 4));
          const contract = await call(vigil, admin, "POST", `/api/suppliers/${id}/contracts`, { title: "Master agreement", clauses, ...CONTRACT_SPANS[i % 4] });
          expect(contract.statusCode, contract.body).toBe(201);
        }
        if (i % 2 === 1) {
          const cert = await call(vigil, admin, "POST", `/api/suppliers/${id}/certifications`, { type: "iso27001", name: "ISO/IEC 27001", expiresOn: EXPIRIES[(i >> 1) % 4] });
          expect(cert.statusCode, cert.body).toBe(201);
        }
      }
    });

    test("filters computed by the core rules select in SQL the same suppliers, and pages count them", async () => {
      const whole = await get<SupplierItem[]>(`/api/suppliers?q=${TAG}`);
      expect(whole).toHaveLength(36);
      const expected: Record<string, (s: SupplierItem) => boolean> = {
        "missingClauses=true": (s) => s.missingClauses.length > 0,
        "missingClauses=false": (s) => s.missingClauses.length === 0,
        "certificates=expired": (s) => s.expiredCertificates > 0,
        "certificates=expiring": (s) => s.expiringCertificates > 0,
        "certificates=flagged": (s) => s.expiredCertificates + s.expiringCertificates > 0,
        "tier=1": (s) => s.tier === 1,
        "tier=3&missingClauses=true": (s) => s.tier === 3 && s.missingClauses.length > 0,
      };
      for (const [filter, holds] of Object.entries(expected)) {
        const want = whole.filter(holds).map((s) => s.id);
        expect(want.length, filter).toBeGreaterThan(0);
        expect(want.length, filter).toBeLessThan(36);
        const { ids, pages } = await walk<SupplierItem>(`/api/suppliers?q=${TAG}&${filter}&limit=5`);
        expect(pages[0].total, filter).toBe(want.length);
        expect(ids, filter).toEqual(want);
        expect((await get<SupplierItem[]>(`/api/suppliers?q=${TAG}&${filter}`)).map((s) => s.id), filter).toEqual(want);
      }
    });

    test("suppliers page by cursor in tier order, sort by name or due day, and stay stable when suppliers are added", async () => {
      const whole = await get<SupplierItem[]>(`/api/suppliers?q=${TAG}`);
      const { ids, pages } = await walk<SupplierItem>(`/api/suppliers?q=${TAG}&limit=10`);
      expect(pages.map((p) => p.items.length)).toEqual([10, 10, 10, 6]);
      expect(ids).toEqual(whole.map((s) => s.id));
      expect(pages[1].items[0]).toHaveProperty("risk");
      const names = (await walk<SupplierItem>(`/api/suppliers?q=${TAG}&limit=7&sort=name&order=desc`)).pages.flatMap((p) => p.items.map((s) => s.name));
      expect(names).toEqual([...names].sort().reverse());
      const byPage = await get<Page<SupplierItem>>(`/api/suppliers?q=${TAG}&limit=10&page=2`);
      expect(byPage.items.map((s) => s.id)).toEqual(pages[1].items.map((s) => s.id));
      const admin = await signInAs(vigil, "admin");
      let added = 0;
      const during = await walk<SupplierItem>(`/api/suppliers?q=${TAG}&limit=8&sort=name`, async () => {
        const res = await call(vigil, admin, "POST", "/api/suppliers", { name: `Supplier ${TAG} 0${added++}a`, systemAccess: "none", dataAccess: "none", deviceImpact: "none", patientSafetyImpact: false, substitutability: "easy" });
        expect(res.statusCode, res.body).toBe(201);
      });
      expect(new Set(during.ids).size).toBe(during.ids.length);
      for (const s of whole) expect(during.ids.filter((id) => id === s.id)).toHaveLength(1);
      await expectRefused("/api/suppliers", [
        ["limit=0", "querystring/limit"],
        ["limit=5&sort=risk", "querystring/sort"],
        ["limit=5&cursor=not-a-cursor", "querystring/cursor"],
        ["certificates=soon", "querystring/certificates"],
      ]);
    });
  });

  describe("compliance controls and evidence", () => {
    type ControlItem = { id: string; code: string; domain: string; applicable: boolean; effectiveStatus: string; evidenceCount: number };
    type EvidenceItem = { id: string; title: string; kind: string; expired: boolean; controls: { id: string }[] };
    const DOMAIN = `Paging ${TAG}`;
    const CONTROL_STATUSES = ["implemented", "partial", "planned", "not_started"] as const;
    let admin: Session;
    let controlIds: string[] = [];

    const newEvidence = (title: string, extra: Record<string, unknown> = {}) =>
      call(vigil, admin, "POST", "/api/compliance/evidence", { title, file: { fileName: "note.txt", mediaType: "text/plain", contentBase64: Buffer.from(title).toString("base64") }, ...extra });

    beforeAll(async () => {
      admin = await signInAs(vigil, "admin");
      controlIds = [];
      for (let i = 0; i < 24; i++) {
        const res = await call(vigil, admin, "POST", "/api/compliance/controls", {
          code: `PGT-${String(i).padStart(2, "0")}`,
          domain: DOMAIN,
          title: `Control ${TAG} ${String(i).padStart(2, "0")}`,
          description: "A control of the paging test",
          status: CONTROL_STATUSES[i % 4],
          ...(i % 6 === 5 ? { applicable: false, exclusionJustification: "Not used" } : {}),
          ...(i % 3 === 0 ? { dueDate: `2027-0${1 + (i % 9)}-01` } : {}),
        });
        expect(res.statusCode, res.body).toBe(201);
        controlIds.push(res.json().id);
      }
      // Expired evidence on some implemented and partial controls puts them in review; valid evidence does not.
      for (let i = 0; i < 20; i++) {
        const res = await newEvidence(`Evidence ${TAG} ${String(i).padStart(2, "0")}`, {
          ...(i % 3 === 0 ? { validUntil: "2026-11-01" } : i % 3 === 1 ? { validUntil: "2027-11-01" } : {}),
          controlIds: [controlIds[i % 24], controlIds[(i * 5) % 24]],
        });
        expect(res.statusCode, res.body).toBe(201);
      }
    });

    test("control filters, the effective status among them, select in SQL what the whole list shows, and pages count them", async () => {
      const whole = (await get<ControlItem[]>("/api/compliance/controls")).filter((c) => c.domain === DOMAIN);
      expect(whole).toHaveLength(24);
      expect(await get<ControlItem[]>(`/api/compliance/controls?domain=${encodeURIComponent(DOMAIN)}`)).toEqual(whole);
      for (const status of ["needs_review", "implemented", "partial", "planned", "not_applicable"]) {
        const want = whole.filter((c) => c.effectiveStatus === status).map((c) => c.id);
        expect(want.length, status).toBeGreaterThan(0);
        const { ids, pages } = await walk<ControlItem>(`/api/compliance/controls?domain=${encodeURIComponent(DOMAIN)}&effectiveStatus=${status}&limit=2`);
        expect(pages[0].total, status).toBe(want.length);
        expect(ids, status).toEqual(want);
      }
      const excluded = await walk<ControlItem>(`/api/compliance/controls?q=${TAG}&applicable=false&limit=3`);
      expect(excluded.ids).toEqual(whole.filter((c) => !c.applicable).map((c) => c.id));
      const all = await walk<ControlItem>(`/api/compliance/controls?q=${TAG}&limit=5&sort=dueDate&order=desc`);
      expect(all.pages.map((p) => p.items.length)).toEqual([5, 5, 5, 5, 4]);
      expect(new Set(all.ids)).toEqual(new Set(whole.map((c) => c.id)));
      await expectRefused("/api/compliance/controls", [
        ["limit=0", "querystring/limit"],
        ["limit=5&sort=owner", "querystring/sort"],
        ["effectiveStatus=done", "querystring/effectiveStatus"],
        ["limit=5&cursor=not-a-cursor", "querystring/cursor"],
      ]);
    });

    test("evidence pages by cursor, stable under inserts, with filters in SQL matching the whole library", async () => {
      const whole = (await get<EvidenceItem[]>("/api/compliance/evidence")).filter((e) => e.title.includes(TAG));
      expect(whole).toHaveLength(20);
      const expected: Record<string, (e: EvidenceItem) => boolean> = {
        "expired=true": (e) => e.expired,
        "expired=false": (e) => !e.expired,
        [`controlId=${controlIds[5]}`]: (e) => e.controls.some((c) => c.id === controlIds[5]),
        "kind=record": (e) => e.kind === "record",
      };
      for (const [filter, holds] of Object.entries(expected)) {
        const want = whole.filter(holds).map((e) => e.id);
        const { ids, pages } = await walk<EvidenceItem>(`/api/compliance/evidence?q=${TAG}&${filter}&limit=4`);
        expect(pages[0].total, filter).toBe(want.length);
        expect(ids, filter).toEqual(want);
        expect((await get<EvidenceItem[]>(`/api/compliance/evidence?q=${TAG}&${filter}`)).map((e) => e.id), filter).toEqual(want);
      }
      let added = 0;
      const during = await walk<EvidenceItem>(`/api/compliance/evidence?q=${TAG}&limit=6`, async () => {
        for (const title of [`Evidence ${TAG} 00${added}`, `Evidence ${TAG} 99${added++}`]) expect((await newEvidence(title)).statusCode).toBe(201);
      });
      expect(new Set(during.ids).size).toBe(during.ids.length);
      for (const e of whole) expect(during.ids.filter((id) => id === e.id)).toHaveLength(1);
      expect(during.ids.length).toBeGreaterThan(whole.length);
      expect(during.ids.length).toBeLessThan(whole.length + 2 * added);
      await expectRefused("/api/compliance/evidence", [
        ["limit=501", "querystring/limit"],
        ["limit=5&sort=size", "querystring/sort"],
        ["expired=maybe", "querystring/expired"],
      ]);
    });
  });
});
