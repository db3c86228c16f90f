import { readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";

/** The PostgreSQL server the tests use (CI runs one at 127.0.0.1:5432, trust auth, database `test`). */
export const adminUrl = process.env.VIGIL_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

/** The name prefix of one test run's seeded PostgreSQL templates. */
export function seededTemplatePrefix(runId: string): string {
  return `vigil_tpl_s${runId}_`;
}

/** Removes the seeded templates of one test run (PostgreSQL databases and embedded dumps). */
export async function dropSeededTemplates(runId: string): Promise<void> {
  for (const f of readdirSync(os.tmpdir())) {
    if (f.startsWith("vigil-pglite-seeded-") && f.includes(`-${runId}.`)) rmSync(path.join(os.tmpdir(), f), { force: true });
  }
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch {
    return; // no PostgreSQL: nothing was made there
  }
  try {
    const prefix = seededTemplatePrefix(runId);
    const { rows } = await client.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`${prefix}%`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
