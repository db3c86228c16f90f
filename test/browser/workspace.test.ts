import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { call, demoEmail, signIn } from "../support/app";
import { describeInBrowser, expectHeading, type Harness, pageProblems, signInThroughForm, startHarness } from "./support/browser";

const nav = (page: Page) => page.getByRole("navigation", { name: "Main navigation" });

describeInBrowser("web interface as administrator", () => {
  let h: Harness;
  let page: Page;

  beforeAll(async () => {
    h = await startHarness();
    ({ page } = await h.newPage());
    await signInThroughForm(page, demoEmail("admin"));
  });

  afterAll(async () => {
    await h?.close();
  });

  test("tables filter, sort and say when nothing matches", async () => {
    await page.goto("/devices/installed");
    const table = page.getByRole("region", { name: "Installations" });
    const rows = table.locator("tbody tr");
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(7);
    const filter = page.getByRole("textbox", { name: "Filter installations" });

    await filter.fill("noord");
    await expect.poll(() => rows.count(), { timeout: 5_000 }).toBe(2);
    expect(await rows.allTextContents()).toEqual([expect.stringContaining("Ziekenhuis Noord"), expect.stringContaining("Ziekenhuis Noord")]);

    await filter.fill("no such hospital");
    await table.getByText("Nothing matches the filter").waitFor();

    await filter.fill("");
    await expect.poll(() => rows.count(), { timeout: 5_000 }).toBe(7);
    const units = () => table.locator("tbody tr td:nth-child(7)").allTextContents();
    await table.getByRole("button", { name: /^Units/ }).click();
    await expect.poll(units, { timeout: 5_000 }).toEqual(["1", "2", "12", "25", "30", "40", "60"]);
    await table.getByRole("button", { name: /^Units/ }).click();
    await expect.poll(units, { timeout: 5_000 }).toEqual(["60", "40", "30", "25", "12", "2", "1"]);
  });

  test("every section is reached through the navigation and names itself in heading and title", async () => {
    await page.goto("/");
    // [link, heading and title, the highlighted entry when the link opens a group's first page]
    const sections: Array<[link: string, title: string, current?: string]> = [
      ["Organisation", "Organisation profile"],
      ["Compliance", "NIS2 applicability", "NIS2 applicability"],
      ["Regulatory catalog", "Regulatory catalog"],
      ["Frameworks", "Frameworks"],
      ["Controls", "Controls"],
      ["Crosswalk", "Crosswalk"],
      ["Evidence", "Evidence"],
      ["Statement of Applicability", "Statement of Applicability"],
      ["Governance", "Responsibilities", "Responsibilities"],
      ["Policies", "Policies"],
      ["Training", "Training"],
      ["Risks", "Risk register", "Register"],
      ["Heat map", "Risk heat map"],
      ["Templates", "Risk templates"],
      ["Matrix", "Risk matrix"],
      ["Continuity", "Continuity plans", "Plans"],
      ["Exercises", "Exercises"],
      ["Backup-restore tests", "Backup-restore tests"],
      ["Devices & SBOMs", "Device models", "Device models"],
      ["Installed base", "Installed base"],
      ["Vulnerabilities", "Vulnerabilities"],
      ["Advisories", "Advisories", "Advisories"],
      ["Disclosure reports", "Disclosure reports"],
      ["CVD policy", "CVD policy"],
      ["Incidents", "Incident board", "Board"],
      ["All incidents", "Incidents"],
      ["Calendar", "Deadline calendar"],
      ["Clock calculator", "Clock calculator"],
      ["Suppliers", "Suppliers", "Supplier register"],
      ["Portfolio", "Supplier portfolio"],
      ["Reports", "Reports"],
      ["Admin", "Users", "Users"],
      ["Sign-in", "Sign-in"],
      ["Audit trail", "Audit trail"],
      ["Notifications", "Notifications"],
      ["Account", "Account"],
      ["Dashboard", "Dashboard"],
    ];
    const read = async (): Promise<[string, string]> => [
      `${(await page.getByRole("heading", { level: 1 }).first().textContent()) ?? ""} | ${await page.title()}`,
      (await nav(page).locator('[aria-current="page"]').first().textContent()) ?? "",
    ];
    const expected = sections.map(([link, title, current]): [string, string, string] => [link, `${title} | ${title} · Vigil`, current ?? link]);
    const seen: Array<[string, string, string]> = [];
    for (const [link, heading, current] of expected) {
      await nav(page).getByRole("link", { name: link, exact: true }).first().click();
      // Wait for the page to name itself; whatever it shows then is compared below, all sections at once.
      await expect.poll(read, { timeout: 5_000 }).toEqual([heading, current]).catch(() => {});
      seen.push([link, ...(await read())]);
    }
    expect(seen).toEqual(expected);
    expect(pageProblems(page)).toEqual([]);
  });

  test("Tab reaches the skip link first, and the skip link moves focus to the page content", async () => {
    await page.goto("/devices");
    await expectHeading(page, "Device models");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
    expect(await page.getByRole("link", { name: "Skip to content" }).isVisible()).toBe(true);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id), { timeout: 5_000 }).toBe("main");
  });

  test("the organisation form puts errors next to their fields and saves a good value", async () => {
    await page.goto("/organisation");
    const staff = page.getByLabel("Staff headcount");
    await expect.poll(() => staff.inputValue(), { timeout: 10_000 }).toBe("180");

    await staff.fill("-5");
    await page.getByRole("button", { name: "Save profile" }).click();
    expect(await staff.getAttribute("aria-invalid")).toBe("true");
    const describedBy = (await staff.getAttribute("aria-describedby")) ?? "";
    const errorId = describedBy.split(" ").find((id) => id.endsWith("-error"));
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toBe("Must not be negative");

    // A field error from the server lands on its field too (the answer is staged: the real server accepts this name).
    await staff.fill("250");
    await page.route("**/api/organisation", (route) =>
      route.request().method() === "PUT"
        ? route.fulfill({
            status: 400,
            contentType: "application/json",
            body: JSON.stringify({
              error: { code: "validation_failed", message: "Invalid body", details: [{ path: "body/legalName", message: "staged server complaint" }] },
            }),
          })
        : route.continue(),
    );
    await page.getByRole("button", { name: "Save profile" }).click();
    await page.getByText("staged server complaint").waitFor();
    expect(await page.getByLabel(/^Legal name/).getAttribute("aria-invalid")).toBe("true");
    await page.getByText("Please correct the marked fields.").waitFor();
    await page.unroute("**/api/organisation");

    await page.getByRole("button", { name: "Save profile" }).click();
    await page.getByText("Organisation profile saved").waitFor();
    const session = await signIn(h.vigil, demoEmail("auditor"));
    const saved = (await call(h.vigil, session, "GET", "/api/organisation")).json();
    expect(saved.staffHeadcount).toBe(250);
    expect(saved.legalName).toBe("Demo Medical GmbH");
  });

  test("a device model is created and gets a version whose end-of-support date has passed", async () => {
    await page.goto("/devices");
    await page.getByRole("button", { name: "New device model" }).click();
    const dialog = page.getByRole("dialog", { name: "New device model" });
    await dialog.getByLabel(/^Name/).fill("DoseGuard syringe driver");
    await dialog.getByLabel(/^Model number/).fill("IS-300");
    // The kind of product is never preset: it decides MDR/IVDR or CRA reporting.
    await dialog.getByRole("button", { name: "Create device model" }).click();
    await dialog.getByText("Choose the kind of product: it decides whether MDR/IVDR or the Cyber Resilience Act applies").waitFor();
    await dialog.getByRole("combobox", { name: /^Kind of product/ }).first().click();
    await page.getByRole("option", { name: "Medical device (MDR)" }).click();
    await dialog.getByRole("button", { name: "Create device model" }).click();
    // The server refuses a duplicate model number; its message is shown in the form.
    await dialog.getByText("A device model with model number IS-300 already exists").waitFor();
    await dialog.getByLabel(/^Model number/).fill("DG-10");
    await dialog.getByRole("button", { name: "Create device model" }).click();
    await page.getByText("Device model created").waitFor();

    const models = page.getByRole("region", { name: "Device models" });
    await models.getByRole("button", { name: "Hide versions of DoseGuard syringe driver" }).waitFor();
    await models.getByRole("button", { name: "Add version to DoseGuard syringe driver" }).click();
    const versionDialog = page.getByRole("dialog", { name: "Add a version to DoseGuard syringe driver" });
    await versionDialog.getByLabel(/^Version/).fill("1.0.0");
    await versionDialog.getByLabel(/^Release date/).fill("2020-02-03");
    await versionDialog.getByLabel(/^End of support/).fill("2024-12-31");
    await versionDialog.getByLabel(/^Support status/).first().click();
    await page.getByRole("option", { name: "Supported", exact: true }).click();
    await versionDialog.getByLabel(/^Version/).click(); // leaves the date field, which then reads the typed date
    await versionDialog.getByRole("button", { name: "Add version" }).click();
    await page.getByText("Version 1.0.0 was added.").waitFor();
    const versions = page.getByRole("table", { name: "Versions of DoseGuard syringe driver" });
    await versions.getByText("31 Dec 2024").waitFor();
    expect(await versions.locator("tbody tr").textContent()).toContain("End of support"); // past its date, although marked supported
    expect(await versions.locator("tbody tr[data-flagged]").count()).toBe(0); // not installed anywhere

    const admin = await signIn(h.vigil, demoEmail("admin"));
    const listed = (await call(h.vigil, admin, "GET", "/api/devices")).json() as Array<{ modelNumber: string; versions: Array<Record<string, unknown>> }>;
    const created = listed.find((m) => m.modelNumber === "DG-10")!;
    expect(created.versions).toEqual([
      expect.objectContaining({ version: "1.0.0", releaseDate: "2020-02-03", endOfSupport: "2024-12-31", supportStatus: "supported", installedUnits: 0 }),
    ]);
  });

  test("an administrator invites a user and is shown the one-time password, which signs in once", async () => {
    await page.goto("/admin/users");
    await page.getByRole("button", { name: "Invite user" }).click();
    const dialog = page.getByRole("dialog", { name: "Invite a user" });
    await dialog.getByLabel(/^Name/).fill("Nora New");
    await dialog.getByLabel(/^E-mail/).fill("not-an-address");
    await dialog.getByRole("button", { name: "Create user" }).click();
    await dialog.getByText("Must be an e-mail address").waitFor();
    await dialog.getByLabel(/^E-mail/).fill("nora@demo-medical.example");
    await dialog.getByRole("button", { name: "Create user" }).click();

    const created = page.getByRole("dialog", { name: "User created" });
    const secret = await created.locator("[data-secret]").textContent();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{12,}$/);
    await created.getByRole("button", { name: "Done" }).click();
    await page.getByRole("region", { name: "Users" }).getByText("nora@demo-medical.example").waitFor();

    const login = await h.vigil.app.inject({ method: "POST", url: "/api/auth/login", payload: { email: "nora@demo-medical.example", password: secret } });
    expect(login.statusCode).toBe(200);
    expect(login.json().mustChangePassword).toBe(true);
    expect(login.json().user.role).toBe("contributor");
  });

  test("an API token is created with chosen scopes, shown once, works, and stops working when revoked", async () => {
    await page.goto("/account");
    await page.getByRole("button", { name: "New token" }).click();
    const dialog = page.getByRole("dialog", { name: "New API token" });
    await dialog.getByRole("checkbox", { name: "read" }).uncheck();
    await dialog.getByRole("button", { name: "Create token" }).click();
    await dialog.getByText("Choose at least one scope").waitFor();
    await dialog.getByLabel(/^Name/).fill("CI pipeline");
    await dialog.getByRole("checkbox", { name: "read" }).check();
    await dialog.getByRole("checkbox", { name: "sbom:write" }).check();
    await dialog.getByRole("button", { name: "Create token" }).click();

    const shown = page.locator("[data-secret]");
    const token = (await shown.textContent()) ?? "";
    expect(token).toMatch(/^vgl_/);
    const tokens = page.getByRole("region", { name: "API tokens" });
    const row = tokens.locator("tbody tr", { hasText: "CI pipeline" });
    expect(await row.textContent()).toContain("sbom:write");
    expect(await tokens.textContent()).not.toContain(token);

    const withToken = () => h.vigil.app.inject({ method: "GET", url: "/api/devices", headers: { authorization: `Bearer ${token}` } });
    expect((await withToken()).statusCode).toBe(200);

    await row.getByRole("button", { name: "Revoke CI pipeline" }).click();
    await page.getByRole("dialog", { name: "Revoke API token" }).getByRole("button", { name: "Revoke token" }).click();
    await page.getByText("CI pipeline no longer works.").waitFor();
    await row.getByText("Revoked").waitFor();
    expect((await withToken()).statusCode).toBe(401);

    await page.reload();
    await tokens.locator("tbody tr", { hasText: "CI pipeline" }).waitFor();
    expect(await page.locator("[data-secret]").count()).toBe(0);
  });

  test("on a small screen the navigation sits behind a burger button and closes after choosing a page", async () => {
    const { page: phone } = await h.newPage({ width: 390, height: 800 });
    await signInThroughForm(phone, demoEmail("security_officer"));
    await expectHeading(phone, "Dashboard");
    const navLink = nav(phone).getByRole("link", { name: "Devices & SBOMs" });
    expect(await navLink.isVisible()).toBe(false);
    await phone.getByRole("button", { name: "Open navigation" }).click();
    await navLink.waitFor({ state: "visible" });
    expect(await nav(phone).getByRole("link", { name: "Admin" }).count()).toBe(0); // a security officer has no admin area
    await navLink.click();
    await expectHeading(phone, "Device models");
    await expect.poll(() => navLink.isVisible(), { timeout: 5_000 }).toBe(false);
    await phone.context().close();
  });

  test("the audit trail shows field changes and verifies the chain", async () => {
    await page.goto("/admin/audit");
    await page.getByRole("button", { name: "Verify chain" }).click();
    await page.getByText("Chain intact").waitFor();
    await page.getByRole("button", { name: /Show the changes of entry/ }).first().click();
    await page.getByRole("table", { name: /Changes of entry/ }).waitFor();
  });

  test("signing out ends the session and returns to sign-in", async () => {
    await page.goto("/");
    await page.getByRole("button", { name: /^Alex Admin/ }).click();
    await page.getByRole("menuitem", { name: "Sign out" }).click();
    await page.waitForURL("**/sign-in");
    await expectHeading(page, "Sign in");
    const status = await page.evaluate(async () => (await fetch("/api/auth/session")).status);
    expect(status).toBe(401);
    await page.goto("/admin/users");
    await page.waitForURL("**/sign-in?next=%2Fadmin%2Fusers");
  });
});
