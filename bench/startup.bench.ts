// Start-up benchmark: `vigil --help`, a restart of `vigil serve` on the embedded database with the demo workspace
// already there (until GET /api/health answers), and that process's resident memory after 30 s idle. Every run is a
// separate process; wall time and the CPU time the process used (Linux /proc) are both given, because on a shared
// machine wall time measures the neighbours too. The floor of `--help` is a bare `node -e ""`.
// VIGIL_BENCH_RESTARTS (default 3), VIGIL_BENCH_IDLE_SECONDS (default 30).
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { summarise, table } from "./support";

const RESTARTS = Number(process.env.VIGIL_BENCH_RESTARTS ?? 3);
const IDLE_SECONDS = Number(process.env.VIGIL_BENCH_IDLE_SECONDS ?? 30);
const vigil = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../bin/vigil.js");
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds (user + system) and resident memory of a running process, from /proc; null elsewhere. */
function procStats(pid: number): { cpuS: number; rssMb: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const cpuS = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return { cpuS, rssMb: rss ? Number(rss[1]) / 1024 : Number.NaN };
  } catch {
    return null;
  }
}

/** Wall and CPU time of a short command run to its end (its CPU: what it adds to this process's children time). */
function timeCommand(args: string[]): { ms: number; cpuS: number } {
  const before = childrenCpu();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited with ${r.status}: ${r.stderr.slice(0, 500)}`);
  return { ms, cpuS: childrenCpu() - before };
}

/** CPU seconds of this process's waited-for descendants (cutime + cstime). */
function childrenCpu(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
}

function bestOf(n: number, args: string[]): { ms: number; cpuS: number } {
  const runs = Array.from({ length: n }, () => timeCommand(args));
  return { ms: Math.min(...runs.map((r) => r.ms)), cpuS: Math.min(...runs.map((r) => r.cpuS)) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function healthy(port: number): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/api/health`)).status === 200;
  } catch {
    return false;
  }
}

/** Starts `vigil serve` on the data folder and waits for /api/health; the process keeps running. */
async function serve(dataDir: string): Promise<{ child: ChildProcess; ms: number; port: number }> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [vigil, "serve"], {
    env: { ...process.env, DATABASE_URL: "", VIGIL_DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: "warn", VIGIL_DEMO: "true" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d) => (stderr += d));
  const deadline = Date.now() + 10 * 60_000;
  while (!(await healthy(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`vigil serve did not become healthy: ${stderr.slice(0, 1000)}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return { child, ms: performance.now() - t0, port };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  // The signal handler is installed just after the server listens: wait until the process can shut down cleanly.
  await new Promise((r) => setTimeout(r, 1000));
  child.kill("SIGTERM");
  await exited;
}

export async function run(): Promise<void> {
  if (!existsSync("/proc/self/stat")) {
    process.stdout.write("start-up benchmark skipped: it reads CPU time and memory from /proc (Linux)\n");
    return;
  }
  const help = bestOf(5, [vigil, "--help"]);
  const bare = bestOf(5, ["-e", ""]);
  const dataDir = mkdtempSync(path.join(tmpdir(), "vigil-bench-startup-"));
  try {
    const first = await serve(dataDir); // creates the database and seeds the demo workspace
    await stop(first.child);
    const restarts: Array<{ ms: number; cpuS: number; rssMb: number }> = [];
    let idleRssMb = Number.NaN;
    for (let i = 0; i < RESTARTS; i++) {
      const r = await serve(dataDir);
      const at = procStats(r.child.pid ?? 0);
      restarts.push({ ms: r.ms, cpuS: at?.cpuS ?? Number.NaN, rssMb: at?.rssMb ?? Number.NaN });
      if (i === RESTARTS - 1) {
        await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
        idleRssMb = procStats(r.child.pid ?? 0)?.rssMb ?? Number.NaN;
      }
      await stop(r.child);
    }
    const best = (k: "ms" | "cpuS" | "rssMb") => Math.min(...restarts.map((r) => r[k]));
    const worst = (k: "ms" | "cpuS" | "rssMb") => Math.max(...restarts.map((r) => r[k]));
    table([
      { what: 'node -e "" (floor)', "wall s": (bare.ms / 1000).toFixed(2), "CPU s": bare.cpuS.toFixed(2), note: "best of 5" },
      { what: "vigil --help", "wall s": (help.ms / 1000).toFixed(2), "CPU s": help.cpuS.toFixed(2), note: "best of 5; goal ≤ 0.3 s" },
      { what: "first start: create the embedded database and seed the demo", "wall s": (first.ms / 1000).toFixed(1), "CPU s": "-", note: "" },
      ...restarts.map((r, i) => ({ what: `restart ${i + 1} to healthy (embedded, demo workspace)`, "wall s": (r.ms / 1000).toFixed(1), "CPU s": r.cpuS.toFixed(2), note: `RSS ${r.rssMb.toFixed(0)} MB when healthy; goal ≤ 3 s` })),
      { what: `idle ${IDLE_SECONDS} s after the last restart`, "wall s": "-", "CPU s": "-", note: `RSS ${idleRssMb.toFixed(0)} MB; goal ≤ 400 MB` },
    ]);
    summarise("vigil --help", `${(help.ms / 1000).toFixed(2)} s wall, ${help.cpuS.toFixed(2)} s CPU (node alone ${(bare.ms / 1000).toFixed(2)} s)`, "≤ 0.3 s");
    summarise(
      "restart to healthy, embedded, demo workspace",
      `${(best("ms") / 1000).toFixed(1)}–${(worst("ms") / 1000).toFixed(1)} s wall, ${best("cpuS").toFixed(1)}–${worst("cpuS").toFixed(1)} s CPU`,
      "≤ 3 s",
    );
    summarise("idle memory (RSS) of vigil serve, embedded", `${idleRssMb.toFixed(0)} MB after ${IDLE_SECONDS} s idle`, "≤ 400 MB");
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
