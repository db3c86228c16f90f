import { chmodSync, existsSync, lstatSync, mkdirSync } from "node:fs";
import { chmod, lstat, readdir } from "node:fs/promises";
import path from "node:path";

const GROUP_AND_OTHERS = 0o077;

/**
 * Makes the embedded database's folder private to the account Vigil runs as: files it creates get umask 077, a new
 * folder is created 0700, and an existing one that others could read is tightened (folder 0700, group and other
 * permissions removed below it). Returns a line to log when it had to tighten.
 */
export async function securePrivateDataDir(dataDir: string): Promise<string | null> {
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
  const loosened = await tightenBelow(dataDir);
  return `data folder ${dataDir} was readable by other accounts (mode ${mode.toString(8)}); set to 700 and removed group and other permissions from ${loosened} entries below it`;
}

/**
 * Removes group and other permissions from everything below `dir`. The embedded database creates its files with
 * explicit modes (0666) regardless of the umask; the 0700 folder already keeps others out, this keeps copies tidy.
 * The walk runs on libuv's threads, so a start goes on while it runs; an entry removed meanwhile is skipped.
 */
export async function tightenBelow(dir: string): Promise<number> {
  const names = await readdir(dir).catch(ignoreGone([]));
  const changed = await Promise.all(
    names.map(async (name) => {
      const p = path.join(dir, name);
      const stat = await lstat(p).catch(ignoreGone(null));
      if (!stat || stat.isSymbolicLink()) return 0;
      let n = 0;
      if ((stat.mode & GROUP_AND_OTHERS) !== 0) {
        await chmod(p, stat.mode & 0o700).catch(ignoreGone(undefined));
        n++;
      }
      return stat.isDirectory() ? n + (await tightenBelow(p)) : n;
    }),
  );
  return changed.reduce((sum, n) => sum + n, 0);
}

const ignoreGone =
  <T>(value: T) =>
  (err: NodeJS.ErrnoException): T => {
    if (err.code === "ENOENT") return value;
    throw err;
  };
