import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const vigilBin = path.join(repoRoot, "bin/vigil.js");

export type CliResult = { code: number; stdout: string; stderr: string };

/** Runs `vigil <args>` as a separate process, the way a user or pipeline would. */
export function runVigil(args: string[], opts: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = { ...(process.env as Record<string, string>), LOG_LEVEL: "silent", ...opts.env };
    for (const k of Object.keys(env)) if (env[k] === "") delete env[k];
    const child = spawn(process.execPath, [vigilBin, ...args], { cwd: repoRoot, env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 120_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(opts.input ?? "");
  });
}

/**
 * Starts `vigil serve` as its own process on a free port and resolves once it listens. `output()` is everything it
 * has printed so far (both streams).
 */
export function startVigilServer(env: Record<string, string>): Promise<{ child: ChildProcess; url: string; output(): string }> {
  const child = spawn(process.execPath, [vigilBin, "serve"], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: "warn", PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 90_000);
    child.stdout!.on("data", (d) => {
      out += d;
      const m = out.match(/running at (http:\/\/[^\s]+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1], output: () => out });
      }
    });
    child.stderr!.on("data", (d) => (out += d));
    child.on("exit", (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

/** Runs the CLI in this process (fast), capturing what it writes to stdout and stderr. */
export async function runCliInProcess(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const { vi } = await import("vitest");
  const { runCli } = await import("../../src/cli/main");
  let out = "";
  let err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
  try {
    return { code: await runCli(args), out, err };
  } finally {
    vi.restoreAllMocks();
    process.exitCode = undefined;
  }
}
