import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { webDistDir } from "./app";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
const stampFile = path.join(webDistDir, ".source-hash");

function sourceHash(): string {
  const h = createHash("sha256");
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else h.update(p).update(readFileSync(p));
    }
  };
  walk(path.join(repoRoot, "src/web"));
  for (const f of ["vite.config.ts", "package-lock.json"]) {
    const p = path.join(repoRoot, f);
    if (existsSync(p)) h.update(readFileSync(p));
  }
  return h.digest("hex");
}

/** Builds the web interface with Vite unless the build in dist/web already matches its sources. */
export async function buildWebIfStale(log: (line: string) => void = () => {}): Promise<boolean> {
  const hash = sourceHash();
  if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === hash) return false;
  log("Building the web interface…");
  const { build } = await import("vite");
  // Always a production bundle, whatever NODE_ENV the caller runs under (test runners set "test").
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({ configFile: path.join(repoRoot, "vite.config.ts"), logLevel: "warn", mode: "production" });
  } finally {
    process.env.NODE_ENV = previous;
  }
  writeFileSync(stampFile, hash);
  log("Web interface built.");
  return true;
}
