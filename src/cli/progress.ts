import cliProgress from "cli-progress";

/** A bar shows only on a terminal and only once reading has taken longer than this: short reads stay quiet. */
const SHOW_AFTER_MS = 1_500;

export interface Progress {
  update(done: number, total: number, unit: "bytes" | "files"): void;
  stop(): void;
}

/** A progress bar on stderr for reading `label`, drawn only if the read outlasts SHOW_AFTER_MS. */
export function progressBar(label: string): Progress {
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const started = Date.now();
  let bar: cliProgress.SingleBar | null = null;
  return {
    update(done, total, unit) {
      if (!bar) {
        if (Date.now() - started < SHOW_AFTER_MS) return;
        const units = unit === "bytes" ? "MB" : "files";
        bar = new cliProgress.SingleBar(
          { stream: process.stderr, format: `${label} [{bar}] {percentage}% | {value}/{total} ${units}`, hideCursor: true, clearOnComplete: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(unit === "bytes" ? mbOf(total) : total, 0);
      }
      bar.setTotal(unit === "bytes" ? mbOf(total) : total);
      bar.update(unit === "bytes" ? mbOf(done) : done);
    },
    stop() {
      bar?.stop();
    },
  };
}

const mbOf = (n: number) => Math.round((n / 1024 / 1024) * 10) / 10;
