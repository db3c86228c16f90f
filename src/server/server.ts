import type { Logger } from "pino";
import type { Catalog } from "../core/catalog";
import type { Config } from "./platform/config";
import { type Database, openDatabase } from "./platform/db/client";
import { scheduleStatistics } from "./platform/db/statistics";
import { buildApp } from "./platform/http/app";
import type { VigilApp } from "./platform/http/types";
import { JobQueue } from "./platform/jobs/queue";
import { registerJobHandlers } from "./jobs";
import { scheduleDelivery } from "./notifications/jobs";
import { seedDemoWorkspace } from "./demo/seed";
import { loadCatalog } from "./catalog/load";

export type Vigil = { app: VigilApp; database: Database; jobs: JobQueue; close(): Promise<void> };

/** Assembles Vigil around an open database: migrations, optional demo data, HTTP app, job handlers. */
export async function assemble(
  database: Database,
  config: Config,
  logger: Logger,
  opts: { now?: () => Date; seedDemo?: boolean; catalog?: Promise<Catalog> } = {},
): Promise<Vigil & { seeded: boolean }> {
  const catalog = await (opts.catalog ?? loadCatalog());
  await database.migrate();
  const seeded = (opts.seedDemo ?? config.demo) ? await seedDemoWorkspace(database.db) : false;
  const jobs = new JobQueue(database.db, logger, { now: opts.now });
  registerJobHandlers(jobs, database, logger, config);
  const app = await buildApp({ database, config, jobs, catalog, now: opts.now ?? (() => new Date()) }, logger);
  await app.ready();
  return {
    app,
    database,
    jobs,
    seeded,
    async close() {
      await jobs.stop();
      await app.close();
    },
  };
}

export async function startServer(config: Config, logger: Logger): Promise<Vigil> {
  // The catalog's files are read while the embedded database starts; a failure surfaces in assemble.
  const catalog = loadCatalog();
  catalog.catch(() => {});
  const database = await openDatabase(config, (message) => logger.warn(message));
  let vigil: Vigil & { seeded: boolean };
  try {
    vigil = await assemble(database, config, logger, { catalog });
  } catch (err) {
    await database.close().catch(() => {});
    throw err;
  }
  await vigil.app.listen({ port: config.port, host: config.host });
  if (config.workers > 0) {
    await scheduleDelivery(database, vigil.jobs, new Date());
    await scheduleStatistics(database, vigil.jobs, new Date());
    vigil.jobs.start(config.workers);
    logger.info({ workers: config.workers }, "job workers started");
  }
  return {
    ...vigil,
    async close() {
      await vigil.close();
      await database.close();
    },
  };
}
