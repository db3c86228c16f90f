import { performance } from "node:perf_hooks";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { call, demoEmail, type Session, signInAs } from "../support/app";
import { SCALE_EVIDENCE_PREFIX, SCALE_SUPPLIER_PREFIX, seedRegistersAtScale } from "../support/registers-at-scale";
import { describeInBrowser, expectHeading, type Harness, pageProblems, signInThroughForm, startHarness } from "./support/browser";

/** Registers whose list requests must ask for a page. */
const PAGED = ["/api/risks", "/api/devices", "/api/versions", "/api/installations", "/api/suppliers", "/api/compliance/controls", "/api/compliance/evidence", "/api/audit"];
/** Far above a page of any register (25 risks are 27 KB) and far below a whole one (3,000 risks are 3 MB). */
const PAGE_BYTES = 100_000;
/** A list answer longer than this is a register sent whole (filter options are tens at most). */
const MAX_ITEMS = 100;

type Answer = { path: string; search: URLSearchParams; bytes: number; items: number | null; array: number | null };

const count = new Intl.NumberFormat("en-GB");

describeInBrowser("registers at scale: 3,000 risks and 3,000 versions page in the browser without being downloaded whole", () => {
  let h: Harness;
  let page: Page;
  let admin: Session;
  let answers: Promise<Answer>[] = [];
  const timings: string[] = [];

  beforeAll(async () => {
    h = await startHarness();
    await seedRegistersAtScale(h.vigil.database);
    admin = await signInAs(h.vigil, "admin");
    ({ page } = await h.newPage({ width: 1440, height: 900 }));
    page.on("response", (r) => {
      const url = new URL(r.url());
      if (!url.pathname.startsWith("/api/")) return;
      answers.push(
        r.body().then(
          (body) => {
            let json: unknown = null;
            try {
              json = JSON.parse(body.toString("utf8"));
            } catch {
              // not JSON (a download or an empty answer)
            }
            const items = json && typeof json === "object" && Array.isArray((json as { items?: unknown }).items) ? (json as { items: unknown[] }).items.length : null;
            return { path: url.pathname, search: url.searchParams, bytes: body.length, items, array: Array.isArray(json) ? json.length : null };
          },
          () => ({ path: url.pathname, search: url.searchParams, bytes: 0, items: null, array: null }),
        ),
      );
    });
    await signInThroughForm(page, demoEmail("admin"));
    // Building the web app, starting Vigil with the demo workspace and writing 6,000 records, on a shared machine.
  }, 300_000);

  afterAll(async () => {
    if (timings.length > 0 && process.env.VIGIL_UI_SCALE_REPORT) console.info(timings.join("\n"));
    await h?.close();
  });

  const total = async (url: string) => {
    const res = await call(h.vigil, admin, "GET", url);
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { total: number }).total;
  };
  const firstItem = async <T>(url: string) => ((await call(h.vigil, admin, "GET", url)).json() as { items: T[] }).items[0];

  /** Every answer since the last check was one page: list requests carry a limit, no body is near a register's size. */
  const expectOnlyPages = async () => {
    const seen = await Promise.all(answers);
    answers = [];
    expect(seen.length).toBeGreaterThan(0);
    const unpaged = seen.filter((a) => PAGED.includes(a.path) && !a.search.has("limit")).map((a) => `${a.path}?${a.search}`);
    expect(unpaged).toEqual([]);
    const large = seen.filter((a) => a.bytes > PAGE_BYTES).map((a) => `${a.path}?${a.search}: ${a.bytes} bytes`);
    expect(large).toEqual([]);
    const long = seen.filter((a) => Math.max(a.array ?? 0, a.items ?? 0) > MAX_ITEMS).map((a) => `${a.path}?${a.search}: ${a.array ?? a.items} items`);
    expect(long).toEqual([]);
    const overfull = seen.filter((a) => a.items !== null && a.items > Number(a.search.get("limit"))).map((a) => `${a.path}?${a.search}: ${a.items} items`);
    expect(overfull).toEqual([]);
    return seen;
  };

  /** The total a list's toolbar shows, as the server counted it. */
  const expectShownTotal = async (n: number, noun: string) => {
    const shown = page.locator("[data-total]");
    await expect.poll(() => shown.getAttribute("data-total"), { timeout: 15_000 }).toBe(String(n));
    expect(await shown.textContent()).toBe(`${count.format(n)} ${n === 1 ? noun : `${noun}s`}`);
  };

  /**
   * Opens a list, waits for its first 25 rows and its total, and turns to page 2. How long each took and what the API
   * sent for the first page are noted for README "Scaling" (not asserted: the machine is shared).
   */
  const openAndTurnPage = async (list: { path: string; heading: string; region: string; noun: string; total: number; rows: (region: Locator) => Locator; first: (rows: Locator) => Promise<string | null> }) => {
    answers = [];
    const started = performance.now();
    await page.goto(list.path);
    await expectHeading(page, list.heading);
    const region = page.getByRole("region", { name: list.region });
    const rows = list.rows(region);
    const first = () => list.first(rows);
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(25);
    const firstRows = performance.now();
    await expectShownTotal(list.total, list.noun);
    const loadBytes = (await expectOnlyPages()).reduce((n, a) => n + a.bytes, 0);

    const onPageOne = await first();
    const clicked = performance.now();
    await region.getByRole("button", { name: "2", exact: true }).click();
    await expect.poll(first, { timeout: 15_000 }).not.toBe(onPageOne);
    const nextPage = performance.now();
    expect(new URL(page.url()).searchParams.get("page")).toBe("2");
    timings.push(`${list.path}, ${list.total} ${list.noun}s: first rows ${Math.round(firstRows - started)} ms after navigation, next page ${Math.round(nextPage - clicked)} ms, API bytes for the first page ${loadBytes}`);
    return { region, rows, first };
  };

  test("the risk register pages to a later and the last page, filters and sorts 3,000 risks through the API", async () => {
    const all = await total("/api/risks?limit=1");
    expect(all).toBeGreaterThanOrEqual(3_000);
    const { region: risks, rows, first: firstLink } = await openAndTurnPage({
      path: "/risks",
      heading: "Risk register",
      region: "Risks",
      noun: "risk",
      total: all,
      rows: (region) => region.locator("tbody tr"),
      first: (rows) => rows.first().locator("a").textContent(),
    });

    // A later page, then the last one, each as the server sorted it.
    const lastPage = Math.ceil(all / 25);
    await page.goto("/risks?page=60");
    const sixtieth = await firstItem<{ reference: string }>("/api/risks?limit=25&page=60&sort=reference&order=asc");
    await expect.poll(async () => (await firstLink())?.startsWith(`${sixtieth.reference} ·`), { timeout: 15_000 }).toBe(true);
    await risks.getByRole("button", { name: String(lastPage), exact: true }).click();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(all - (lastPage - 1) * 25);
    const last = await firstItem<{ reference: string }>(`/api/risks?limit=25&page=${lastPage}&sort=reference&order=asc`);
    expect((await firstLink())?.startsWith(`${last.reference} ·`)).toBe(true);

    // Filters start again at the first page and are counted by the server.
    await page.getByLabel("Filter risks").fill("Code-signing key misused");
    await expectShownTotal(await total("/api/risks?limit=1&q=Code-signing%20key%20misused"), "risk");
    expect(new URL(page.url()).searchParams.get("page")).toBeNull();
    await page.getByLabel("Owner", { exact: true }).first().click();
    await page.getByRole("option", { name: "Owner 7", exact: true }).click();
    const filtered = await total("/api/risks?limit=1&q=Code-signing%20key%20misused&owner=Owner%207");
    expect(filtered).toBeGreaterThan(0);
    await expectShownTotal(filtered, "risk");
    await expect.poll(async () => (await rows.locator("a").allTextContents()).every((t) => t.includes("Code-signing key misused")), { timeout: 15_000 }).toBe(true);

    // The device-model filter asks the server for models matching what is typed, not for the whole catalogue.
    await page.goto("/risks");
    const model = await firstItem<{ id: string }>("/api/devices?limit=1&q=CareLink%20102");
    await page.getByLabel("Device model", { exact: true }).first().fill("CareLink 102");
    await page.getByRole("option", { name: "CareLink 102", exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("deviceModelId")).toBe(model.id);
    await expectShownTotal(await total(`/api/risks?limit=1&deviceModelId=${model.id}`), "risk");
    await page.reload();
    await expect.poll(() => page.getByLabel("Device model", { exact: true }).first().inputValue(), { timeout: 15_000 }).toBe("CareLink 102");

    // Back to the text and owner filters, from the address.
    await page.goto("/risks?q=Code-signing+key+misused&owner=Owner+7");
    await expectShownTotal(filtered, "risk");

    // Sorting by reference, descending, across every matching risk.
    await risks.locator("thead").getByText("Risk", { exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("order")).toBe("desc");
    const newest = await firstItem<{ reference: string }>("/api/risks?limit=1&q=Code-signing%20key%20misused&owner=Owner%207&sort=reference&order=desc");
    await expect.poll(async () => (await firstLink())?.startsWith(`${newest.reference} ·`), { timeout: 15_000 }).toBe(true);

    await expectOnlyPages();
    expect(pageProblems(page)).toEqual([]);
  });

  test("the device list pages 300 models with 3,000 versions, sorts by versions and finds a model by name", async () => {
    const all = await total("/api/devices?limit=1");
    expect(all).toBeGreaterThanOrEqual(300);
    expect(await total("/api/versions?limit=1")).toBeGreaterThanOrEqual(3_000);
    const { region: models, rows, first: firstName } = await openAndTurnPage({
      path: "/devices",
      heading: "Device models",
      region: "Device models",
      noun: "device model",
      total: all,
      rows: (region) => region.locator("tbody > tr").filter({ has: page.locator(".device-model-name") }),
      first: (rows) => rows.first().locator(".device-model-name").textContent(),
    });

    // Most models on the page have installed versions past end of support: each is marked, none opens by itself.
    expect(await models.getByText(/^\d+ past support$/).count()).toBeGreaterThan(3);
    expect(await models.getByRole("button", { name: /^Hide versions of / }).count()).toBe(0);

    const lastPage = Math.ceil(all / 25);
    await models.getByRole("button", { name: String(lastPage), exact: true }).click();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(all - (lastPage - 1) * 25);

    // Most versions first: the server counts each model's versions to sort by them.
    // The expander column's hidden title reads "Versions" too.
    const versionsHeader = models.locator("thead").getByText("Versions", { exact: true }).last();
    await versionsHeader.click();
    await expect.poll(() => new URL(page.url()).searchParams.get("sort")).toBe("versionCount");
    await versionsHeader.click();
    await expect.poll(() => new URL(page.url()).searchParams.get("order")).toBe("desc");
    const most = await firstItem<{ name: string }>("/api/devices?limit=1&sort=versionCount&order=desc");
    await expect.poll(firstName, { timeout: 15_000 }).toBe(most.name);

    await page.getByLabel("Filter device models").fill("VitaView 101");
    await expectShownTotal(1, "device model");
    await expect.poll(firstName, { timeout: 15_000 }).toBe("VitaView 101");
    // Alone on its page, a model with installed versions past end of support opens by itself.
    const vitaView = await firstItem<{ id: string; pastSupportInstalled: number }>("/api/devices?limit=1&q=VitaView%20101");
    if (vitaView.pastSupportInstalled > 0) await models.getByRole("button", { name: "Hide versions of VitaView 101" }).waitFor();
    else await models.getByRole("button", { name: "Show versions of VitaView 101" }).click();
    const versions = page.getByRole("table", { name: "Versions of VitaView 101" });
    await expect.poll(() => versions.locator("tbody tr").count(), { timeout: 15_000 }).toBe(await total(`/api/versions?limit=1&deviceModelId=${vitaView.id}`));

    await expectOnlyPages();
    expect(pageProblems(page)).toEqual([]);
  });

  test("the installed base pages 3,000 installations, filters by support, text and device model, and sorts by units", async () => {
    const all = await total("/api/installations?limit=1");
    expect(all).toBeGreaterThanOrEqual(3_000);
    const { region, rows, first } = await openAndTurnPage({
      path: "/devices/installed",
      heading: "Installed base",
      region: "Installations",
      noun: "installation",
      total: all,
      rows: (r) => r.locator("tbody tr"),
      first: (r) => r.first().textContent(),
    });
    const lastPage = Math.ceil(all / 25);
    await region.getByRole("button", { name: String(lastPage), exact: true }).click();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(all - (lastPage - 1) * 25);

    // Past end of support, counted by the server, from the first page again.
    await page.locator("label").filter({ hasText: /^Past end of support$/ }).click();
    const pastSupport = await total("/api/installations?limit=1&pastSupport=true");
    expect(pastSupport).toBeGreaterThan(25);
    expect(pastSupport).toBeLessThan(all);
    await expectShownTotal(pastSupport, "installation");
    expect(new URL(page.url()).searchParams.get("support")).toBe("past");
    expect(new URL(page.url()).searchParams.get("page")).toBeNull();

    await page.getByLabel("Filter installations").fill("Hospital 2 Main");
    const filtered = await total("/api/installations?limit=1&pastSupport=true&q=Hospital%202%20Main");
    expect(filtered).toBeGreaterThan(0);
    await expectShownTotal(filtered, "installation");
    await expect.poll(async () => (await rows.allTextContents()).every((t) => t.startsWith("Hospital 2Main campus")), { timeout: 15_000 }).toBe(true);

    // The device-model filter, then the most units first, as the server sorted the model's installations.
    await page.goto("/devices/installed");
    const model = await firstItem<{ deviceModel: string }>("/api/installations?limit=1&sort=deviceModel&order=desc");
    const chosen = await firstItem<{ id: string }>(`/api/devices?limit=1&q=${encodeURIComponent(model.deviceModel)}`);
    await page.getByLabel("Device model", { exact: true }).first().fill(model.deviceModel);
    await page.getByRole("option", { name: model.deviceModel, exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("deviceModelId")).toBe(chosen.id);
    await expectShownTotal(await total(`/api/installations?limit=1&deviceModelId=${chosen.id}`), "installation");
    const unitsHeader = region.locator("thead").getByText("Units", { exact: true });
    await unitsHeader.click();
    await unitsHeader.click();
    await expect.poll(() => new URL(page.url()).searchParams.get("order")).toBe("desc");
    const most = await firstItem<{ id: string; units: number }>(`/api/installations?limit=1&deviceModelId=${chosen.id}&sort=units&order=desc`);
    await expect.poll(() => rows.first().locator("td").nth(6).textContent(), { timeout: 15_000 }).toBe(count.format(most.units));
    expect(await first()).toContain(model.deviceModel);

    const seen = await expectOnlyPages();
    expect(seen.filter((a) => a.path === "/api/installations").every((a) => a.search.get("limit") === "25")).toBe(true);
    expect(pageProblems(page)).toEqual([]);
  });

  /** Opens a list whose heading names its table, types a text filter and waits for the server's count. */
  const openFiltered = async (path: string, name: string, text: string, expected: number, noun: string) => {
    await page.goto(path);
    await expectHeading(page, name);
    await page.getByLabel(`Filter ${name.toLowerCase()}`).fill(text);
    await expectShownTotal(expected, noun);
    return page.getByRole("region", { name });
  };

  test("suppliers, controls, evidence and the audit trail page and filter through the API", async () => {
    answers = [];
    const suppliers = await openFiltered("/suppliers", "Suppliers", SCALE_SUPPLIER_PREFIX, 60, "supplier");
    await suppliers.getByRole("button", { name: "3", exact: true }).click();
    await expect.poll(() => suppliers.locator("tbody tr").count(), { timeout: 15_000 }).toBe(10);
    await page.locator("label").filter({ hasText: /^Tier 1$/ }).click();
    await expectShownTotal(20, "supplier");

    await page.goto("/compliance");
    await expectHeading(page, "Controls");
    const controls = page.getByRole("region", { name: "Controls" });
    const allControls = await total("/api/compliance/controls?limit=1");
    expect(allControls).toBeGreaterThan(25);
    await expectShownTotal(allControls, "control");
    const lastControls = Math.ceil(allControls / 25);
    await controls.getByRole("button", { name: String(lastControls), exact: true }).click();
    await expect.poll(() => controls.locator("tbody tr").count(), { timeout: 15_000 }).toBe(allControls - (lastControls - 1) * 25);

    const evidence = await openFiltered("/compliance/evidence", "Evidence", SCALE_EVIDENCE_PREFIX, 60, "evidence item");
    await evidence.getByRole("button", { name: "2", exact: true }).click();
    await expect.poll(() => evidence.locator("tbody tr").first().textContent(), { timeout: 15_000 }).toContain(`${SCALE_EVIDENCE_PREFIX} 026`);
    await page.locator("label").filter({ hasText: /^Expired$/ }).click();
    await expectShownTotal(20, "evidence item");

    await page.goto("/admin/audit");
    await expectHeading(page, "Audit trail");
    const audit = page.getByRole("region", { name: "Audit entries" });
    const entries = await total("/api/audit?limit=1");
    expect(entries).toBeGreaterThan(25);
    await page.getByText(`${count.format(entries)} entries`, { exact: true }).waitFor();
    const newest = await audit.locator("tbody tr").first().textContent();
    await audit.getByRole("button", { name: "2", exact: true }).click();
    await expect.poll(() => audit.locator("tbody tr").first().textContent(), { timeout: 15_000 }).not.toBe(newest);
    await page.getByLabel("Action", { exact: true }).fill("login");
    const logins = await total("/api/audit?limit=1&action=login");
    await page.getByText(`${count.format(logins)} ${logins === 1 ? "entry" : "entries"}`, { exact: true }).waitFor();

    const seen = await expectOnlyPages();
    for (const path of ["/api/suppliers", "/api/compliance/controls", "/api/compliance/evidence", "/api/audit"]) expect(seen.some((a) => a.path === path && a.search.get("page") !== "1" && a.search.has("page"))).toBe(true);
    expect(pageProblems(page)).toEqual([]);
  });
});
