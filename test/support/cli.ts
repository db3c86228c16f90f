import { spawn } from "node:child_process";
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
