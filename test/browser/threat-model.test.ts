import { readFileSync } from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { strFromU8, unzipSync } from "fflate";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { deviceModels, softwareVersions } from "../../src/server/devices/schema";
import { demoEmail } from "../support/app";
import { seriousViolations } from "./support/axe";
import { artifactsDir, describeInBrowser, expectHeading, type Harness, pageProblems, signInThroughForm, startHarness } from "./support/browser";

describeInBrowser("threat model: draw, accept a threat, trace it and download the package", () => {
  let h: Harness;
  let psirt: Page;
  let versionId: string;
  const versionIdOf = async (modelNumber: string, version: string) => {
    const [v] = await h.vigil.database.db
      .select({ id: softwareVersions.id })
      .from(softwareVersions)
      .innerJoin(deviceModels, eq(deviceModels.id, softwareVersions.deviceModelId))
      .where(and(eq(deviceModels.modelNumber, modelNumber), eq(softwareVersions.version, version)));
    return v.id;
  };

  beforeAll(async () => {
    h = await startHarness();
    versionId = await versionIdOf("VV-12", "6.0.0");
    ({ page: psirt } = await h.newPage());
    await signInThroughForm(psirt, demoEmail("security_officer"));
  }, 300_000);
  afterAll(async () => h?.close());

  test("the demo's InfuSafe 300 3.1.0 shows its threat model from a fresh start: trust boundaries drawn, the firmware's SBOM components, one complete and one failing trace, no serious axe violation", async () => {
    await psirt.goto(`/devices/versions/${await versionIdOf("IS-300", "3.1.0")}`);
    await expectHeading(psirt, "InfuSafe 300 infusion pump 3.1.0");
    await psirt.getByRole("tab", { name: "Threat model" }).click();
    const firmware = psirt.getByRole("table", { name: "Elements" }).getByRole("row").filter({ hasText: "Pump firmware" });
    expect(await firmware.getByRole("cell").nth(2).textContent()).toBe("5");
    // The drawing frames each trust boundary around its elements, as the documents do.
    const diagram = psirt.getByRole("img", { name: "Architecture diagram" });
    await diagram.locator(".react-flow__node-boundary").filter({ hasText: "Pump enclosure" }).waitFor();
    expect(await diagram.locator(".react-flow__node-boundary").allTextContents()).toEqual(["Pump enclosure", "Hospital network zone"]);
    const matrix = psirt.getByRole("table", { name: "Traceability matrix" });
    await matrix.getByText("C-PSEUDO: a verification failed").waitFor();
    await psirt.getByText("1 complete").waitFor();
    await psirt.getByText("1 with gaps").waitFor();
    await psirt.waitForLoadState("networkidle");
    expect(await seriousViolations(psirt)).toEqual([]);
  }, 120_000);

  test("two elements and a flow, an accepted STRIDE threat linked to a risk and a tested control, then the package", async () => {
    await psirt.goto(`/devices/versions/${versionId}`);
    await expectHeading(psirt, "VitaView patient monitor 6.0.0");
    await psirt.getByRole("tab", { name: "Threat model" }).click();

    for (const [name, type] of [
      ["Monitor software", "Software item"],
      ["Central station", "External system"],
    ]) {
      await psirt.getByRole("textbox", { name: "Element name" }).fill(name);
      await psirt.getByRole("combobox", { name: "Element type" }).click();
      await psirt.getByRole("option", { name: type, exact: true }).click();
      await psirt.getByRole("button", { name: "Add element" }).click();
      await psirt.getByRole("table", { name: "Elements" }).getByRole("cell", { name, exact: true }).waitFor();
    }
    await psirt.getByRole("combobox", { name: "Flow from" }).click();
    await psirt.getByRole("option", { name: "Central station" }).click();
    await psirt.getByRole("combobox", { name: "Flow to" }).click();
    await psirt.getByRole("option", { name: "Monitor software" }).click();
    await psirt.getByRole("textbox", { name: "Data", exact: true }).fill("Alarm limits");
    await psirt.getByRole("button", { name: "Add flow" }).click();
    await psirt.getByRole("table", { name: "Data flows" }).getByRole("cell", { name: "Alarm limits", exact: true }).waitFor();
    await psirt.getByRole("img", { name: "Architecture diagram" }).getByText("Central station").waitFor();

    await psirt.getByRole("button", { name: "Accept Spoofing: Central station" }).click();
    const matrix = psirt.getByRole("table", { name: "Traceability matrix" });
    await matrix.getByText("T-1 Spoofing: Central station").waitFor();
    await matrix.getByText("T-1 has no control").waitFor();
    await matrix.getByText("T-1: exploitability not assessed").waitFor();

    await psirt.getByRole("button", { name: "Assess T-1" }).click();
    const assess = psirt.getByRole("dialog", { name: "Assess T-1" });
    await assess.getByRole("textbox", { name: "Attack vector" }).fill("A device on the clinical network sends alarm limits as the central station");
    await assess.getByRole("combobox", { name: "Exploitability" }).click();
    await psirt.getByRole("option", { name: "2", exact: true }).click();
    await assess.getByRole("textbox", { name: "Hazard" }).fill("Alarm limits widened");
    await assess.getByRole("textbox", { name: "Harm" }).fill("Deterioration not alarmed");
    await assess.getByRole("combobox", { name: "Severity of harm" }).click();
    await psirt.getByRole("option", { name: "Serious" }).click();
    await assess.getByRole("button", { name: "Save threat" }).click();
    await psirt.getByRole("table", { name: "Threats" }).getByText("Alarm limits widened → Deterioration not alarmed (serious)").waitFor();
    expect(await matrix.getByText("T-1: exploitability not assessed").count()).toBe(0);

    await matrix.getByRole("combobox", { name: "Risk of T-1" }).click();
    await psirt.getByRole("option", { name: /Known-vulnerable component shipped in VitaView 6\.0/ }).click();
    await psirt.getByText("Risk linked").first().waitFor();
    await matrix.getByRole("combobox", { name: "Control for T-1" }).click();
    await psirt.getByRole("option", { name: "Identification and authentication of users, devices and services" }).click();
    await matrix.getByRole("textbox", { name: "Test case of T-1" }).fill("TC-AUTH-1");
    // Nobody reported a result or a method yet: the test starts as not run, with no method.
    expect(await matrix.getByRole("combobox", { name: "Test result of T-1" }).inputValue()).toBe("Not run");
    expect(await matrix.getByRole("combobox", { name: "Test method of T-1" }).inputValue()).toBe("");
    // A pass whose method nobody stated is recorded as said, and the trace still shows the gap.
    await matrix.getByRole("combobox", { name: "Test result of T-1" }).click();
    await psirt.getByRole("option", { name: "Passed", exact: true }).click();
    await matrix.getByRole("button", { name: "Add control" }).click();
    await matrix.getByText(/TC-AUTH-1 passed but no method of verification is stated$/).waitFor();
    expect(await matrix.getByText("Complete", { exact: true }).count()).toBe(0);

    const controls = psirt.getByRole("table", { name: "Controls" });
    await controls.getByText(/^TC-AUTH-1 · method not stated · Passed/).waitFor();
    await controls.getByRole("button", { name: /^Edit verification TC-AUTH-1 of / }).click();
    const verification = psirt.getByRole("dialog", { name: /^Verification of / });
    expect(await verification.getByRole("button", { name: "Save verification" }).isDisabled()).toBe(true);
    await verification.getByRole("combobox", { name: /^Method/ }).click();
    await psirt.getByRole("option", { name: "Test", exact: true }).click();
    await verification.getByRole("textbox", { name: /^Evidence/ }).fill("https://qms.example/reports/TC-AUTH-1");
    const date = verification.getByRole("textbox", { name: "Date of the verification" });
    await date.click();
    await psirt.locator("table button", { hasText: /^15$/ }).first().click();
    expect(await date.inputValue()).toMatch(/^\d{4}-\d{2}-15$/);
    await verification.getByRole("button", { name: "Save verification" }).click();
    await controls.getByText(/^TC-AUTH-1 · Test · Passed · .*15.* · https:\/\/qms\.example\/reports\/TC-AUTH-1$/).waitFor();
    await matrix.getByText("Complete", { exact: true }).waitFor();
    expect(await matrix.getByText(/no method of verification is stated$/).count()).toBe(0);
    await psirt.getByText("1 complete").waitFor();

    const [download] = await Promise.all([psirt.waitForEvent("download"), psirt.getByRole("button", { name: "Download premarket package" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^premarket-VV-12-6\.0\.0-\d{4}-\d{2}-\d{2}\.zip$/);
    const file = path.join(artifactsDir, "premarket-package.zip");
    await download.saveAs(file);
    const manifest = JSON.parse(strFromU8(unzipSync(new Uint8Array(readFileSync(file)))["manifest.json"]));
    expect(manifest.traceability).toMatchObject({ complete: 1, withGaps: 0 });

    // A harmonised control of the control library mitigates the same threat; its review passed, so the trace stays complete.
    await matrix.getByRole("combobox", { name: "Control for T-1" }).click();
    await psirt.getByRole("option", { name: "ACC-07 Device access control and authentication" }).click();
    await matrix.getByRole("textbox", { name: "Test case of T-1" }).fill("TC-ACC-7");
    await matrix.getByRole("combobox", { name: "Test method of T-1" }).click();
    await psirt.getByRole("option", { name: "Review", exact: true }).click();
    await matrix.getByRole("combobox", { name: "Test result of T-1" }).click();
    await psirt.getByRole("option", { name: "Passed", exact: true }).click();
    await matrix.getByRole("button", { name: "Add control" }).click();
    await controls.getByText(/^TC-ACC-7 · Review · Passed/).waitFor();
    await matrix.getByText("Device access control and authentication: TC-ACC-7 pass").waitFor();
    await psirt.getByText("1 complete").waitFor();

    // A second threat reuses a control the model already has.
    await psirt.getByRole("button", { name: /^Accept Tampering: / }).first().click();
    await matrix.getByText("T-2 has no control").waitFor();
    await matrix.getByRole("combobox", { name: "Control for T-2" }).click();
    await psirt.getByRole("option", { name: /^C-ACC-07 Device access control/ }).click();
    expect(await matrix.getByRole("textbox", { name: "Test case of T-2" }).count()).toBe(0);
    await matrix.getByRole("button", { name: "Link control" }).click();
    await psirt.getByText("Control linked").first().waitFor();
    expect(await matrix.getByText("T-2 has no control").count()).toBe(0);
    expect(await matrix.getByText("Device access control and authentication: TC-ACC-7 pass").count()).toBe(2);
    await psirt.screenshot({ path: path.join(artifactsDir, "threat-model.png"), fullPage: true });
    expect(pageProblems(psirt)).toEqual([]);
  }, 180_000);
});
