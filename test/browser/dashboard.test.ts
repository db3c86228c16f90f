import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { loadControlLibrary } from "../../src/server/compliance/library";
import { takeSnapshot } from "../../src/server/dashboard/snapshots";
import { demoEmail } from "../support/app";
import { artifactsDir, describeInBrowser, expectHeading, type Harness, pageProblems, signInThroughForm, startHarness } from "./support/browser";

describeInBrowser("dashboard: loads with the demo data, every widget links to a list that renders", () => {
  let h: Harness;
  let page: Page;

  beforeAll(async () => {
    h = await startHarness();
    // One daily snapshot as the job would take it, so the trend charts have a point to draw.
    const catalog = h.vigil.app.services.catalog;
    await takeSnapshot(h.vigil.database.db, { catalog, library: await loadControlLibrary(catalog), now: new Date() });
    ({ page } = await h.newPage({ width: 1440, height: 1000 }));
    await signInThroughForm(page, demoEmail("compliance_manager"));
    mkdirSync(artifactsDir, { recursive: true });
  });

  afterAll(async () => {
    await h?.close();
  });

  test("the dashboard shows every widget; each widget link opens a page that renders", async () => {
    const started = Date.now();
    await page.goto("/");
    await expectHeading(page, "Dashboard");
    await page.locator("[data-dashboard-ready]").waitFor();
    await page.locator('[data-widget="trends"] .recharts-surface').first().waitFor();
    const loadMs = Date.now() - started;
    const api = await page.evaluate(async () => {
      const t = performance.now();
      await fetch("/api/dashboard");
      return Math.round(performance.now() - t);
    });
    console.log(`dashboard loaded with the demo data in ${loadMs} ms (GET /api/dashboard alone: ${api} ms)`);

    const widgets = ["clocks", "nis2", "iso27001", "obligations", "vulnerabilities", "endOfSupport", "incidents", "governance", "risks", "trends"];
    for (const w of widgets) {
      const card = page.locator(`[data-widget="${w}"]`);
      await card.waitFor();
      expect(await card.locator("[data-not-available]").count(), `widget ${w} is not available`).toBe(0);
      expect(await card.locator("[data-widget-link]").count(), `widget ${w} has no link`).toBeGreaterThan(0);
    }
    // The demo has KEV findings: the number is shown and is not zero.
    expect(Number(await page.locator('[data-stat="in the KEV catalog"]').textContent())).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(artifactsDir, "dashboard.png"), fullPage: true });

    const hrefs = [...new Set(await page.locator("[data-widget-link]").evaluateAll((els) => els.map((e) => e.getAttribute("href") ?? "")))];
    expect(hrefs.length).toBeGreaterThan(10);

    // One link clicked through the interface, then every other one opened directly.
    await page.locator('[data-widget="vulnerabilities"] [data-widget-link]').first().click();
    await page.waitForURL((u) => u.pathname === "/vulnerabilities");
    await page.getByRole("heading", { level: 1 }).waitFor();

    // The others through the router, as a click would (no reload): each must render its own page.
    for (const href of hrefs) {
      expect(href.startsWith("/"), href).toBe(true);
      // The heading on screen is marked, so that the check below reads the next page's heading, not this one's.
      await page.evaluate((to) => {
        const samePage = new URL(to, window.location.href).pathname === window.location.pathname;
        for (const h of document.querySelectorAll("h1")) if (!samePage) h.setAttribute("data-left", "");
        window.history.pushState({}, "", to);
        window.dispatchEvent(new PopStateEvent("popstate"));
      }, href);
      await page.waitForURL((u) => u.pathname + u.search === href);
      const h1 = page.locator("h1:not([data-left])").first();
      await h1.waitFor();
      const title = (await h1.textContent()) ?? "";
      expect(["Page not found", "No access", "Something went wrong"], `${href} shows "${title}"`).not.toContain(title);
    }
    expect(pageProblems(page)).toEqual([]);
  }, 300_000);

  test("each role sees the legal reporting clocks first, then its own work: the compliance manager coverage, the security officer obligations and vulnerabilities", async () => {
    await page.goto("/");
    const ready = page.locator("[data-dashboard-ready]");
    await ready.waitFor();
    expect(await ready.getAttribute("data-dashboard-order")).toBe("clocks coverage work facts charts");
    // The demo incident's legal clocks come first, each counted down in hours.
    expect(await page.locator("[data-widget]").first().getAttribute("data-widget")).toBe("clocks");
    const countdowns = await page.locator('[data-widget="clocks"] [data-countdown]').allTextContents();
    expect(countdowns.length).toBeGreaterThan(0);
    for (const c of countdowns) expect(c).toMatch(/^\d+ h (left|overdue)$/);
    const officer = await h.newPage({ width: 1440, height: 1000 });
    try {
      await signInThroughForm(officer.page, demoEmail("security_officer"));
      await officer.page.goto("/");
      const officerReady = officer.page.locator("[data-dashboard-ready]");
      await officerReady.waitFor();
      expect(await officerReady.getAttribute("data-dashboard-order")).toBe("clocks work facts charts coverage");
      // The reporting clocks, then the officer's list of obligations.
      const order = await officer.page.locator("[data-widget]").evaluateAll((els) => els.map((e) => e.getAttribute("data-widget")));
      expect(order.slice(0, 2)).toEqual(["clocks", "obligations"]);
    } finally {
      await officer.context.close();
    }
  });

  test("each card shows as soon as its widget arrives; a slow one is a skeleton until then", async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route("**/api/dashboard/widgets/risks", async (route) => {
      await held;
      await route.continue();
    });
    try {
      await page.goto("/");
      await page.locator('[data-widget="vulnerabilities"] [data-stat="open findings"]').waitFor();
      await page.locator('[data-widget-loading="risks"]').waitFor();
      expect(await page.locator('[data-widget="risks"]').count()).toBe(0);
      expect(await page.locator("[data-dashboard-ready]").count()).toBe(0);
      release();
      await page.locator('[data-widget="risks"] [aria-label="Dashboard residual risk heat map"]').waitFor();
      await page.locator("[data-dashboard-ready]").waitFor();
      expect(await page.locator("[data-widget-loading]").count()).toBe(0);
    } finally {
      release();
      await page.unroute("**/api/dashboard/widgets/risks");
    }
  });

  test("repeated reminders are one row that opens the obligations of its kind", async () => {
    await page.goto("/");
    const grouped = page.locator('[data-widget="obligations"] tr[data-grouped]');
    await page.locator("[data-dashboard-ready]").waitFor();
    expect(await grouped.count()).toBeGreaterThan(0);
    const count = Number(await grouped.first().getAttribute("data-grouped"));
    expect(await grouped.first().textContent()).toContain(`${count} `);
    await grouped.first().getByRole("link").click();
    await page.waitForURL((u) => u.pathname === "/obligations" && u.searchParams.has("kind"));
    const rows = page.getByRole("table", { name: "Obligations" }).locator("tbody tr");
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(count);
  });

  test("the obligations list behind the dashboard is in the menu and lists the demo incident's deadlines", async () => {
    await page.goto("/");
    await page.getByRole("link", { name: "Obligations", exact: true }).first().click();
    await page.waitForURL((u) => u.pathname === "/obligations");
    await expectHeading(page, "Obligations");
    const rows = page.getByRole("table", { name: "Obligations" }).locator("tbody tr");
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect((await rows.allTextContents()).some((t) => t.includes("Incident report"))).toBe(true);
  });

  test("the Reports page produces a board report and lists it with who, when and its hash", async () => {
    await page.goto("/reports");
    await expectHeading(page, "Reports");
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Board report PDF" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^board-report-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.pdf$/);
    const rows = page.getByRole("table", { name: "Generated documents" }).locator("tbody tr");
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const first = (await rows.first().textContent()) ?? "";
    expect(first).toContain("Board report");
    expect(first).toContain(demoEmail("compliance_manager"));
    await page.screenshot({ path: path.join(artifactsDir, "reports.png"), fullPage: true });
    expect(pageProblems(page)).toEqual([]);
  });
});
