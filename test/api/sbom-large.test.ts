import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { sbomComponents, sbomDependencies } from "../../src/server/platform/db/schema";
import { SBOM_IMPORT_QUEUE, sbomImportHandler } from "../../src/server/sboms/jobs";
import { call, runDueJobs, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";
import { generatedCycloneDx } from "./sbom-fixtures";

const COMPONENTS = 10_000;
const content = generatedCycloneDx(COMPONENTS);

describe.each(await backends())("large SBOM import through a job on %s", (backend) => {
  let vigil: TestVigil;
  let officer: Session;
  const progress: Array<Record<string, unknown>> = [];
  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    officer = await signInAs(vigil, "security_officer");
    // The real handler, with its progress reports also collected here.
    const handler = sbomImportHandler(vigil.database);
    vigil.jobs.register(SBOM_IMPORT_QUEUE, (job) =>
      handler({ ...job, progress: async (value) => { progress.push(value); await job.progress(value); } }),
    );
  });
  afterAll(async () => vigil?.stop());

  test(`${COMPONENTS.toLocaleString("en")} components: 202 with a job, imported in one go with progress`, async () => {
    const started = performance.now();
    const res = await vigil.app.inject({
      method: "POST",
      url: "/api/sboms?device=VV-12&version=6.0.0&fileName=generated.cdx.json",
      payload: Buffer.from(content),
      headers: { cookie: officer.cookie, "x-csrf-token": officer.csrf, "content-type": "application/octet-stream" },
    });
    expect(res.statusCode, res.body).toBe(202);
    const { jobId, componentCount } = res.json();
    expect(componentCount).toBe(COMPONENTS);
    expect(await runDueJobs(vigil)).toBeGreaterThan(0);
    const seconds = (performance.now() - started) / 1000;
    console.log(`${backend}: ${COMPONENTS} components (${(content.length / 1e6).toFixed(1)} MB) uploaded, validated and imported in ${seconds.toFixed(1)} s`);

    const job = (await call(vigil, officer, "GET", `/api/jobs/${jobId}`)).json();
    expect(job.status).toBe("done");
    expect(job.result).toMatchObject({ ok: true, created: true, componentCount: COMPONENTS });
    const edges = job.result.dependencyCount as number;
    expect(edges).toBe(COMPONENTS); // root → 50, plus every ci → c(i+50)
    expect(job.progress).toEqual({ phase: "importing", done: COMPONENTS + edges, total: COMPONENTS + edges });
    const importing = progress.filter((p) => p.phase === "importing").map((p) => p.done as number);
    expect(importing.length).toBeGreaterThan(10);
    expect(importing).toEqual([...importing].sort((a, b) => a - b));

    const sbomId = job.result.sbomId as string;
    const db = vigil.database.db;
    expect(Number((await db.select({ n: count() }).from(sbomComponents).where(eq(sbomComponents.sbomId, sbomId)))[0].n)).toBe(COMPONENTS);
    expect(Number((await db.select({ n: count() }).from(sbomDependencies).where(eq(sbomDependencies.sbomId, sbomId)))[0].n)).toBe(edges);
    const direct = (await call(vigil, officer, "GET", `/api/sboms/${sbomId}?direct=true&limit=1`)).json();
    expect(direct.components.total).toBe(50);

    const status = (await call(vigil, officer, "GET", `/api/sbom-imports/${jobId}`)).json();
    expect(status).toMatchObject({ status: "done", result: { ok: true, sbomId } });
  });
});
