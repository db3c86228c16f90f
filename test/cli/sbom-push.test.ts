import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openEmbedded } from "../../src/server/platform/db/client";
import { sbomComponents, sboms, softwareVersions } from "../../src/server/platform/db/schema";
import { generatedCycloneDx, npmLib, smallCycloneDx } from "../api/sbom-fixtures";
import { call, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { seededDataDir } from "../support/db";
import { runVigil } from "../support/cli";
import { fixture, requireFixtures } from "../support/fixtures";

requireFixtures();

const tmp = mkdtempSync(path.join(os.tmpdir(), "vigil-sbom-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const realFile = fixture("sbom", "cyclonedx", "bom-examples", "dropwizard-1.3.15", "bom.xml");
const malformed = path.join(tmp, "dup-refs.cdx.json");
writeFileSync(malformed, smallCycloneDx([npmLib("left-pad", "1.3.0"), { ...npmLib("lodash", "4.17.21"), "bom-ref": "left-pad@1.3.0" }]));

describe("vigil sbom push over HTTP with an API token", () => {
  let vigil: TestVigil;
  let server: string;
  let writeToken: string;
  let readToken: string;
  beforeAll(async () => {
    vigil = await startTestVigil("embedded");
    server = await vigil.app.listen({ port: 0, host: "127.0.0.1" });
    vigil.jobs.start(1);
    const officer = await signInAs(vigil, "security_officer");
    writeToken = (await call(vigil, officer, "POST", "/api/tokens", { name: "ci", scopes: ["sbom:write"] })).json().token;
    readToken = (await call(vigil, officer, "POST", "/api/tokens", { name: "ro", scopes: ["read"] })).json().token;
  });
  afterAll(async () => vigil?.stop());

  test("a real SBOM is imported with an sbom:write token, refused with a read token, and a bad one is located", async () => {
    const ok = await runVigil(["sbom", "push", "--device", "VV-12", "--version", "5.0.2", realFile, "--server", server, "--json"], {
      env: { VIGIL_TOKEN: writeToken },
    });
    expect(ok.stderr).toBe("");
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ file: "bom.xml", created: true, componentCount: 167, sequence: 1, via: "server" });

    const denied = await runVigil(["sbom", "push", "--device", "VV-12", "--version", "5.0.2", realFile, "--server", server, "--token", readToken]);
    expect(denied.code).toBe(2);
    expect(denied.stderr).toMatch(/refused the push \(403\)/);

    const bad = await runVigil(["sbom", "push", "--device", "VV-12", "--version", "5.0.2", malformed], { env: { VIGIL_URL: server, VIGIL_TOKEN: writeToken } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("dup-refs.cdx.json /components/1:");
    expect(bad.stderr).toMatch(/left-pad@1\.3\.0/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  }, 180_000);

  test("a large SBOM goes through the server's job and the CLI waits for it", async () => {
    const file = path.join(tmp, "large.cdx.json");
    writeFileSync(file, generatedCycloneDx(5000));
    const started = performance.now();
    const r = await runVigil(["sbom", "push", "--device", "VV-12", "--version", "7.0.0", "--create-version", file, "--server", server, "--token", writeToken]);
    console.log(`CLI push of 5,000 components over HTTP through the job: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Imported large\.cdx\.json for VV-12 7\.0\.0 \(version created\) as SBOM #1: 5000 components, 5000 dependencies/);
  }, 180_000);
});

describe("vigil sbom push straight into the configured database", () => {
  const dataDir = path.join(tmp, "data");
  const env = { VIGIL_DATA_DIR: dataDir, VIGIL_DEMO: "false", VIGIL_URL: "", VIGIL_TOKEN: "" };
  beforeAll(async () => {
    await seededDataDir(dataDir);
  });

  test("imports, creates the version on request, rejects a bad file with exit 2 and nothing written", async () => {
    const missing = await runVigil(["sbom", "push", "--device", "CL-GW", "--version", "9.0.0", realFile], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/CL-GW has no version "9\.0\.0".*--create-version/);

    const bad = await runVigil(["sbom", "push", "--device", "CL-GW", "--version", "9.0.0", "--create-version", malformed], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("dup-refs.cdx.json /components/1:");

    const ok = await runVigil(["sbom", "push", "--device", "CL-GW", "--version", "9.0.0", "--create-version", realFile, "--json"], { env });
    expect(ok.stderr).toBe("");
    expect(JSON.parse(ok.stdout)).toMatchObject({ created: true, versionCreated: true, componentCount: 167, via: "database" });

    const database = await openEmbedded(dataDir);
    try {
      const [version] = await database.db.select().from(softwareVersions).where(eq(softwareVersions.version, "9.0.0"));
      const stored = await database.db.select().from(sboms).where(eq(sboms.softwareVersionId, version.id));
      expect(stored).toHaveLength(1);
      expect(stored[0].uploadedByLabel).toMatch(/^cli \(/);
      const [{ n }] = await database.db.select({ n: count() }).from(sbomComponents).where(eq(sbomComponents.sbomId, stored[0].id));
      expect(Number(n)).toBe(167);
    } finally {
      await database.close();
    }
  }, 180_000);
});
