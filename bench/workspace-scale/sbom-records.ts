// One current SBOM per software version: the sboms row with the gzip-compressed CycloneDX file, every component
// as `sbom_components` rows, and the dependency graph (each component depended on by one other) as edges.
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { componentKey, type SbomComponent } from "../../src/core/sbom";
import { sbomComponents, sbomDependencies, sboms } from "../../src/server/sboms/schema";
import type { Counts } from "./counts";
import { PACKAGE_VERSIONS, packageAt, portfolio, purlOf, versionOf } from "./portfolio";
import type { Registers } from "./registers";
import type { RecordsetWriter } from "./writer";

/** SBOMs per statement batch: their components go in one statement (about 5,000 rows). */
const SBOMS_PER_BATCH = 10;
const DIRECT = 50;
const ROOT = "root";

/** Where each package is installed: per package index, `versionRow * PACKAGE_VERSIONS + packageVersion`. */
export type InstanceIndex = Map<number, number[]>;

export type SbomSummary = { sboms: number; components: number; edges: number; fileBytes: number; gzipBytes: number; index: InstanceIndex };

const fakeHash = (pkg: number, v: number) => ((Math.imul(pkg + 1, 2654435761) ^ Math.imul(v + 1, 40503)) >>> 0).toString(16).padStart(8, "0").repeat(8);

