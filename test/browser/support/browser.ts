import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { describe } from "vitest";
import { DEMO_PASSWORD } from "../../../src/server/demo/seed";
import type { Config } from "../../../src/server/platform/config";
import { buildWebIfStale } from "../../../src/server/platform/http/web-build";
import { startTestVigil, type TestVigil } from "../../support/app";

/** Debian's Chromium; never a downloaded browser. */
export const CHROMIUM = process.env.VIGIL_CHROMIUM ?? "/usr/bin/chromium";
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export const artifactsDir = path.resolve(import.meta.dirname, "../../../test-artifacts");

/**
 * `describe` for browser suites: skipped with a reason when Chromium is missing on a developer machine,
 * never skipped on CI (there the missing browser fails the suite).
 */
export function describeInBrowser(name: string, fn: () => void): void {
  if (!existsSync(CHROMIUM) && process.env.CI !== "true") {
    const reason = `no Chromium at ${CHROMIUM}; install Debian's chromium package or set VIGIL_CHROMIUM`;
    console.warn(`Browser tests "${name}" skipped: ${reason}`);
    describe.skip(`${name} (skipped: ${reason})`, fn);
    return;
  }
  describe(name, fn);
}

/** Test files build the bundle at the same time; the first builds, the others wait and find it current. */
async function withBuildLock<T>(fn: () => Promise<T>): Promise<T> {
  const lock = path.join(os.tmpdir(), "vigil-web-build.lock");
  const deadline = Date.now() + 240_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      try {
        if (Date.now() - statSync(lock).mtimeMs > 240_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        // the lock went away meanwhile
      }
      if (Date.now() > deadline) throw new Error(`Timed out waiting for the web build lock ${lock}`);
      await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds dist/web when its sources changed, as production code (vitest sets NODE_ENV=test, which Vite would bake in). */
export async function buildWeb(): Promise<void> {
  await withBuildLock(async () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = "production";
    try {
      await buildWebIfStale();
    } finally {
      process.env.NODE_ENV = previous;
    }
  });
}

export type Harness = {
  vigil: TestVigil;
  baseUrl: string;
  browser: Browser;
  /** A fresh browser context (own cookies) with one page. */
  newPage(opts?: { width?: number; height?: number }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
};

/** A real Vigil on an ephemeral port with the demo workspace, and one Chromium for the whole test file. */
export async function startHarness(opts: { config?: Partial<Config> } = {}): Promise<Harness> {
  await buildWeb(); // before the app starts: it registers the static files at startup
  const vigil = await startTestVigil("embedded", { config: opts.config });
  await vigil.app.listen({ port: 0, host: "127.0.0.1" });
  const { port } = vigil.app.server.address() as { port: number };
  const baseUrl = `http://127.0.0.1:${port}`;
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  } catch (err) {
    await vigil.stop();
    throw err;
  }
  const contexts: BrowserContext[] = [];
  return {
    vigil,
    baseUrl,
    browser,
    async newPage(opts = {}) {
      const context = await browser.newContext({
        baseURL: baseUrl,
        viewport: { width: opts.width ?? 1280, height: opts.height ?? 860 },
        locale: "en-GB",
        timezoneId: "Europe/Berlin",
      });
      context.setDefaultTimeout(15_000);
      contexts.push(context);
      const page = await context.newPage();
      const problems: string[] = [];
      page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
      page.on("console", (msg) => {
        // Answers such as 401, 423 or 429 are expected in some tests and shown by the page itself.
        if (msg.type() === "error" && !/Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())) problems.push(`console error: ${msg.text()}`);
      });
      (page as Page & { problems?: string[] }).problems = problems;
      return { context, page };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close().catch(() => {});
      await vigil.stop();
    },
  };
}

/** Errors the page logged (uncaught exceptions, console errors other than expected 401/403 answers). */
export function pageProblems(page: Page): string[] {
  return (page as Page & { problems?: string[] }).problems ?? [];
}

/** Signs in through the form and waits for the first page after it. */
export async function signInThroughForm(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
}

/** Waits until the page's h1 reads exactly `text`; the error names the heading that is there instead. */
export async function expectHeading(page: Page, text: string): Promise<void> {
  try {
    await page.getByRole("heading", { level: 1, name: text, exact: true }).waitFor();
  } catch {
    const found = await page.getByRole("heading", { level: 1 }).allTextContents();
    throw new Error(`expected the page heading "${text}" on ${page.url()}, found ${JSON.stringify(found)}`);
  }
}
