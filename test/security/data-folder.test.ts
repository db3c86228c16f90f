import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, test } from "vitest";
import { openEmbedded } from "../../src/server/platform/db/client";

/** Issue 17, hole 8: the embedded database's folder was readable by every account on the machine. */
const root = mkdtempSync(path.join(os.tmpdir(), "vigil-data-modes-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const mode = (p: string) => statSync(p).mode & 0o777;

/** Opens and migrates the embedded database as `vigil serve` does at start; returns what it logged. */
async function startOnce(dataDir: string): Promise<string> {
  const logged: string[] = [];
  const database = await openEmbedded(dataDir, { log: (line) => logged.push(line) });
  await database.migrate();
  await database.close();
  return logged.join("\n");
}

test("hole 8: a new data folder is private and so is every file the database writes into it", async () => {
  const dataDir = path.join(root, "fresh");
  await startOnce(dataDir);
  expect(mode(dataDir)).toBe(0o700);
  expect(mode(path.join(dataDir, "pgdata"))).toBe(0o700);
  expect(mode(path.join(dataDir, "pgdata", "PG_VERSION")) & 0o077).toBe(0);
}, 180_000);

test("hole 8: an existing world-readable data folder is tightened at start, with a log line", async () => {
  const dataDir = path.join(root, "loose");
  mkdirSync(path.join(dataDir, "notes"), { recursive: true });
  writeFileSync(path.join(dataDir, "notes", "readme.txt"), "left by an operator");
  chmodSync(path.join(dataDir, "notes", "readme.txt"), 0o644);
  chmodSync(path.join(dataDir, "notes"), 0o755);
  chmodSync(dataDir, 0o755);
  const output = await startOnce(dataDir);
  expect(mode(dataDir)).toBe(0o700);
  expect(mode(path.join(dataDir, "notes"))).toBe(0o700);
  expect(mode(path.join(dataDir, "notes", "readme.txt"))).toBe(0o600);
  expect(mode(path.join(dataDir, "pgdata", "PG_VERSION")) & 0o077).toBe(0);
  expect(output).toContain("was readable by other accounts (mode 755)");
}, 180_000);
