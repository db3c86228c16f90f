import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { smallCycloneDx } from "../api/sbom-fixtures";
import { demoEmail, runDueJobs, signInAs } from "../support/app";
import { artifactsDir, describeInBrowser, expectHeading, type Harness, pageProblems, signInThroughForm, startHarness } from "./support/browser";

const GATEWAY = "CareLink clinical gateway";
const log4j = { type: "library", "bom-ref": "log4j", name: "log4j-core", version: "2.14.1", purl: "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1" };

/** The demo lists Log4Shell (CVE-2021-44228) in CISA KEV; the gateway is an MDR device until the user says otherwise. */
describeInBrowser("CRA Art. 14: from a KEV-listed finding to an exploited-vulnerability case on the board", () => {
  let h: Harness;
  let page: Page;

  beforeAll(async () => {
    h = await startHarness();
    ({ page } = await h.newPage());
    await signInThroughForm(page, demoEmail("admin"));
    mkdirSync(artifactsDir, { recursive: true });
  }, 300_000);

  afterAll(async () => {
    await h?.close();
  });

  test("mark the gateway non-device, import a KEV-listed finding for its version, open the proposed CRA case and see its three deadlines on the board", async () => {
    await page.goto("/devices");
    await expectHeading(page, "Device models");
    await page.getByRole("button", { name: `Show versions of ${GATEWAY}` }).click();
    const regime = page.getByRole("region", { name: `Regulatory regime of ${GATEWAY}` });
    await regime.getByLabel("Kind of product").first().click();
    await page.getByRole("option", { name: "Software, not a medical device" }).click();
    // Its connectivity stays (a partial update no longer resets it), so the data connection puts it in CRA scope.
    await regime.getByText(/CRA in scope/).first().waitFor();

    // The vulnerability import: an SBOM of gateway 1.8.0 with log4j-core 2.14.1 is matched against the demo's records.
    const officer = await signInAs(h.vigil, "security_officer");
    const upload = await h.vigil.app.inject({
      method: "POST",
      url: "/api/sboms?device=CL-GW&version=1.8.0&fileName=bom.cdx.json",
      payload: Buffer.from(smallCycloneDx([log4j])),
      headers: { cookie: officer.cookie, "x-csrf-token": officer.csrf, "content-type": "application/octet-stream" },
    });
    expect(upload.statusCode, upload.body).toBeLessThan(300);
    await runDueJobs(h.vigil);

    await page.goto("/incidents");
    await expectHeading(page, "Incident board");
    const proposals = page.getByRole("region", { name: "Proposed CRA cases" });
    const open = proposals.getByRole("button", { name: new RegExp(`Open CRA case: .* in ${GATEWAY} 1\\.8\\.0`) });
    await open.waitFor();
    await page.screenshot({ path: path.join(artifactsDir, "cra-proposal.png") });
    await open.click();

    await page.waitForURL(/\/incidents\/[^/]+\?tab=obligations/).catch(async (err: Error) => {
      throw new Error(`${err.message}\n${await page.locator("body").innerText()}`);
    });
    const craCase = page.getByRole("region", { name: "CRA case" });
    await craCase.getByText("Actively exploited vulnerability, CRA Art. 14(1)–(2)", { exact: false }).waitFor();
    await craCase.getByText(/listed in CISA KEV since/).waitFor();

    // The early-warning draft: filled from the case, with what is still to be confirmed listed and downloadable.
    await craCase.getByRole("button", { name: "Draft: Early warning" }).click();
    const draft = page.getByRole("dialog");
    await draft.getByText(/CRA Art\. 14\(2\)\(a\)/).first().waitFor();
    await draft.getByText("Member States where the product is made available (Art. 14(2)(a), where applicable)").first().waitFor();
    await draft.getByText(/\[to be confirmed: /).first().waitFor();
    await draft.getByRole("link", { name: "Download PDF" }).waitFor();
    await page.screenshot({ path: path.join(artifactsDir, "cra-early-warning-draft.png") });
    await page.keyboard.press("Escape");
    await draft.waitFor({ state: "hidden" });
    // Recording how sensitive the information is fills that point of the vulnerability notification.
    await craCase.getByLabel("How sensitive is the notified information").fill("TLP:AMBER until the update is rolled out");
    await craCase.getByRole("button", { name: "Record sensitivity" }).click();
    await craCase.getByRole("button", { name: "Record sensitivity" }).and(page.locator("[disabled]")).waitFor();
    await craCase.getByRole("button", { name: "Draft: Vulnerability notification" }).click();
    await draft.getByText("TLP:AMBER until the update is rolled out").waitFor();
    await draft.getByText("To be confirmed before submission").waitFor();
    await page.keyboard.press("Escape");
    await draft.waitFor({ state: "hidden" });

    await page.goto("/incidents");
    const table = page.getByRole("region", { name: "Open obligations" }).or(page.getByRole("table", { name: "Open obligations" }));
    for (const stage of ["CRA · Early warning", "CRA · Vulnerability notification", "CRA · Final report"]) {
      await table.getByText(stage).first().waitFor();
    }
    await table.getByText(/14 days after the fix is available/).first().waitFor();
    await page.screenshot({ path: path.join(artifactsDir, "cra-board.png") });
    expect(pageProblems(page)).toEqual([]);
  }, 300_000);
});
