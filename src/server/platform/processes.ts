import cluster, { type Worker } from "node:cluster";
import os from "node:os";

/** What a serving process tells the primary once it listens. */
export type ProcessReady = { port: number; database: string; location: string };

const READY = "vigil:listening";
const RESPAWN_DELAY_MS = 1000;

/** `auto` or a whole number of processes; a message naming the problem otherwise. */
export function parseProcesses(value: string): number | string {
  if (value === "auto") return os.availableParallelism();
  if (!/^\d+$/.test(value) || Number(value) < 1) return `must be a whole number of processes (1 or more) or auto, got "${value}"`;
  return Number(value);
}

/** In a process started by `serve --processes`: its number (0 is the one that runs the job workers); null otherwise. */
export function processIndex(): number | null {
  return cluster.isWorker ? Number(process.env.VIGIL_PROCESS_INDEX ?? 0) : null;
}

export function reportReady(ready: ProcessReady): void {
  process.send?.({ type: READY, ...ready });
}

/**
 * The primary of `serve --processes`: forks `count` serving processes that share one port (node:cluster hands each
 * new connection to the next process). `onReady` runs once, when all listen, with the first process's report. A
 * process that fails before it listens stops them all; one that ends later is replaced. SIGINT or SIGTERM stops every
 * process; resolves with the exit code once all have ended.
 */
export function superviseProcesses(count: number, onReady: (ready: ProcessReady) => void): Promise<number> {
  return new Promise((resolve) => {
    const live = new Set<Worker>();
    const ready = new Map<number, ProcessReady>();
    let stopping = false;
    let exitCode = 0;
    let pendingRespawns = 0;

    const finishIfDone = () => {
      if (stopping && live.size === 0 && pendingRespawns === 0) resolve(exitCode);
    };
    const stop = (code: number) => {
      if (stopping) return;
      stopping = true;
      exitCode = code;
      for (const worker of live) worker.process.kill("SIGTERM");
      finishIfDone();
    };
    const fork = (index: number) => {
      const worker = cluster.fork({ VIGIL_PROCESS_INDEX: String(index) });
      let listening = false;
      live.add(worker);
      worker.on("message", (message: { type?: string } & ProcessReady) => {
        if (message?.type !== READY || listening) return;
        listening = true;
        const announce = ready.size < count;
        ready.set(index, { port: message.port, database: message.database, location: message.location });
        if (announce && ready.size === count) onReady(ready.get(0) ?? message);
      });
      worker.on("exit", (code) => {
        live.delete(worker);
        if (!stopping && !listening) stop(code || 1);
        else if (!stopping) {
          pendingRespawns++;
          setTimeout(() => {
            pendingRespawns--;
            if (stopping) finishIfDone();
            else fork(index);
          }, RESPAWN_DELAY_MS);
        }
        finishIfDone();
      });
    };
    process.once("SIGINT", () => stop(0));
    process.once("SIGTERM", () => stop(0));
    for (let i = 0; i < count; i++) fork(i);
  });
}
