// Compiles the command line and server to JavaScript in dist/node, so that no process transpiles TypeScript at start.
// `node bin/compile.js` builds now; bin/vigil.js calls compiledEntry(), which builds only when a source is newer.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const sources = path.join(root, "src");
export const outDir = path.join(root, "dist", "node");
const entry = path.join(outDir, "main.js");
/** Modules started as worker threads: found by their fixed name beside the chunks. */
const workerEntries = [{ in: path.join(sources, "cli", "feeds", "osv-shard-worker.ts"), out: "osv-shard-worker" }];
const fixedNames = new Set([entry, ...workerEntries.map((w) => path.join(outDir, `${w.out}.js`))]);
/** Chunks of earlier builds are removed once no process started from them can still be loading them. */
const STALE_CHUNK_MS = 24 * 60 * 60 * 1000;

/** The newest modification time of the TypeScript the command line and server are built from (the web app is not). */
function newestSource(dir = sources) {
  let newest = 0;
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, item.name);
    if (item.isDirectory()) {
      if (full !== path.join(sources, "web")) newest = Math.max(newest, newestSource(full));
    } else if (item.name.endsWith(".ts") || item.name.endsWith(".json")) {
      newest = Math.max(newest, statSync(full).mtimeMs);
    }
  }
  return newest;
}

async function loadEsbuild() {
  const require = createRequire(import.meta.url);
  for (const from of [null, "tsx/package.json"]) {
    try {
      const resolve = from ? createRequire(require.resolve(from)).resolve : require.resolve;
      return await import(pathToFileURL(resolve("esbuild")).href);
    } catch {
      // not installed here; try the copy tsx brings
    }
  }
  return null;
}

/**
 * Sources find their data folders relative to their own file (`import.meta.url`); in the bundle that URL would be
 * the chunk's, so each source gets the URL of where it stands in src/ instead.
 */
const sourceUrlsFor = (out) => ({
  name: "source-import-meta-url",
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      const text = readFileSync(args.path, "utf8");
      if (!text.includes("import.meta.url")) return undefined;
      const relative = path.relative(out, args.path).split(path.sep).join("/");
      return { contents: text.replaceAll("import.meta.url", `new URL(${JSON.stringify(relative)}, import.meta.url).href`), loader: "ts" };
    });
  },
});

/**
 * Packages compiled into the bundle rather than loaded from node_modules at run time: plain JavaScript used by the
 * command line's own code only (no other package is handed their objects). Loading them file by file was most of a
 * command's start: semver alone is 45 CommonJS files, each resolved, read, compiled and scanned for its exports.
 * Whatever such a package imports is bundled with it. Every other package stays external (native code, WebAssembly
 * or files found beside its module, as the CycloneDX library's schemas are through `__dirname`, or shared with another
 * external package, as zod is with fastify's type provider).
 */
const BUNDLED_PACKAGES = new Set([
  "@renovatebot/pep440",
  "@renovatebot/ruby-semver",
  "@snyk/nuget-semver",
  "ae-cvss-calculator",
  "cli-progress",
  "cli-table3",
  "commander",
  "csv-parse",
  "deb-version-compare",
  "fast-xml-parser",
  "fflate",
  "luxon",
  "mvncmp",
  "packageurl-js",
  "picocolors",
  "semver",
  "yaml",
]);

const packageOf = (specifier) => specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/");

/** Whether `specifier` resolves from `dir` (an optional dependency may be missing). */
function installed(specifier, dir) {
  try {
    createRequire(path.join(dir, "noop.js")).resolve(specifier);
    return true;
  } catch {
    return false;
  }
}

/** Bundles the packages above, or every package (`all`: a worker thread, whose modules no other code shares). */
const bundledPackages = (all) => ({
  name: "bundled-packages",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith("node:")) return { path: args.path, external: true };
      const fromPackage = args.importer.includes(`${path.sep}node_modules${path.sep}`);
      if (!(all || fromPackage || BUNDLED_PACKAGES.has(packageOf(args.path)))) return { path: args.path, external: true };
      // A package's optional dependency that is not installed stays a run-time import, failing (and caught) as before.
      return installed(args.path, args.resolveDir) ? undefined : { path: args.path, external: true };
    });
  },
});

