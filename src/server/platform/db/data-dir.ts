import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";

const GROUP_AND_OTHERS = 0o077;

/**
 * Makes the embedded database's folder private to the account Vigil runs as: files it creates get umask 077, a new
 * folder is created 0700, and an existing one that others could read is tightened (folder 0700, group and other
 * permissions removed below it). Returns a line to log when it had to tighten.
 */
export function securePrivateDataDir(dataDir: string): string | null {
  try {
    process.umask(GROUP_AND_OTHERS);
  } catch {
    // Worker threads cannot change the umask; the folder's own mode still keeps others out.
  }
  if (!existsSync(dataDir)) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    chmodSync(dataDir, 0o700);
    return null;
  }
  const mode = lstatSync(dataDir).mode & 0o777;
  if ((mode & GROUP_AND_OTHERS) === 0) return null;
  chmodSync(dataDir, 0o700);
  const loosened = tightenBelow(dataDir);
  return `data folder ${dataDir} was readable by other accounts (mode ${mode.toString(8)}); set to 700 and removed group and other permissions from ${loosened} entries below it`;
}

/**
 * Removes group and other permissions from everything below `dir`. The embedded database creates its files with
 * explicit modes (0666) regardless of the umask; the 0700 folder already keeps others out, this keeps copies tidy.
 */
export function tightenBelow(dir: string): number {
  let changed = 0;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    const stat = lstatSync(p);
    if (stat.isSymbolicLink()) continue;
    if ((stat.mode & GROUP_AND_OTHERS) !== 0) {
      chmodSync(p, stat.mode & 0o700);
      changed++;
    }
    if (stat.isDirectory()) changed += tightenBelow(p);
  }
  return changed;
}
