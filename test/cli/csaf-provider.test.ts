import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { windRiverCsafVex } from "../../src/core/vex-import/supplier-documents.fixture";
import { runVigil } from "../support/cli";
import { startCsafProvider } from "../support/csaf-provider-server";
import { seededDataDir } from "../support/db";
import { fixture, requireFixtures } from "../support/fixtures";

requireFixtures();

const tmp = mkdtempSync(path.join(os.tmpdir(), "vigil-csaf-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const write = (name: string, content: string) => {
  const file = path.join(tmp, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
};

describe("vigil csaf-provider", () => {
  const dataDir = path.join(tmp, "data");
  const env = { VIGIL_DATA_DIR: dataDir, VIGIL_DEMO: "false", VIGIL_URL: "", VIGIL_TOKEN: "", VIGIL_WEBHOOK_ALLOW: "127.0.0.1" };
  let provider: Awaited<ReturnType<typeof startCsafProvider>>;
  type Listed = { id: string; name: string; kind: string; documentCount: number; lastError: string | null };
  const list = async () => JSON.parse((await runVigil(["csaf-provider", "list", "--json"], { env })).stdout) as Listed[];

  beforeAll(async () => {
    await seededDataDir(dataDir);
    provider = await startCsafProvider();
    provider.documents.push({ json: JSON.stringify(windRiverCsafVex(1), null, 2), tlp: "WHITE" });
  }, 300_000);
  afterAll(async () => provider?.stop().catch(() => {}));

  test("add a provider by URL, fetch it now, list it; an unreachable one is a clear message and exit 1", async () => {
    const added = await runVigil(["csaf-provider", "add", provider.metadataUrl, "--name", "Wind River"], { env });
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/^Registered Wind River \(/);
    expect((await runVigil(["csaf-provider", "add", "--name", "No source"], { env })).code).toBe(2);
    const id = (await list()).find((p) => p.name === "Wind River")!.id;
    const fetched = await runVigil(["csaf-provider", "fetch", id], { env });
    expect(fetched.code, fetched.stderr).toBe(0);
    expect(fetched.stdout).toContain("Wind River: 1 listed, 1 added, 0 unchanged, 0 refused.");
    expect(await list()).toEqual([expect.objectContaining({ name: "Wind River", kind: "metadata", documentCount: 1, lastError: null })]);

    await provider.stop();
    const offline = await runVigil(["csaf-provider", "fetch", id], { env });
    expect(offline.code).toBe(1);
    expect(offline.stderr).toMatch(/Wind River could not be fetched \(unreachable.*\); nothing changed\. Last good fetch: \d{4}-/);
    expect((await runVigil(["csaf-provider", "fetch", "00000000-0000-4000-8000-000000000000"], { env })).stderr).toContain("no such CSAF provider");
  }, 300_000);

  test("upload a directory to an upload provider by name; one invalid document refuses it all", async () => {
    expect((await runVigil(["csaf-provider", "add", "--upload", "--name", "Acme uploads"], { env })).code).toBe(0);
    const doc = JSON.stringify(windRiverCsafVex(3), null, 2);
    write("acme/white/2026/wrs-2026-0012.json", doc);
    write("acme/white/2026/wrs-2026-0012.json.sha256", `${createHash("sha256").update(doc).digest("hex")}  wrs-2026-0012.json\n`);
    const ok = await runVigil(["csaf-provider", "upload", "--name", "Acme uploads", path.join(tmp, "acme")], { env });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("1 documents: 1 new revisions stored, 0 unchanged.");

    write("bad/wrs-2026-0012.json", JSON.stringify(windRiverCsafVex(4), null, 2));
    write("bad/invalid.json", readFileSync(fixture("csaf", "oasis-testfiles", "mandatory", "oasis_csaf_tc-csaf_2_0-2021-6-1-01-01.json"), "utf8"));
    const id = (await list()).find((p) => p.name === "Acme uploads")!.id;
    const bad = await runVigil(["csaf-provider", "upload", id, path.join(tmp, "bad")], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/invalid\.json was rejected: \/product_tree.*mandatory test 6\.1\.1/);
    expect(await list()).toEqual(expect.arrayContaining([expect.objectContaining({ name: "Acme uploads", kind: "upload", documentCount: 1 })]));
  }, 300_000);
});