/** Bundled CommonJS calls `require` for Node's own modules; an ES module has none of its own. */
const requireInEsm = 'import { createRequire as __bundledCreateRequire } from "node:module"; const require = __bundledCreateRequire(import.meta.url);';

/** How every bundle is built: what ships, and the benchmarks that measure it. */
const bundleOptions = (out, { everyPackage = false } = {}) => ({
  absWorkingDir: root,
  outdir: out,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  chunkNames: "[name]-[hash]",
  logLevel: "silent",
  banner: { js: requireInEsm },
  plugins: [bundledPackages(everyPackage), sourceUrlsFor(out)],
});

/** Builds dist/node; returns false when no compiler is installed. Files are written under a temporary name and renamed. */
export async function compile() {
  const esbuild = await loadEsbuild();
  if (!esbuild) return false;
  const started = Date.now();
  const [main, workers] = await Promise.all([
    esbuild.build({ ...bundleOptions(outDir), entryPoints: [{ in: path.join(sources, "cli", "main.ts"), out: "main" }], write: false }),
    // A worker thread loads its own copy of every module anyway: one file with its packages in it starts faster than
    // the same modules found and loaded one by one.
    esbuild.build({ ...bundleOptions(outDir, { everyPackage: true }), splitting: false, entryPoints: workerEntries, write: false }),
  ]);
  mkdirSync(outDir, { recursive: true });
  // Chunk names carry their content's hash: a running process keeps finding the chunks it was built with.
  const files = [...main.outputFiles, ...workers.outputFiles].sort((a, b) => Number(a.path === entry) - Number(b.path === entry));
  for (const file of files) {
    if (!fixedNames.has(file.path) && existsSync(file.path)) continue;
    const temporary = `${file.path}.${process.pid}.tmp`;
    writeFileSync(temporary, file.contents);
    renameSync(temporary, file.path);
  }
  // The entry is dated when the build started, so a source saved meanwhile makes the next start build again.
  utimesSync(entry, new Date(started), new Date(started));
  const current = new Set(files.map((file) => path.basename(file.path)));
  for (const name of readdirSync(outDir)) {
    const full = path.join(outDir, name);
    if (!current.has(name) && name.endsWith(".js") && started - statSync(full).mtimeMs > STALE_CHUNK_MS) rmSync(full, { force: true });
  }
  return true;
}

/**
 * Builds benchmark modules (absolute paths of .ts files) into `out` as the command line is built, so that a benchmark
 * measures the code that ships (tsx, which runs the sources, wraps every function to keep its name). Returns the
 * compiled files' URLs in the order given, or null when esbuild is not installed.
 */
export async function compileBenchmarks(files, out) {
  const esbuild = await loadEsbuild();
  if (!esbuild) return null;
  rmSync(out, { recursive: true, force: true });
  const entryPoints = files.map((file) => ({ in: file, out: path.basename(file).replace(/\.ts$/, "") }));
  await esbuild.build({ ...bundleOptions(out), entryPoints });
  return entryPoints.map((e) => pathToFileURL(path.join(out, `${e.out}.js`)).href);
}

/** The compiled entry, built first when missing or older than a source; null when it cannot be built here. */
export async function compiledEntry() {
  try {
    if (!existsSync(entry) || statSync(entry).mtimeMs < newestSource()) {
      if (!(await compile())) return null;
    }
    return pathToFileURL(entry).href;
  } catch (err) {
    if (process.env.VIGIL_DEBUG) console.error(err);
    return null;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (!(await compile())) {
    process.stderr.write("esbuild is not installed: vigil will run from the TypeScript sources\n");
    process.exitCode = 1;
  }
}
