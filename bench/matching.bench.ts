// Matching benchmark: generated OSV advisories across npm, PyPI, Maven, Go and Debian (SEMVER and
// ECOSYSTEM ranges) against a portfolio of device versions × components, with purls that partly
// hit the advisories. Every time is also given as a ratio to JSON.parse of the same inputs.
// Scale: VIGIL_BENCH_ADVISORIES, VIGIL_BENCH_VERSIONS, VIGIL_BENCH_COMPONENTS (defaults 200000, 1000, 500).
import { performance } from "node:perf_hooks";
import {
  AdvisoryIndex,
  ComponentIndex,
  componentFromPurl,
  type ComponentRef,
  matchAdvisory,
  matchDistinctPurls,
  type OsvRecord,
  validateOsvRecord,
} from "../src/core/vulnerabilities";
import { osvCorpus, type Pkg } from "./osv-corpus";
import { bestOf, mb, rng, summarise, table, timed } from "./support";

const ADVISORIES = Number(process.env.VIGIL_BENCH_ADVISORIES ?? 200_000);
const DEVICE_VERSIONS = Number(process.env.VIGIL_BENCH_VERSIONS ?? 1_000);
const COMPONENTS_PER_VERSION = Number(process.env.VIGIL_BENCH_COMPONENTS ?? 500);
const PACKAGES = Math.max(1_000, Math.round(ADVISORIES / 8));
const VERSIONS_PER_DEVICE_MODEL = 20;
const INCREMENTAL_RUNS = 25;

const random = rng(20260301);
const { makePackage, makeAdvisory, skewed } = osvCorpus(random);

