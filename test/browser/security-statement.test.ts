import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { deviceModels, softwareVersions } from "../../src/server/devices/schema";
import { demoEmail } from "../support/app";
import { artifactsDir, describeInBrowser, expectHeading, type Harness, pageProblems, signInThroughForm, startHarness } from "./support/browser";

const NOTE = "Remote service through the CareLink VPN, opened by hospital IT for each session and logged.";

describeInBrowser("security statement: answer and publish, then download it as the hospital", () => {
  let h: Harness;
  let psirt: Page;
  let hospital: Page;
  let pumpVersionId: string;

  beforeAll(async () => {
    h = await startHarness();
    const [pump] = await h.vigil.database.db
      .select({ id: softwareVersions.id })
      .from(softwareVersions)
      .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
      .where(and(eq(deviceModels.modelNumber, "IS-300"), eq(softwareVersions.version, "3.1.0")));
    pumpVersionId = pump.id;
    ({ page: psirt } = await h.newPage());
    ({ page: hospital } = await h.newPage());
    await signInThroughForm(psirt, demoEmail("security_officer"));
    await signInThroughForm(hospital, "it@st-lukas-klinikum.example");
    mkdirSync(artifactsDir, { recursive: true });
  }, 300_000);
  afterAll(async () => h?.close());

  test("the security officer answers a section and publishes the next revision", async () => {
    await psirt.goto(`/devices/versions/${pumpVersionId}`);
    await expectHeading(psirt, "InfuSafe 300 infusion pump 3.1.0");
    await psirt.getByRole("tab", { name: "Security statement" }).click();
    const status = psirt.getByRole("region", { name: "Statement status" });
    await status.getByText("Published · revision 1").waitFor();
    await psirt.getByRole("table", { name: "Shared-responsibility matrix" }).getByText("Remote service", { exact: true }).waitFor();

    const section = psirt.getByRole("region", { name: "Remote service", exact: true });
    await section.getByRole("combobox", { name: "Answer: Remote service" }).click();
    await psirt.getByRole("option", { name: "See note" }).click();
    await section.getByRole("textbox", { name: "Notes: Remote service" }).fill(NOTE);
    await psirt.getByRole("button", { name: "Save answers" }).click();
    await status.getByText("Revision 2 draft · revision 1 published").waitFor();
    await psirt.getByRole("button", { name: "Publish revision 2" }).click();
    await status.getByText("Published · revision 2").waitFor();
    await psirt.getByRole("table", { name: "Published revisions" }).getByRole("cell", { name: "2", exact: true }).waitFor();
    await psirt.screenshot({ path: path.join(artifactsDir, "security-statement-published.png"), fullPage: true });
    expect(pageProblems(psirt)).toEqual([]);
  }, 120_000);

  test("the hospital downloads the published statement from its devices page", async () => {
    await hospital.goto("/portal");
    await expectHeading(hospital, "Installed devices");
    const statements = hospital.getByRole("table", { name: "Published security statements" });
    await statements.getByRole("cell", { name: "InfuSafe 300 infusion pump", exact: true }).waitFor();
    const [download] = await Promise.all([
      hospital.waitForEvent("download"),
      statements.getByRole("link", { name: "Security statement of InfuSafe 300 infusion pump 3.1.0 as PDF" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("security-statement-is-300-3.1.0-r2.pdf");
    const file = path.join(artifactsDir, "portal-security-statement.pdf");
    await download.saveAs(file);
    const text = execFileSync("pdftotext", [file, "-"]).toString().replace(/\s+/g, " ");
    expect(text).toContain("Manufacturer disclosure statement for medical device security");
    expect(text).toContain("Revision 2, published");
    expect(text).toContain(NOTE);
    expect(text).toContain("Shared responsibility");
    await hospital.screenshot({ path: path.join(artifactsDir, "portal-security-statements.png"), fullPage: true });
    expect(pageProblems(hospital)).toEqual([]);
  }, 60_000);

  test("the hospital requests the statement of a version that has none; the security officer sees the open request", async () => {
    await hospital.goto("/portal");
    const missing = hospital.getByRole("table", { name: "Versions without a security statement" });
    await missing.getByRole("button", { name: "Request security statement of CareLink clinical gateway 1.8.0" }).click();
    const dialog = hospital.getByRole("dialog", { name: "Request the security statement of CareLink clinical gateway 1.8.0" });
    await dialog.getByRole("textbox", { name: /^Message to the manufacturer/ }).fill("For our network risk assessment.");
    await dialog.getByRole("button", { name: "Send request" }).click();
    const row = missing.getByRole("row", { name: /CareLink clinical gateway 1\.8\.0/ });
    await row.getByText(/^Requested on \d{1,2} \w{3} \d{4}$/).waitFor();
    expect(await row.getByRole("button").count()).toBe(0);
    await hospital.screenshot({ path: path.join(artifactsDir, "portal-statement-requested.png"), fullPage: true });
    expect(pageProblems(hospital)).toEqual([]);

    const [gateway] = await h.vigil.database.db
      .select({ id: softwareVersions.id })
      .from(softwareVersions)
      .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
      .where(and(eq(deviceModels.modelNumber, "CL-GW"), eq(softwareVersions.version, "1.8.0")));
    await psirt.goto(`/devices/versions/${gateway.id}`);
    await psirt.getByRole("tab", { name: "Security statement" }).click();
    const requests = psirt.getByRole("table", { name: "Requests from customers" });
    const request = requests.getByRole("row", { name: /St\. Lukas Klinikum/ });
    await request.getByText("Open", { exact: true }).waitFor();
    expect(await request.textContent()).toContain("For our network risk assessment.");
    expect(pageProblems(psirt)).toEqual([]);
  }, 60_000);
});
