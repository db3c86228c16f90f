// Runs the load client (a separate process) against one endpoint of the in-process server and returns its summary.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { LoadResult } from "./load-client";

const client = path.join(path.dirname(fileURLToPath(import.meta.url)), "load-client.ts");

export type { LoadResult };

export function runLoad(options: { url: string; cookie: string; connections: number; amount: number }): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", client, JSON.stringify(options)], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = out.trim().split("\n").pop() ?? "";
      if (code !== 0 || !line.startsWith("{")) reject(new Error(`load client exited with ${code}: ${err || out}`));
      else resolve(JSON.parse(line) as LoadResult);
    });
  });
}