/** Device versions: models share a base of components; each new version moves ~5 % of them forward. */
function makePortfolio(packages: readonly Pkg[]): string[][] {
  const portfolio: string[][] = [];
  const models = Math.ceil(DEVICE_VERSIONS / VERSIONS_PER_DEVICE_MODEL);
  for (let m = 0; m < models && portfolio.length < DEVICE_VERSIONS; m++) {
    const chosen = new Map<Pkg, number>();
    while (chosen.size < COMPONENTS_PER_VERSION) chosen.set(packages[skewed(packages.length)], Math.floor(random() * 20));
    for (let v = 0; v < VERSIONS_PER_DEVICE_MODEL && portfolio.length < DEVICE_VERSIONS; v++) {
      for (const [pkg, idx] of chosen) if (random() < 0.05 && idx + 1 < pkg.versions.length) chosen.set(pkg, idx + 1);
      portfolio.push([...chosen].map(([pkg, idx]) => pkg.purl(pkg.versions[idx])));
    }
  }
  return portfolio;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function run(): Promise<void> {
  let peakRss = 0;
  let peakHeap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  process.stdout.write(
    `scale: ${ADVISORIES} advisories over ${PACKAGES} packages; ${DEVICE_VERSIONS} device versions × ${COMPONENTS_PER_VERSION} components\n`,
  );

  // Inputs as they arrive: advisory files (one JSON text per record, like an all.zip) and one JSON SBOM-like list per device version.
  const packages = Array.from({ length: PACKAGES }, (_, i) => makePackage(i));
  const advisoryTexts = Array.from({ length: ADVISORIES }, (_, i) => JSON.stringify(makeAdvisory(i, packages)));
  const portfolioTexts = makePortfolio(packages).map((purls) => JSON.stringify({ components: purls.map((purl) => ({ purl })) }));
  const inputBytes = advisoryTexts.reduce((s, t) => s + t.length, 0) + portfolioTexts.reduce((s, t) => s + t.length, 0);
  sample();

  // Best of 3, so that the baseline is not inflated by a cold start (which would flatter every ratio).
  const parseAdvisories = await bestOf(3, () => advisoryTexts.map((t) => JSON.parse(t) as unknown));
  const parsePortfolio = await bestOf(3, () => portfolioTexts.map((t) => (JSON.parse(t) as { components: { purl: string }[] }).components));
  const parseMs = parseAdvisories.ms + parsePortfolio.ms;
  sample();

  const validate = await timed(() => {
    const ok: OsvRecord[] = [];
    for (const v of parseAdvisories.value) {
      const r = validateOsvRecord(v);
      if (r.ok) ok.push(r.record);
    }
    return ok;
  });
  if (validate.value.length !== ADVISORIES) throw new Error(`${ADVISORIES - validate.value.length} generated advisories are invalid`);
  sample();
  const buildIndex = await timed(() => new AdvisoryIndex(validate.value));
  sample();

  const instances = parsePortfolio.value.flat();
  // Core path shared by `vigil scan` and the server: identical purls (the same package version in many device
  // versions) are resolved and matched once (matchDistinctPurls), then fanned out to their instances. It runs first,
  // on the index just built, so that its time includes compiling the ranges of every package it looks up (the index
  // compiles a package's entries on its first lookup).
  const deduplicated = await timed(() => {
    const { components, outcome } = matchDistinctPurls(
      buildIndex.value,
      instances.map((c, i) => ({ ref: String(i), name: c.purl, version: null, purl: c.purl })),
    );
    const byPurl = new Map<string, number>();
    for (const m of outcome.matches) byPurl.set(m.component.purl ?? "", (byPurl.get(m.component.purl ?? "") ?? 0) + 1);
    let impacted = 0;
    for (const c of instances) impacted += byPurl.get(c.purl) ?? 0;
    return { distinct: components.size, matches: outcome.matches.length, impacted };
  });
  sample();
  // Core path as documented: every component instance → componentFromPurl → index.matchComponents (on the index the
  // adapter path has compiled).
  const naive = await timed(() => {
    const refs: ComponentRef[] = [];
    for (const c of instances) {
      const r = componentFromPurl(c.purl);
      if (r.ok) refs.push(r.component);
    }
    return buildIndex.value.matchComponents(refs);
  });
  sample();

  if (deduplicated.value.impacted !== naive.value.matches.length) {
    throw new Error(`adapter found ${deduplicated.value.impacted} instance matches, core ${naive.value.matches.length}`);
  }

  // Incremental: the portfolio indexed once by package; then one new advisory at a time.
  const componentIndex = await timed(() => {
    const index = new ComponentIndex<ComponentRef & { device: number }>();
    parsePortfolio.value.forEach((components, device) => {
      for (const c of components) {
        const r = componentFromPurl(c.purl);
        if (r.ok) index.add({ ...r.component, device });
      }
    });
    return index;
  });
  sample();
  const times: number[] = [];
  let impactedVersions = 0;
  let impactedInstances = 0;
  for (let i = 0; i < INCREMENTAL_RUNS; i++) {
    const record = makeAdvisory(ADVISORIES + i, packages);
    const text = JSON.stringify(record);
    const t0 = performance.now();
    const v = validateOsvRecord(JSON.parse(text));
    if (!v.ok) throw new Error("generated advisory is invalid");
    const outcome = matchAdvisory(v.record, componentIndex.value);
    const devices = new Set(outcome.matches.map((m) => m.component.device));
    times.push(performance.now() - t0);
    impactedVersions += devices.size;
    impactedInstances += outcome.matches.length;
  }
  sample();

  const ratio = (ms: number) => `${(ms / parseMs).toFixed(2)}×`;
  process.stdout.write(
    `inputs: ${mb(inputBytes)} of JSON (${ADVISORIES} advisory texts, ${portfolioTexts.length} component lists, ${instances.length} component instances, ${deduplicated.value.distinct} distinct purls)\n`,
  );
  table([
    { step: "JSON.parse advisories + component lists (baseline)", ms: parseMs.toFixed(0), "ratio to parse": "1.00×", note: `${parseAdvisories.ms.toFixed(0)} + ${parsePortfolio.ms.toFixed(0)} ms` },
    { step: "validate OSV records (schema conformity + linter rules)", ms: validate.ms.toFixed(0), "ratio to parse": ratio(validate.ms), note: "" },
    { step: "build AdvisoryIndex (packages keyed; ranges compiled on first lookup)", ms: buildIndex.ms.toFixed(0), "ratio to parse": ratio(buildIndex.ms), note: `${buildIndex.value.size} records` },
    { step: "match every instance (core path, ranges already compiled)", ms: naive.ms.toFixed(0), "ratio to parse": ratio(naive.ms), note: `${naive.value.matches.length} matches, ${naive.value.warnings.length} warnings` },
    { step: "match distinct purls, fan out (matchDistinctPurls, compiling the packages looked up)", ms: deduplicated.ms.toFixed(0), "ratio to parse": ratio(deduplicated.ms), note: `${deduplicated.value.matches} distinct matches` },
    {
      step: "full portfolio = index + adapter match",
      ms: (buildIndex.ms + deduplicated.ms).toFixed(0),
      "ratio to parse": ratio(buildIndex.ms + deduplicated.ms),
      note: "target ≤ 3× (validation excluded)",
    },
    {
      step: "full portfolio incl. validation",
      ms: (validate.ms + buildIndex.ms + deduplicated.ms).toFixed(0),
      "ratio to parse": ratio(validate.ms + buildIndex.ms + deduplicated.ms),
      note: "",
    },
    { step: "index portfolio by package (once)", ms: componentIndex.ms.toFixed(0), "ratio to parse": ratio(componentIndex.ms), note: "" },
    {
      step: `one new advisory → impacted instances (median of ${INCREMENTAL_RUNS})`,
      ms: median(times).toFixed(2),
      "ratio to parse": ratio(median(times)),
      note: `target < 50 ms; max ${Math.max(...times).toFixed(2)} ms; avg ${(impactedInstances / INCREMENTAL_RUNS).toFixed(0)} instances in ${(impactedVersions / INCREMENTAL_RUNS).toFixed(0)} device versions`,
    },
  ]);
  summarise(
    `matching ${ADVISORIES.toLocaleString("en")} advisories in process ÷ JSON.parse`,
    `${ratio(buildIndex.ms + deduplicated.ms)}, ${ratio(validate.ms + buildIndex.ms + deduplicated.ms)} with validation`,
    "≤ 1.5× with validation",
  );
  process.stdout.write(`peak memory: rss ${mb(peakRss)}, heapUsed ${mb(peakHeap)} (inputs ${mb(inputBytes)}; rss ÷ input ${(peakRss / inputBytes).toFixed(1)}×)\n`);
}
