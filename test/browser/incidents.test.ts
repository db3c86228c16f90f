import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DateTime } from "luxon";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { demoEmail } from "../support/app";
import { artifactsDir, describeInBrowser, expectHeading, type Harness, pageProblems, signInThroughForm, startHarness } from "./support/browser";

function pdfText(bytes: Buffer): string | null {
  try {
    execFileSync("pdftotext", ["-v"], { stdio: "ignore" });
  } catch {
    if (process.env.CI === "true") throw new Error("pdftotext (poppler-utils) is missing on CI");
    return null;
  }
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "vigil-incident-ui-")), "early-warning.pdf");
  writeFileSync(file, bytes);
  return execFileSync("pdftotext", [file, "-"]).toString();
}

const TITLE = "Malware on the InfuSafe service laptop fleet";
/** The browser runs in Europe/Berlin; datetime-local inputs take its local time. */
const local = (hoursAgo: number) => DateTime.now().setZone("Europe/Berlin").minus({ hours: hoursAgo }).toFormat("yyyy-MM-dd'T'HH:mm");

describeInBrowser("incidents: declare, assess, draft, export and submit", () => {
  let h: Harness;
  let page: Page;

  beforeAll(async () => {
    h = await startHarness();
    ({ page } = await h.newPage({ width: 1400, height: 1000 }));
    await signInThroughForm(page, demoEmail("incident_manager"));
  });
  afterAll(async () => {
    await h?.close();
  });

  test("the board shows the demo workspace's running clocks", async () => {
    await page.goto("/incidents");
    await expectHeading(page, "Incident board");
    const table = page.getByRole("region", { name: "Open obligations" });
    await table.getByText("Incident notification").first().waitFor();
    expect(await table.getByText(/ left$/).count()).toBeGreaterThan(0);
    // The demo incident's early warning was sent: only later obligations remain open.
    expect(await table.getByText("NIS2 · Early warning").count()).toBe(0);
  });

  test("an incident is declared, assessed, its early warning exported as PDF and marked submitted", async () => {
    await page.getByRole("link", { name: "Declare incident" }).click();
    await expectHeading(page, "Declare incident");
    await page.getByLabel("Title").fill(TITLE);
    await page.getByLabel("Description").fill("Ransomware found on three service laptops used to update infusion pumps.");
    await page.getByLabel("Detected at").fill(local(3));
    await page.getByLabel("Aware at").fill(local(2));
    await page.getByRole("combobox", { name: "Software versions" }).click();
    await page.getByRole("option", { name: "IS-300 3.1.0" }).click();
    await page.keyboard.press("Escape");
    await page.getByLabel("Availability: severity").first().click();
    await page.getByRole("option", { name: "High" }).click();
    await page.getByLabel("Availability: what happened").fill("Service laptops unusable; pump updates on hold");
    await page.getByLabel("Suspected unlawful or malicious act").first().click();
    await page.getByRole("option", { name: "Yes", exact: true }).click();
    await page.getByLabel("Possible cross-border impact").first().click();
    await page.getByRole("option", { name: "No", exact: true }).click();
    await page.getByRole("button", { name: "Declare incident" }).click();

    await page.waitForURL(/\/incidents\/[^/]+\?tab=assessment$/);
    const h1 = page.getByRole("heading", { level: 1, name: new RegExp(`: ${TITLE}$`) });
    await h1.waitFor();
    const heading = await h1.textContent();
    expect(heading).toMatch(new RegExp(`^INC-\\d{4}-\\d{3}: ${TITLE}$`));
    const reference = heading!.split(":")[0];

    // Significance: severe operational disruption → the core proposes "significant", the user confirms.
    await page.getByRole("group", { name: "Question 1" }).getByText("Yes", { exact: true }).click();
    await page.getByRole("button", { name: "Assess significance" }).click();
    await expect.poll(() => page.getByTestId("proposal-outcome").textContent()).toBe("significant — report");
    await page.getByRole("list", { name: "Deciding criteria" }).getByText(/NIS2 Art\. 23\(3\)\(a\)/).waitFor();
    await page.getByRole("button", { name: "Confirm decision" }).click();
    await page.getByText("Confirmed: significant — report").waitFor();

    // Draft the early warning from the record and export it.
    await page.getByRole("tab", { name: "Drafts" }).click();
    await page.getByRole("button", { name: "Create draft from the record" }).click();
    await page.getByText(/— version 1$/).waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download PDF" }).click()]);
    expect(download.suggestedFilename()).toBe(`${reference}-early_warning-v1.pdf`);
    const pdf = readFileSync(await download.path());
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = pdfText(pdf);
    if (text !== null) {
      for (const expected of ["Early warning", "Federal Office for Information Security (BSI)", reference, TITLE, "NIS2 Art. 23(4)(a)", "Suspected unlawful or malicious act"]) {
        expect(text).toContain(expected);
      }
    }

    // Mark it submitted; the obligation, the timeline and the board show it.
    await page.getByRole("tab", { name: "Obligations" }).click();
    await page.getByRole("button", { name: "Mark Early warning submitted" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Channel").fill("BSI reporting portal");
    await dialog.getByLabel("Reference number").fill("BSI-EW-4711");
    await dialog.getByRole("button", { name: "Record submission" }).click();
    await dialog.waitFor({ state: "hidden" });
    const row = page.locator('[data-obligation="nis2.early_warning"]');
    await row.getByText("Submitted on time").waitFor();
    await row.getByText(/via BSI reporting portal, ref\. BSI-EW-4711/).waitFor();

    await page.getByRole("tab", { name: "Timeline" }).click();
    await page.getByText("nis2.early_warning submitted via BSI reporting portal (reference BSI-EW-4711)").waitFor();

    await page.goto("/incidents");
    await expectHeading(page, "Incident board");
    const board = page.getByRole("region", { name: "Open obligations" });
    await board.getByRole("link", { name: reference }).first().waitFor();
    const ours = board.locator("tr", { has: page.getByRole("link", { name: reference }) });
    const stages = await ours.allTextContents();
    expect(stages.some((t) => t.includes("Incident notification"))).toBe(true);
    expect(stages.some((t) => t.includes("Early warning"))).toBe(false);
    mkdirSync(artifactsDir, { recursive: true });
    await page.screenshot({ path: path.join(artifactsDir, "incidents-board.png"), fullPage: true });
    expect(pageProblems(page)).toEqual([]);
  });

  test("the calendar and the clock calculator", async () => {
    await page.goto("/incidents/calendar");
    await expectHeading(page, "Deadline calendar");
    await page.getByRole("grid").getByRole("link").first().waitFor();

    await page.goto("/incidents/clocks");
    await expectHeading(page, "Clock calculator");
    await page.getByLabel("Aware at").fill("2026-01-31T10:00:00Z");
    await page.getByLabel("Incident notification submitted at").fill("2026-01-31T12:00:00Z");
    await page.getByRole("button", { name: "Calculate" }).click();
    const result = page.getByRole("table", { name: "Calculated obligations" });
    await result.getByText("2026-02-01 10:00 UTC").waitFor(); // early warning, 24 h
    await result.getByText("2026-02-28 12:00 UTC").waitFor(); // final report: 31 Jan → last day of February
    // A national deviation names its catalog record and when it was last verified, so nobody relies on it unknowingly.
    await page.getByRole("combobox", { name: "Member state" }).fill("Cyprus");
    await page.getByRole("option", { name: "Cyprus (CY)" }).click();
    await page.getByRole("button", { name: "Calculate" }).click();
    await result.getByText(/CY record last verified: \d{4}-\d{2}-\d{2} against /).first().waitFor();
    await result.getByText("2026-01-31 16:00 UTC").waitFor(); // Cyprus: early warning within 6 hours
    await page.getByLabel("Aware at").fill("yesterday");
    await page.getByRole("button", { name: "Calculate" }).click();
    await page.getByRole("alert").getByText(/aware/).waitFor();
    expect(pageProblems(page)).toEqual([]);
  });
});
