import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { demoEmail } from "../support/app";
import { artifactsDir, describeInBrowser, expectHeading, type Harness, pageProblems, signInThroughForm, startHarness } from "./support/browser";

describeInBrowser("suppliers: register, questionnaire link answered by an anonymous supplier, review", () => {
  let h: Harness;
  let manager: Page;

  beforeAll(async () => {
    h = await startHarness();
    ({ page: manager } = await h.newPage({ width: 1400, height: 1000 }));
    await signInThroughForm(manager, demoEmail("compliance_manager"));
    mkdirSync(artifactsDir, { recursive: true });
  });

  afterAll(async () => {
    await h?.close();
  });

  test("a supplier answers through its link without an account; the compliance manager sees answers and score", async () => {
    await manager.goto("/suppliers");
    await expectHeading(manager, "Suppliers");
    const table = manager.getByRole("table");
    await table.getByText("Precision Assembly s.r.o.").waitFor();
    await manager.getByLabel("Missing clauses").check();
    await manager.waitForFunction(() => document.querySelectorAll("table tbody tr").length === 1);
    await table.getByText("Kestrel RTOS AB").waitFor();
    await manager.screenshot({ path: path.join(artifactsDir, "suppliers-register.png") });
    await manager.getByRole("link", { name: "Kestrel RTOS AB" }).click();
    await expectHeading(manager, "Kestrel RTOS AB");
    await manager.getByText("SBOM delivery").first().waitFor();

    await manager.getByRole("button", { name: "Send questionnaire" }).click();
    await manager.getByRole("button", { name: "Create link" }).click();
    const link = (await manager.locator("[data-secret]").textContent())!.trim();
    expect(link).toMatch(/\/q\/q_[A-Za-z0-9_-]{43}$/);
    await manager.keyboard.press("Escape");

    // An anonymous visitor: a fresh browser context without any cookie.
    const { page: supplier, context } = await h.newPage({ width: 1100, height: 1400 });
    expect(await context.cookies()).toEqual([]);
    await supplier.goto(new URL(link).pathname);
    await supplier.getByRole("heading", { name: "Supplier security questionnaire for medical device manufacturers" }).waitFor();
    await supplier.getByText("Kestrel RTOS AB", { exact: true }).waitFor();
    const q = (id: string) => supplier.locator(`[data-question="${id}"]`);
    await q("gov.isms").getByLabel("Yes", { exact: true }).check();
    await q("gov.certification").getByLabel("ISO/IEC 27001 certificate").check();
    const [chooser] = await Promise.all([supplier.waitForEvent("filechooser"), q("gov.certification").getByRole("button", { name: /Attach a file/ }).click()]);
    await chooser.setFiles({ name: "iso27001-certificate.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4 demo certificate") });
    await q("gov.certification").getByText("iso27001-certificate.pdf").waitFor();
    await q("gov.contact").getByRole("textbox").fill("PSIRT, psirt@kestrel-rtos.example, +46 8 000 000");
    await q("dev.sdlc").getByLabel("Yes", { exact: true }).check();
    await q("dev.sbom").getByLabel("On request").check();
    await q("inc.notify").getByLabel("Within 24 hours").check();
    await q("vuln.notify").getByLabel("Partly").check();
    await supplier.getByRole("button", { name: "Save draft" }).click();
    await supplier.getByText(/Draft saved\. You can come back/).waitFor();

    // The draft survives a reload.
    await supplier.reload();
    await q("dev.sbom").getByLabel("On request").waitFor();
    expect(await q("dev.sbom").getByLabel("On request").isChecked()).toBe(true);
    await supplier.screenshot({ path: path.join(artifactsDir, "supplier-questionnaire.png"), fullPage: true });

    supplier.once("dialog", (d) => void d.accept());
    await supplier.getByRole("button", { name: "Submit answers" }).click();
    await supplier.getByText("Thank you — your answers were submitted").waitFor();
    await supplier.reload();
    await supplier.getByText("This link cannot be used").waitFor();
    await supplier.getByText(/was submitted on/).waitFor();
    expect(pageProblems(supplier).filter((p) => !/410|Gone/.test(p))).toEqual([]);

    // Back to the compliance manager: the submitted answers with their score.
    await manager.reload();
    const assessments = manager.getByRole("table", { name: "Assessments" });
    await assessments.getByText("submitted").waitFor();
    await assessments.getByRole("button", { name: "Open" }).first().click();
    const drawer = manager.getByRole("dialog");
    await drawer.getByText(/^Score: \d+(\.\d)? %$/).waitFor();
    expect(await drawer.locator('[data-answer="dev.sbom"]').textContent()).toBe("On request");
    expect(await drawer.locator('[data-answer="inc.notify"]').textContent()).toBe("Within 24 hours");
    await drawer.getByRole("link", { name: "iso27001-certificate.pdf" }).waitFor();
    await drawer.getByLabel("Add a reviewer comment").fill("Ask for an SBOM with every release.");
    await drawer.getByLabel("Complete the review (restarts the re-assessment schedule)").check();
    await drawer.getByRole("button", { name: "Save review" }).click();
    await drawer.getByText("Ask for an SBOM with every release.").waitFor();
    await manager.screenshot({ path: path.join(artifactsDir, "supplier-assessment-review.png") });
    expect(pageProblems(manager)).toEqual([]);
  });

  test("the portfolio lists critical suppliers without a current assessment and expired certificates", async () => {
    await manager.goto("/suppliers/portfolio");
    await expectHeading(manager, "Supplier portfolio");
    const critical = manager.getByRole("region", { name: "Critical suppliers without a current assessment" });
    await critical.getByText("Precision Assembly s.r.o.").waitFor();
    expect(await critical.getByText("Kestrel RTOS AB").count()).toBe(0); // reviewed in the test above
    await manager.getByRole("region", { name: "Expired or expiring certificates" }).getByText(/expired/).first().waitFor();
    await manager.screenshot({ path: path.join(artifactsDir, "supplier-portfolio.png"), fullPage: true });
    expect(pageProblems(manager)).toEqual([]);
  });
});
