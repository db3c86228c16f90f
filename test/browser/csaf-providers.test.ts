import { readFileSync } from "node:fs";
import { strToU8, zipSync } from "fflate";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { windRiverCsafVex } from "../../src/core/vex-import/supplier-documents.fixture";
import { demoEmail, runDueJobs } from "../support/app";
import { startCsafProvider } from "../support/csaf-provider-server";
import { fixture, requireFixtures } from "../support/fixtures";
import { describeInBrowser, expectHeading, type Harness, pageProblems, signInThroughForm, startHarness } from "./support/browser";

requireFixtures();

describeInBrowser("suppliers' CSAF providers: register, see documents with revisions, and a refused document", () => {
  let h: Harness;
  let page: Page;
  let provider: Awaited<ReturnType<typeof startCsafProvider>>;

  beforeAll(async () => {
    h = await startHarness({ config: { webhookAllow: ["127.0.0.1"] } });
    ({ page } = await h.newPage());
    await signInThroughForm(page, demoEmail("security_officer"));
    provider = await startCsafProvider();
    const amber = JSON.parse(readFileSync(fixture("csaf", "oasis-examples", "csaf_vex", "2022-evd-uc-02-na-001.json"), "utf8"));
    amber.document.distribution = { tlp: { label: "AMBER" } };
    provider.documents.push({ json: JSON.stringify(windRiverCsafVex(1)), tlp: "WHITE" }, { json: JSON.stringify(amber), tlp: "AMBER" });
  }, 600_000);

  afterAll(async () => {
    await provider?.stop().catch(() => {});
    await h?.close();
  });

  test("the security officer adds a provider from the findings page; its page shows the fetch, the documents and what was refused", async () => {
    await page.goto("/vulnerabilities");
    await page.getByRole("link", { name: "Suppliers' CSAF providers" }).click();
    await expectHeading(page, "CSAF providers");
    await page.getByLabel("Name").fill("Wind River");
    await page.getByLabel("provider-metadata.json URL").fill(provider.metadataUrl);
    await page.getByRole("button", { name: "Add provider" }).click();
    await page.getByText("Provider registered").first().waitFor();
    await runDueJobs(h.vigil);
    await page.reload();
    await page.getByRole("link", { name: "Wind River" }).click();
    await expectHeading(page, "CSAF provider: Wind River");
    await page.getByText("Up to date").waitFor();
    const wrs = page.getByRole("region", { name: "WRS-2026-0012" });
    await wrs.getByRole("table", { name: "Revisions of WRS-2026-0012" }).getByRole("cell", { name: /^valid \(key / }).waitFor();
    const amber = page.getByRole("region", { name: "2022-EVD-UC-02-NA-001" });
    await amber.getByText("Internal only").waitFor();
    expect(await wrs.textContent()).not.toContain("Internal only");

    provider.documents.push({ json: readFileSync(fixture("csaf", "oasis-examples", "bsi-2022-0001.json"), "utf8"), tlp: "WHITE", wrongSha256: true });
    await page.getByRole("button", { name: "Fetch now" }).click();
    await page.getByText("A fetch is queued").first().waitFor();
    await runDueJobs(h.vigil);
    await page.reload();
    const status = page.getByRole("alert").filter({ hasText: "Last fetch" });
    await status.waitFor();
    expect(await status.textContent()).toContain("1 document refused");
    expect(await status.textContent()).toContain("bsi-2022-0001.json: sha256 mismatch");
    expect(pageProblems(page)).toEqual([]);
  }, 300_000);

  test("a supplier without a provider: the officer registers an upload provider and uploads a zip; an invalid document refuses the whole zip", async () => {
    await page.goto("/vulnerabilities/csaf-providers");
    await expectHeading(page, "CSAF providers");
    await page.getByText("Uploaded (zip or files)").click();
    expect(await page.getByLabel("provider-metadata.json URL").count()).toBe(0);
    await page.getByLabel("Name").fill("Acme RTOS uploads");
    await page.getByRole("button", { name: "Add provider" }).click();
    await page.getByText("Provider registered").first().waitFor();
    const zipOf = (entries: Record<string, string>) => {
      return Buffer.from(zipSync(Object.fromEntries(Object.entries(entries).map(([name, text]) => [name, strToU8(text)]))));
    };
    const choose = async (name: string, buffer: Buffer) => {
      const chooser = page.waitForEvent("filechooser");
      await page.getByRole("button", { name: "Upload documents to Acme RTOS uploads" }).click();
      await (await chooser).setFiles({ name, mimeType: "application/zip", buffer });
    };
    const invalid = readFileSync(fixture("csaf", "oasis-testfiles", "mandatory", "oasis_csaf_tc-csaf_2_0-2021-6-1-01-01.json"), "utf8");
    await choose("acme-bad.zip", zipOf({ "acme-2026-0001.json": JSON.stringify(windRiverCsafVex(3)), "invalid.json": invalid }));
    const refused = page.getByRole("alert").filter({ hasText: "Upload to Acme RTOS uploads refused, nothing stored" });
    await refused.waitFor();
    expect(await refused.textContent()).toContain("acme-bad.zip!invalid.json");
    await choose("acme.zip", zipOf({ "acme-2026-0001.json": JSON.stringify(windRiverCsafVex(3)) }));
    await page.getByText("1 new revision,").first().waitFor();
    await page.getByRole("link", { name: "Acme RTOS uploads" }).click();
    await expectHeading(page, "CSAF provider: Acme RTOS uploads");
    await page.getByRole("region", { name: "WRS-2026-0012" }).waitFor();
    expect(pageProblems(page)).toEqual([]);
  }, 300_000);
});
