import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { demoEmail } from "../support/app";
import { artifactsDir, describeInBrowser, expectHeading, type Harness, pageProblems, signInThroughForm, startHarness } from "./support/browser";

describeInBrowser("risks and continuity: heat map to filtered register, templates, restore tests", () => {
  let h: Harness;
  let page: Page;

  beforeAll(async () => {
    h = await startHarness();
    ({ page } = await h.newPage({ width: 1440, height: 900 }));
    await signInThroughForm(page, demoEmail("compliance_manager"));
    mkdirSync(artifactsDir, { recursive: true });
  });

  afterAll(async () => {
    await h?.close();
  });

  const riskRows = () => page.getByRole("region", { name: "Risks" }).locator("tbody tr");

  test("a heat-map cell opens the register filtered to the risks of that cell", async () => {
    await page.goto("/risks/heatmap");
    await expectHeading(page, "Risk heat map");
    const inherent = page.getByRole("table", { name: "Inherent risk heat map" });
    const residual = page.getByRole("table", { name: "Residual risk heat map" });
    await inherent.waitFor();
    await residual.waitFor();
    // The demo has three risks rated likelihood 4 × impact 4 before treatment.
    const cell = inherent.locator('[data-cell="inherent:4:4"]');
    expect(await cell.textContent()).toBe("3");
    await page.screenshot({ path: path.join(artifactsDir, "risks-heatmap.png"), fullPage: true });

    await cell.click();
    await page.waitForURL(/\/risks\?cell=inherent(:|%3A)4(:|%3A)4/);
    await expectHeading(page, "Risk register");
    await page.getByText(/Inherent likelihood 4 \(Likely\) × impact 4 \(Major\)/).waitFor();
    await expect.poll(() => riskRows().count(), { timeout: 10_000 }).toBe(3);
    const titles = await riskRows().locator("a").allTextContents();
    expect(titles.some((t) => t.includes("Ransomware in manufacturing"))).toBe(true);
    await page.screenshot({ path: path.join(artifactsDir, "risks-register-cell.png"), fullPage: true });

    // Closing the cell filter shows the whole register again.
    await page.getByRole("button", { name: "Show all cells" }).click();
    await expect.poll(() => riskRows().count(), { timeout: 10_000 }).toBeGreaterThan(3);
    expect(pageProblems(page)).toEqual([]);
  });

  test("adopting a template adds a risk with its requirements to the register", async () => {
    await page.goto("/risks/templates");
    await expectHeading(page, "Risk templates");
    const card = page.locator('[data-template="tpl.design.insecure-interface"]');
    await card.getByText("mdr:annexI.18.8").waitFor();
    await card.getByRole("button", { name: "Adopt Unauthenticated device network interface" }).click();
    await page.getByText(/is now in the register/).waitFor();
    const link = card.getByRole("link", { name: /^RISK-\d{3}$/ });
    await link.waitFor();
    const reference = await link.textContent();
    await page.screenshot({ path: path.join(artifactsDir, "risks-templates.png") });

    await link.click();
    await expectHeading(page, `${reference} · Unauthenticated device network interface`);
    await page.getByText("requirement:").first().waitFor();
    await page.getByRole("link", { name: "mdr:annexI.18.8" }).waitFor();
    await page.goto("/risks?phase=design_development");
    await expect.poll(async () => (await riskRows().locator("a").allTextContents()).some((t) => t.startsWith(`${reference} ·`)), { timeout: 10_000 }).toBe(true);
    expect(pageProblems(page)).toEqual([]);
  });

  test("restore tests show which restore missed its RTO", async () => {
    await page.goto("/continuity/restore-tests");
    await expectHeading(page, "Backup-restore tests");
    const table = page.getByRole("region", { name: "Restore tests" });
    await table.locator('[data-outcome="missed"]').waitFor();
    expect(await table.locator('[data-outcome="met"]').count()).toBe(1);
    const missedRow = table.locator("tbody tr", { has: page.locator('[data-outcome="missed"]') });
    expect(await missedRow.textContent()).toContain("Manufacturing execution system");
    await page.screenshot({ path: path.join(artifactsDir, "continuity-restore-tests.png") });
    expect(pageProblems(page)).toEqual([]);
  });

  test("raising a risk from a finding opens the new risk, linked back to the finding", async () => {
    await page.goto("/vulnerabilities?q=CVE-2021-44228");
    await expectHeading(page, "Vulnerabilities");
    await page.getByRole("region", { name: "Findings", exact: true }).getByRole("button", { name: /Open finding CVE-2021-44228 in log4j-core/ }).first().click();
    await page.waitForURL(/[?&]finding=/);
    const findingId = new URL(page.url()).searchParams.get("finding") ?? "";
    const drawer = page.getByRole("dialog", { name: "Finding" });
    await drawer.getByText("No risk is linked to this finding.").waitFor();
    await drawer.getByRole("button", { name: "Raise risk" }).click();

    await page.waitForURL(/\/risks\/[^/?]+$/);
    const riskId = new URL(page.url()).pathname.split("/").pop() ?? "";
    const heading = page.getByRole("heading", { level: 1 });
    await expect.poll(() => heading.textContent(), { timeout: 10_000 }).toMatch(/^RISK-\d{3} · CVE-2021-44228 in log4j-core/);
    await page.getByText(`finding: ${findingId}`).waitFor();
    await page.screenshot({ path: path.join(artifactsDir, "risks-raised-from-finding.png"), fullPage: true });
    const stored = (await (await page.request.get(`/api/risks/${riskId}`)).json()) as { links: { kind: string; refId: string }[] };
    expect(stored.links).toContainEqual(expect.objectContaining({ kind: "finding", refId: findingId }));

    // The finding now names its risk instead of offering to raise another one.
    const reference = (await heading.textContent())?.split(" · ")[0] ?? "";
    await page.goto(`/vulnerabilities?finding=${encodeURIComponent(findingId)}`);
    const linked = page.getByRole("dialog", { name: "Finding" }).getByRole("list", { name: "Linked risks" });
    await linked.getByRole("link", { name: new RegExp(`^${reference} · CVE-2021-44228`) }).waitFor();
    expect(await page.getByRole("dialog", { name: "Finding" }).getByRole("button", { name: "Raise risk" }).count()).toBe(0);
    await page.keyboard.press("Escape");
    expect(pageProblems(page)).toEqual([]);
  });

  test("the risk matrix keeps an edited definition and refuses to drop a level risks are rated on", async () => {
    await page.goto("/risks/matrix");
    await expectHeading(page, "Risk matrix");
    expect(await page.getByRole("table", { name: "Level bands" }).getByLabel("First score of critical").inputValue()).toBe("20");
    const definition = page.getByLabel("Definition of likelihood 3");
    const text = "Could occur once in 1 to 3 years; precursors observed in our own logs";
    await definition.fill(text);
    await page.getByRole("button", { name: "Save matrix" }).click();
    await page.getByText("Risk matrix saved").waitFor();

    await page.reload();
    await expectHeading(page, "Risk matrix");
    await expect.poll(() => page.getByLabel("Definition of likelihood 3").inputValue(), { timeout: 10_000 }).toBe(text);
    const stored = (await (await page.request.get("/api/risks/matrix")).json()) as { likelihood: { definition: string }[] };
    expect(stored.likelihood[2].definition).toBe(text);

    // Demo risks are rated at impact 5: removing that level is refused and nothing changes.
    await page.getByRole("region", { name: "Impact scale" }).getByRole("button", { name: "Remove level 5" }).click();
    await page.getByRole("button", { name: "Save matrix" }).click();
    const alert = page.getByRole("alert").filter({ hasText: "rated outside the new matrix" });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/RISK-\d{3}/);
    await page.screenshot({ path: path.join(artifactsDir, "risks-matrix-conflict.png"), fullPage: true });
    await page.getByRole("button", { name: "Discard changes" }).click();
    await page.getByLabel("Label of impact 5").waitFor();
    const after = (await (await page.request.get("/api/risks/matrix")).json()) as { impact: unknown[] };
    expect(after.impact).toHaveLength(5);
    expect(pageProblems(page)).toEqual([]);
  });
});