export async function writeSboms(writer: RecordsetWriter, counts: Counts, random: () => number, registers: Registers, now: number): Promise<SbomSummary> {
  checkPurlBases(counts);
  const index: InstanceIndex = new Map();
  const summary: SbomSummary = { sboms: 0, components: 0, edges: 0, fileBytes: 0, gzipBytes: 0, index };
  let sbomRows: Array<typeof sboms.$inferInsert> = [];
  let componentRows: Array<typeof sbomComponents.$inferInsert> = [];
  let edgeRows: Array<typeof sbomDependencies.$inferInsert> = [];
  const flush = async () => {
    await writer.write(sboms, sbomRows);
    await writer.write(sbomComponents, componentRows);
    await writer.write(sbomDependencies, edgeRows);
    sbomRows = [];
    componentRows = [];
    edgeRows = [];
  };

  let row = 0;
  for (const version of portfolio(counts, random)) {
    const versionRow = registers.versions[row];
    if (versionRow.model !== version.model) throw new Error("portfolio and software versions are out of step");
    const sbomId = crypto.randomUUID();
    const uploaded = new Date(now - (registers.versions.length - row) * 3_600_000);
    const cdxComponents: unknown[] = [];
    const refs: string[] = [];
    for (let position = 0; position < version.packages.length; position++) {
      const pkg = packageAt(version.packages[position]);
      const v = version.versions[position];
      const purl = purlOf(pkg, v);
      const hash = fakeHash(pkg.index, v);
      refs.push(purl);
      const list = index.get(pkg.index);
      const code = row * PACKAGE_VERSIONS + v;
      if (list) list.push(code);
      else index.set(pkg.index, [code]);
      componentRows.push({
        sbomId,
        position,
        ref: purl,
        name: pkg.name,
        group: pkg.group,
        version: versionOf(pkg, v),
        purl,
        purlBase: pkg.purlBase,
        purlType: pkg.type,
        cpe: null,
        type: "library",
        supplier: pkg.group ? `${pkg.group} maintainers` : null,
        author: null,
        hashes: [{ alg: "SHA-256", value: hash }],
        licenses: [pkg.license],
        licenseNames: [],
        description: null,
        scope: "required",
        properties: [],
        supportLevel: null,
        endOfSupport: null,
        supportSources: null,
        parentRef: null,
        direct: position < DIRECT,
        depth: position < DIRECT ? 1 : 2,
      });
      edgeRows.push({ sbomId, fromRef: position < DIRECT ? ROOT : refs[position % DIRECT], toRef: purl, kind: "depends-on" });
      cdxComponents.push({
        type: "library",
        "bom-ref": purl,
        ...(pkg.group ? { group: pkg.group } : {}),
        name: pkg.name,
        version: versionOf(pkg, v),
        purl,
        hashes: [{ alg: "SHA-256", content: hash }],
        licenses: [{ license: { id: pkg.license } }],
      });
    }
    const model = registers.models[version.model];
    const primary: SbomComponent = {
      ref: ROOT,
      name: model.name,
      group: null,
      version: versionRow.version,
      purl: null,
      cpe: null,
      type: "firmware",
      supplier: "Bench Medical",
      author: null,
      hashes: [],
      licenses: [],
      licenseNames: [],
      description: null,
      scope: null,
      properties: [],
      support: null,
      parent: null,
      direct: false,
      depth: 0,
    };
    const file = Buffer.from(
      JSON.stringify({
        bomFormat: "CycloneDX",
        specVersion: "1.6",
        serialNumber: `urn:uuid:${sbomId}`,
        version: 1,
        metadata: { timestamp: uploaded.toISOString(), component: { type: "firmware", "bom-ref": ROOT, name: model.name, version: versionRow.version } },
        components: cdxComponents,
        dependencies: [{ ref: ROOT, dependsOn: refs.slice(0, DIRECT) }, ...graphOf(refs)],
      }),
    );
    const gzip = gzipSync(file);
    summary.fileBytes += file.byteLength;
    summary.gzipBytes += gzip.byteLength;
    sbomRows.push({
      id: sbomId,
      softwareVersionId: versionRow.id,
      sequence: 1,
      isCurrent: true,
      format: "cyclonedx",
      encoding: "json",
      specVersion: "1.6",
      fileName: `${model.name.replaceAll(" ", "-")}-${versionRow.version}.cdx.json`,
      sha256: createHash("sha256").update(file).digest("hex"),
      sizeBytes: file.byteLength,
      // jsonb_populate_recordset reads bytea in its text form.
      fileGzip: `\\x${gzip.toString("hex")}`,
      uploadedBy: registers.adminId,
      uploadedByLabel: registers.users[0].label,
      componentCount: version.packages.length,
      dependencyCount: version.packages.length,
      warnings: [],
      document: {
        name: model.name,
        serialNumber: `urn:uuid:${sbomId}`,
        namespace: null,
        version: 1,
        created: uploaded.toISOString(),
        tools: [{ vendor: "Bench", name: "sbom-generator", version: "1.0" }],
        authors: [],
        primaryComponent: primary,
        rootRefs: [ROOT],
        hasDependencyGraph: true,
      },
      previousSbomId: null,
      diffSummary: null,
      createdAt: uploaded,
    });
    summary.sboms++;
    summary.components += version.packages.length;
    summary.edges += version.packages.length;
    row++;
    if (sbomRows.length >= SBOMS_PER_BATCH) await flush();
  }
  await flush();
  if (row !== registers.versions.length) throw new Error(`${row} SBOMs for ${registers.versions.length} software versions`);
  return summary;
}

/** Each direct component (the first DIRECT) depends on the components whose position is congruent to its own. */
function graphOf(refs: string[]): Array<{ ref: string; dependsOn: string[] }> {
  const graph = refs.slice(0, DIRECT).map((ref) => ({ ref, dependsOn: [] as string[] }));
  for (let p = DIRECT; p < refs.length; p++) graph[p % DIRECT].dependsOn.push(refs[p]);
  return graph;
}

/** The generator writes purl bases itself (fast); they must be what the import computes. */
function checkPurlBases(counts: Counts): void {
  for (let i = 0; i < Math.min(counts.packages, 500); i++) {
    const pkg = packageAt(i);
    const key = componentKey({ purl: purlOf(pkg, 3), name: pkg.name, group: pkg.group, type: "library" } as SbomComponent);
    if (key !== pkg.purlBase) throw new Error(`generated purl base ${pkg.purlBase} differs from the import's ${key}`);
  }
}
