import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { call, demoEmail, type Session, signInAs } from "../support/app";
import { seedFindings } from "../support/findings";
import { describeInBrowser, expectHeading, type Harness, pageProblems, signInThroughForm, startHarness } from "./support/browser";

describeInBrowser("paged registers: the risk register and the device list page, sort and filter through the API", () => {
  let h: Harness;
  let page: Page;
  let officer: Session;
  const listRequests: string[] = [];

  beforeAll(async () => {
    h = await startHarness();
    officer = await signInAs(h.vigil, "security_officer");
    for (let i = 0; i < 40; i++) {
      const res = await call(h.vigil, officer, "POST", "/api/risks", {
        title: `Paging drill ${String(i).padStart(2, "0")}`,
        asset: "Drill asset",
        phase: "manufacturing",
        cia: { confidentiality: true, integrity: false, availability: false },
        inherentLikelihood: 1 + (i % 5),
        inherentImpact: 2,
        owner: i % 2 ? "Pia Pager" : null,
      });
      expect(res.statusCode, res.body).toBe(201);
    }
    const model = await call(h.vigil, officer, "POST", "/api/devices", { name: "Pager drill monitor", modelNumber: "PDM-1", kind: "medical_device" });
    expect(model.statusCode, model.body).toBe(201);
    const versionIds: string[] = [];
    for (let i = 0; i < 45; i++) {
      const res = await call(h.vigil, officer, "POST", `/api/devices/${model.json().id}/versions`, {
        version: `7.${i}.0`,
        releaseDate: `2021-02-${String(1 + (i % 28)).padStart(2, "0")}`,
        supportStatus: i < 5 ? "end_of_support" : "supported",
      });
      expect(res.statusCode, res.body).toBe(201);
      versionIds.push(res.json().id);
    }
    // 135 findings of three vulnerabilities in the drill monitor's versions, 120 of them open.
    await seedFindings(h.vigil.database.db, "pagerdrill", versionIds);
    const manager = await signInAs(h.vigil, "incident_manager");
    for (let i = 0; i < 30; i++) {
      const at = new Date(Date.UTC(2026, 5, 1 + i)).toISOString();
      const res = await call(h.vigil, manager, "POST", "/api/incidents", { title: `Pager drill incident ${String(i).padStart(2, "0")}`, detectedAt: at, awareAt: at, ...(i < 4 ? { status: "closed" } : {}) });
      expect(res.statusCode, res.body).toBe(201);
    }
    ({ page } = await h.newPage({ width: 1440, height: 900 }));
    page.on("request", (r) => {
      const url = new URL(r.url());
      if (["/api/risks", "/api/devices", "/api/versions", "/api/findings", "/api/incidents"].includes(url.pathname)) listRequests.push(url.pathname + url.search);
    });
    await signInThroughForm(page, demoEmail("compliance_manager"));
    // Building the web app, starting Vigil and seeding 85 records through the API, on a shared machine.
  }, 300_000);

  afterAll(async () => {
    await h?.close();
  });

  const total = async (url: string) => ((await call(h.vigil, officer, "GET", url)).json() as { total: number }).total;

  test("the risk register shows one page of the register with its total, pages on, and filters on the server", async () => {
    const all = await total("/api/risks?limit=1");
    expect(all).toBeGreaterThan(40);
    listRequests.length = 0;
    await page.goto("/risks");
    await expectHeading(page, "Risk register");
    const risks = page.getByRole("region", { name: "Risks" });
    const rows = risks.locator("tbody tr");
    await page.getByText(`${all} risks`, { exact: true }).waitFor();
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(25);
    const firstOnPageOne = await rows.first().locator("a").textContent();

    await risks.getByRole("button", { name: "2", exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("page")).toBe("2");
    await expect.poll(() => rows.first().locator("a").textContent(), { timeout: 10_000 }).not.toBe(firstOnPageOne);
    expect(await rows.count()).toBe(25);

    await page.getByLabel("Filter risks").fill("Paging drill");
    await page.getByText("40 risks", { exact: true }).waitFor();
    await expect.poll(() => new URL(page.url()).searchParams.get("page")).toBeNull();
    await expect.poll(async () => (await rows.locator("a").allTextContents()).every((t) => t.includes("Paging drill")), { timeout: 10_000 }).toBe(true);

    await page.getByLabel("Owner", { exact: true }).first().click();
    await page.getByRole("option", { name: "Pia Pager" }).click();
    await page.getByText("20 risks", { exact: true }).waitFor();
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(20);

    // Sorting by reference descending is done by the server.
    await risks.locator("thead").getByText("Risk", { exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("order")).toBe("desc");
    await expect.poll(async () => (await rows.first().locator("a").textContent())?.endsWith("Paging drill 39"), { timeout: 10_000 }).toBe(true);

    expect(listRequests.filter((u) => u.startsWith("/api/risks") && !u.includes("limit="))).toEqual([]);
    expect(pageProblems(page)).toEqual([]);
  });

  test("the device list pages the versions of a model, filters them by support status and finds a model by a version number", async () => {
    listRequests.length = 0;
    await page.goto("/devices");
    await expectHeading(page, "Device models");
    const models = page.getByRole("region", { name: "Device models" });
    await page.getByLabel("Filter device models").fill("7.44");
    await page.getByText("1 device model", { exact: true }).waitFor();
    await expect.poll(() => models.locator("tbody tr").count(), { timeout: 10_000 }).toBe(1);

    await models.getByRole("button", { name: "Show versions of Pager drill monitor" }).click();
    const versions = page.getByRole("table", { name: "Versions of Pager drill monitor" });
    await expect.poll(() => versions.locator("tbody tr").count(), { timeout: 10_000 }).toBe(20);
    await page.getByText("1–20 of 45 versions").waitFor();
    await page.getByRole("button", { name: "Page 3 of Pager drill monitor versions" }).click();
    await page.getByText("41–45 of 45 versions").waitFor();
    await expect.poll(() => versions.locator("tbody tr").count(), { timeout: 10_000 }).toBe(5);

    await page.getByLabel("Support status of Pager drill monitor versions").first().click();
    await page.getByRole("option", { name: "End of support", exact: true }).click();
    // Page 3 also holds 5 rows, and they can stay on screen after the range text goes while the filtered page loads:
    // wait for the filtered rows themselves, then check that nothing else is listed.
    await page.getByText("41–45 of 45 versions").waitFor({ state: "detached" });
    await expect.poll(() => versions.locator("tbody").getByText("End of support", { exact: true }).count(), { timeout: 10_000 }).toBe(5);
    expect(await versions.locator("tbody tr").count()).toBe(5);

    expect(listRequests.filter((u) => (u.startsWith("/api/devices") || u.startsWith("/api/versions")) && !u.includes("limit="))).toEqual([]);
    expect(pageProblems(page)).toEqual([]);
  });

  test("the findings table pages, filters and sorts on the server, keeping its filters", async () => {
    listRequests.length = 0;
    await page.goto("/vulnerabilities");
    await expectHeading(page, "Vulnerabilities");
    const table = page.getByRole("region", { name: "Findings", exact: true });
    const rows = table.locator("tbody tr");
    await page.getByLabel("Search").fill("pagerdrill");
    await page.getByText("120 findings", { exact: true }).waitFor();
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(25);
    const firstOnPageOne = await rows.first().textContent();

    await table.getByRole("button", { name: "2", exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("page")).toBe("2");
    await expect.poll(() => rows.first().textContent(), { timeout: 10_000 }).not.toBe(firstOnPageOne);
    expect(await rows.count()).toBe(25);

    // A filter starts again at the first page and is applied by the server.
    await page.getByLabel("Priority", { exact: true }).first().click();
    await page.getByRole("option", { name: "high", exact: true }).click();
    await page.getByText("40 findings", { exact: true }).waitFor();
    await expect.poll(() => new URL(page.url()).searchParams.get("page")).toBeNull();
    await expect.poll(async () => (await rows.getByRole("button", { name: /^Open finding/ }).allTextContents()).every((t) => t === "CVE-2099-0003"), { timeout: 10_000 }).toBe(true);
    await page.getByLabel("KEV only").click();
    await page.getByText("0 findings", { exact: true }).waitFor();
    await page.getByLabel("KEV only").click();
    await page.getByText("40 findings", { exact: true }).waitFor();

    // Sorting by due date, latest first, is done by the server across every page.
    await table.locator("thead").getByText("Due", { exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("sort")).toBe("dueAt");
    await table.locator("thead").getByText("Due", { exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("order")).toBe("desc");
    const latest = await call(h.vigil, officer, "GET", "/api/findings?q=pagerdrill&priority=high&limit=1&sort=dueAt&order=desc");
    const first = latest.json().items[0] as { component: { version: string } };
    await expect.poll(async () => (await rows.first().textContent())?.includes(`pagerdrill-lib ${first.component.version}`), { timeout: 10_000 }).toBe(true);

    expect(listRequests.filter((u) => u.startsWith("/api/findings") && !u.includes("limit="))).toEqual([]);
    expect(listRequests.filter((u) => u.startsWith("/api/devices") && !u.includes("limit="))).toEqual([]);
    expect(pageProblems(page)).toEqual([]);
  });

  test("the incident list pages, filters and sorts on the server", async () => {
    listRequests.length = 0;
    await page.goto("/incidents/list");
    await expectHeading(page, "Incidents");
    const table = page.getByRole("region", { name: "Incidents", exact: true });
    const rows = table.locator("tbody tr");
    await page.getByLabel("Filter incidents").fill("Pager drill incident");
    await page.getByText("26 incidents", { exact: true }).waitFor();
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(25);
    // Newest awareness first: the last declared is on top.
    await expect.poll(() => rows.first().textContent(), { timeout: 10_000 }).toContain("Pager drill incident 29");
    await table.getByRole("button", { name: "2", exact: true }).click();
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => rows.first().textContent(), { timeout: 10_000 }).toContain("Pager drill incident 04");

    await page.getByText("Closed", { exact: true }).click();
    await page.getByText("4 incidents", { exact: true }).waitFor();
    await expect.poll(() => new URL(page.url()).searchParams.get("page")).toBeNull();
    await page.getByText("All", { exact: true }).click();
    await page.getByText("30 incidents", { exact: true }).waitFor();

    await table.locator("thead").getByText("Incident", { exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get("sort")).toBe("reference");
    expect(listRequests.filter((u) => u.startsWith("/api/incidents") && !u.includes("limit="))).toEqual([]);
    expect(pageProblems(page)).toEqual([]);
  });
});
