import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { demoEmail } from "../support/app";
import { artifactsDir, describeInBrowser, expectHeading, type Harness, pageProblems, signInThroughForm, startHarness } from "./support/browser";

async function choose(page: Page, label: string | RegExp, option: string | RegExp) {
  await page.getByRole("combobox", { name: label }).first().click();
  await page.getByRole("option", { name: option }).first().click();
}

/** On the New advisory page: the header fields, the InfuSafe 300 3.1.0 product and one vulnerability card. */
async function startAdvisory(page: Page, fields: { trackingId: string; title: string; summary: string; cve: string; description: string }) {
  await page.getByLabel("Tracking ID").fill(fields.trackingId);
  await page.getByRole("textbox", { name: /^Title/ }).fill(fields.title);
  await page.getByLabel("Summary").fill(fields.summary);
  await page.getByRole("combobox", { name: "Affected or assessed product versions" }).click();
  await page.getByRole("option", { name: /InfuSafe 300 infusion pump 3\.1\.0/ }).click();
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: "Add vulnerability" }).click();
  const vuln = page.getByRole("region", { name: "Vulnerability 1" });
  await vuln.getByLabel("CVE").fill(fields.cve);
  await vuln.getByLabel("Description").fill(fields.description);
  return vuln;
}

describeInBrowser("advisories: author, publish, and acknowledge as a hospital", () => {
  let h: Harness;
  let psirt: Page;
  let hospital: Page;

  beforeAll(async () => {
    h = await startHarness();
    ({ page: psirt } = await h.newPage());
    ({ page: hospital } = await h.newPage());
    await signInThroughForm(psirt, demoEmail("security_officer"));
    await signInThroughForm(hospital, "it@st-lukas-klinikum.example");
    mkdirSync(artifactsDir, { recursive: true });
  });
  afterAll(async () => h?.close());

  test("the security officer authors an advisory, checks it against CSAF and publishes it", async () => {
    await psirt.goto("/advisories");
    await expectHeading(psirt, "Advisories");
    await psirt.getByRole("link", { name: "New advisory" }).click();
    await expectHeading(psirt, "New advisory");
    const vuln = await startAdvisory(psirt, {
      trackingId: "DM-SA-2026-100",
      title: "Weak update signature check in InfuSafe 300 3.1.0",
      summary: "InfuSafe 300 3.1.0 accepts update packages signed with an expired key.",
      cve: "CVE-2026-55555",
      description: "Update packages signed with an expired key are installed.",
    });
    await vuln.getByLabel("CWE").fill("CWE-347");
    await vuln.getByLabel("CVSS v3.1 vector").fill("CVSS:3.1/AV:A/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H");
    await vuln.getByLabel("Patient-safety impact").fill("A tampered update could change infusion behaviour; verify programmed rates after updates.");
    await choose(psirt, /^Status of InfuSafe 300 infusion pump 3\.1\.0/, "Known affected");
    await vuln.getByLabel("What customers should do").fill("Install update 3.1.1 from the service portal.");
    // Nothing is public or final until the author says so.
    expect(await psirt.getByRole("combobox", { name: "TLP" }).inputValue()).toBe("TLP:AMBER");
    expect(await psirt.getByRole("combobox", { name: "Document status" }).inputValue()).toBe("Draft");
    await choose(psirt, "TLP", "TLP:WHITE");
    await choose(psirt, "Document status", "Final");
    await psirt.getByRole("button", { name: "Create advisory" }).click();
    await psirt.waitForURL(/\/advisories\/[0-9a-f-]{36}$/);
    await expectHeading(psirt, "DM-SA-2026-100");

    const panel = psirt.getByRole("region", { name: "Validation and publication" });
    await panel.getByRole("button", { name: "Check CSAF" }).click();
    await panel.getByText("Version 1.0.0 passes the schema and all mandatory tests").waitFor({ timeout: 60_000 });
    // An unsaved edit is never silently left out of a publication.
    const summary = psirt.getByRole("textbox", { name: /^Summary/ });
    await summary.fill("InfuSafe 300 3.1.0 accepts update packages signed with an expired key. Install 3.1.1.");
    await panel.getByRole("button", { name: "Publish", exact: true }).click();
    await panel.getByRole("alert").getByText("You have unsaved changes", { exact: false }).waitFor();
    await psirt.getByRole("button", { name: "Save changes" }).click();
    await psirt.getByText("DM-SA-2026-100 saved").last().waitFor();
    await panel.getByRole("button", { name: "Publish", exact: true }).click();
    const confirm = psirt.getByRole("dialog", { name: "Publish DM-SA-2026-100?" });
    await confirm.getByText("TLP:WHITE").waitFor();
    await confirm.getByRole("list", { name: "Products in this advisory" }).getByText("InfuSafe 300 infusion pump 3.1.0").waitFor();
    await confirm.getByRole("list", { name: "Customers who will see it" }).getByText("St. Lukas Klinikum").waitFor();
    await confirm.getByRole("button", { name: "Confirm publication" }).click();
    await panel.getByText("Published 1.0.0").waitFor({ timeout: 60_000 });
    await panel.getByRole("table", { name: "Revision history" }).getByText("Initial public release.").waitFor();
    await psirt.screenshot({ path: path.join(artifactsDir, "advisory-published.png"), fullPage: true });
    expect(pageProblems(psirt)).toEqual([]);
  }, 180_000);

  test("anyone finds the published advisory from the disclosure policy, and the CSAF folder is a listing, not the sign-in page", async () => {
    const { page } = await h.newPage();
    await page.goto("/vulnerability-disclosure-policy");
    await page.getByRole("link", { name: "Published security advisories" }).click();
    await page.waitForURL(/\/security-advisories$/);
    const row = page.getByRole("row", { name: /DM-SA-2026-100/ });
    await row.getByText("Weak update signature check in InfuSafe 300 3.1.0").waitFor();
    await row.getByRole("link", { name: "CSAF" }).click();
    await page.waitForURL(/\/\.well-known\/csaf\/white\/\d{4}\/dm-sa-2026-100\.json$/);
    await page.goto("/.well-known/csaf/");
    await page.getByRole("heading", { name: "Index of /.well-known/csaf/" }).waitFor();
    await page.getByRole("link", { name: "white/" }).click();
    await page.getByRole("link", { name: "index.txt" }).waitFor();
    expect(page.url()).not.toContain("sign-in");
  }, 60_000);

  test("the hospital sees it among its advisories and acknowledges it for one site", async () => {
    await hospital.goto("/portal/advisories");
    await expectHeading(hospital, "Security advisories");
    const table = hospital.getByRole("table", { name: "Your advisories" });
    await table.getByRole("button", { name: "DM-SA-2026-100" }).click();
    const card = hospital.getByRole("region", { name: "Advisory DM-SA-2026-100" });
    await card.getByText("A tampered update could change infusion behaviour", { exact: false }).waitFor();
    await card.getByText("Install update 3.1.1 from the service portal.", { exact: false }).waitFor();
    await table.getByRole("row", { name: /DM-SA-2026-100/ }).getByText("Action needed").waitFor();
    // Nothing is assumed: the form starts at "Received" with no unit patched, and "Patched" is confirmed.
    expect(await card.getByRole("combobox", { name: "Status at Children's hospital" }).inputValue()).toBe("Received");
    expect(await card.getByLabel("Units patched at Children's hospital").inputValue()).toBe("0");
    await choose(hospital, "Status at Children's hospital", "Patched");
    await card.getByLabel("Units patched at Children's hospital").fill("12");
    await card.getByLabel("Comment for Children's hospital").fill("patch applied on 12 units");
    await card.getByRole("button", { name: "Acknowledge" }).click();
    const confirm = hospital.getByRole("dialog", { name: "Report as patched?" });
    await confirm.getByText("You report 12 of 12 units at Children's hospital as patched", { exact: false }).waitFor();
    await confirm.getByRole("button", { name: "Confirm: 12 patched" }).click();
    await card.getByText(/Patched: 12 of 12 units/).waitFor();
    await table.getByRole("row", { name: /DM-SA-2026-100/ }).getByText("Done").waitFor();
    await hospital.screenshot({ path: path.join(artifactsDir, "portal-advisory-acknowledged.png"), fullPage: true });
    expect(pageProblems(hospital)).toEqual([]);
  }, 60_000);

  test("the hospital filters advisories by site and sees which installed devices have an open advisory", async () => {
    await hospital.goto("/portal/advisories");
    const table = hospital.getByRole("table", { name: "Your advisories" });
    const demo = table.getByRole("row", { name: /DMG-SA-2026-001/ });
    await demo.getByText("medium 4.3").waitFor();
    await demo.getByText("CareLink clinical gateway 1.8.0").waitFor();
    await demo.getByText("Action needed").waitFor();
    await choose(hospital, "Site", "Children's hospital");
    await table.getByRole("row", { name: /DM-SA-2026-100/ }).waitFor();
    await demo.waitFor({ state: "detached" });
    await choose(hospital, "Site", "Main campus");
    await demo.waitFor();
    expect(await table.getByRole("row", { name: /DM-SA-2026-100/ }).count()).toBe(0);

    await hospital.goto("/portal");
    const devices = hospital.getByRole("region", { name: "Your installed devices" });
    await devices.getByRole("row", { name: /CareLink clinical gateway/ }).getByText("DMG-SA-2026-001: action needed").waitFor();
    // The pump at the Children's hospital was reported patched: no badge.
    expect(await devices.getByRole("row", { name: /Children's hospital/ }).getByText(/action needed/).count()).toBe(0);
    expect(pageProblems(hospital)).toEqual([]);
  }, 60_000);

  test("the manufacturer sees the field patch status", async () => {
    await psirt.reload();
    const field = psirt.getByRole("region", { name: "Field patch status" });
    await field.getByText("1 of 1 affected sites acknowledged · 12 of 12 units patched").waitFor();
    await field.getByText(/patch applied on 12 units/).waitFor();
  });

  test("a fixed version can be marked as the recommended one; the mark is saved and read back", async () => {
    await psirt.goto("/advisories/new");
    await expectHeading(psirt, "New advisory");
    const vuln = await startAdvisory(psirt, {
      trackingId: "DM-SA-2026-101",
      title: "Update to InfuSafe 300 3.1.0",
      summary: "InfuSafe 300 3.1.0 fixes an update signature weakness.",
      cve: "CVE-2026-55556",
      description: "Update packages signed with an expired key were installed before 3.1.0.",
    });
    const box = vuln.getByRole("checkbox", { name: /^Recommend InfuSafe 300 infusion pump 3\.1\.0/ });
    // Nothing to recommend until the version has a status.
    expect(await box.isDisabled()).toBe(true);
    await choose(psirt, /^Status of InfuSafe 300 infusion pump 3\.1\.0/, "Fixed");
    await box.check();
    await psirt.getByRole("button", { name: "Create advisory" }).click();
    await psirt.waitForURL(/\/advisories\/[0-9a-f-]{36}$/);
    await psirt.reload();
    await expectHeading(psirt, "DM-SA-2026-101");
    expect(await psirt.getByRole("region", { name: "Vulnerability 1" }).getByRole("checkbox", { name: /^Recommend InfuSafe 300/ }).isChecked()).toBe(true);
    expect(pageProblems(psirt)).toEqual([]);
  }, 120_000);
});
