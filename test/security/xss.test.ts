import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";
import { call, demoEmail, type Session, signInAs } from "../support/app";
import { describeInBrowser, type Harness, signInThroughForm, startHarness } from "../browser/support/browser";

/**
 * Stored XSS: markup saved through the API into free-text fields must come back as text. The page's CSP would
 * block inline handlers anyway, so the test also checks the DOM: no element was created from the payload.
 */
const payload = (field: string) => `XSS-${field} <img src=x data-xss="${field}" onerror="window.__xss=1"><script>window.__xss=1</script>`;

describeInBrowser("stored XSS payloads render inert", () => {
  let h: Harness;
  let page: Page;
  let admin: Session;
  const urls: Record<string, string> = {};

  const ok = async (method: string, url: string, body: unknown) => {
    const res = await call(h.vigil, admin, method, url, body);
    expect(res.statusCode, `${method} ${url}: ${res.body.slice(0, 300)}`).toBeLessThan(300);
    return res.json() as { id: string };
  };

  beforeAll(async () => {
    h = await startHarness();
    admin = await signInAs(h.vigil, "admin");
    const incident = await ok("POST", "/api/incidents", {
      title: payload("incident-title"),
      description: payload("incident-description"),
      detectedAt: "2026-11-20T06:40:00Z",
      awareAt: "2026-11-20T09:15:00Z",
    });
    urls.incident = `/incidents/${incident.id}`;
    const risk = await ok("POST", "/api/risks", {
      title: payload("risk-title"),
      description: payload("risk-description"),
      asset: payload("risk-asset"),
      phase: "post_market",
      cia: { confidentiality: true, integrity: true, availability: false },
      inherentLikelihood: 3,
      inherentImpact: 3,
    });
    urls.risk = `/risks/${risk.id}`;
    const supplier = await ok("POST", "/api/suppliers", {
      name: payload("supplier-name"),
      notes: payload("supplier-notes"),
      systemAccess: "limited",
      dataAccess: "internal",
      deviceImpact: "indirect",
      patientSafetyImpact: false,
      substitutability: "moderate",
    });
    urls.supplier = `/suppliers/${supplier.id}`;
    const policy = await ok("POST", "/api/governance/policies", {
      title: payload("policy-title"),
      content: `# Heading XSS-policy-content\n\n${payload("policy-content")}\n\n[click me](javascript:window.__xss=1)\n`,
    });
    urls.policy = `/governance/policies/${policy.id}`;
    const advisory = await ok("POST", "/api/advisories", {
      trackingId: "DM-SA-2026-XSS",
      title: payload("advisory-title"),
      summary: payload("advisory-summary"),
      details: payload("advisory-details"),
    });
    urls.advisory = `/advisories/${advisory.id}`;
    const models = (await call(h.vigil, admin, "GET", "/api/devices")).json() as Array<{ id: string }>;
    await ok("PATCH", `/api/devices/${models[0]!.id}`, { name: payload("device-name") });
    urls.devices = "/devices";
    const controls = (await call(h.vigil, admin, "GET", "/api/compliance/controls")).json() as
      | Array<{ id: string }>
      | { items: Array<{ id: string }> };
    const control = (Array.isArray(controls) ? controls : controls.items)[0]!;
    await ok("PATCH", `/api/compliance/controls/${control.id}`, { notes: payload("control-notes") });
    urls.control = `/compliance/controls/${control.id}`;

    ({ page } = await h.newPage({ width: 1440, height: 900 }));
    await signInThroughForm(page, demoEmail("admin"));
  }, 300_000);

  afterAll(async () => {
    await h?.close();
  });

  const inert = async (url: string, visible: string[]) => {
    await page.goto(url);
    for (const field of visible) {
      // The literal markup is on screen as text, or as the value of the form field that edits it.
      const literal = `XSS-${field} <img src=x`;
      await expect
        .poll(
          () =>
            page.evaluate(
              (t) =>
                document.body.innerText.includes(t) ||
                [...document.querySelectorAll("input, textarea")].some((e) => (e as HTMLInputElement).value.includes(t)),
              literal,
            ),
          { timeout: 15_000, message: `${literal} on ${url}` },
        )
        .toBe(true);
    }
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await page.locator("img[data-xss], img[src='x']").count()).toBe(0);
    const scripts = await page.locator("script").evaluateAll((els) => els.map((e) => e.textContent ?? ""));
    expect(scripts.filter((s) => s.includes("__xss"))).toEqual([]);
  };

  test("incident title and description", async () => inert(urls.incident!, ["incident-title", "incident-description"]));
  test("risk title, description and asset", async () => inert(urls.risk!, ["risk-title", "risk-description"]));
  test("supplier name and notes", async () => inert(urls.supplier!, ["supplier-name"]));
  test("advisory title and summary", async () => inert(urls.advisory!, ["advisory-title"]));
  test("device model name in the device list", async () => inert(urls.devices!, ["device-name"]));
  test("control note", async () => inert(urls.control!, ["control-notes"]));
  test("policy title and Markdown content: raw HTML dropped, javascript: link neutralised", async () => {
    await inert(urls.policy!, ["policy-title"]);
    const hrefs = await page.locator("a").evaluateAll((els) => els.map((e) => e.getAttribute("href") ?? ""));
    expect(hrefs.filter((href) => /^\s*javascript:/i.test(href))).toEqual([]);
  });
});
