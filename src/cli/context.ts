import { CliError } from "./errors";
import { ConfigError, loadConfig, type Config } from "../server/platform/config";
import { type Database, DatabaseUnavailableError, openDatabase } from "../server/platform/db/client";

export function cliConfig(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message, 2);
    throw err;
  }
}

/** Opens the configured database (migrated), runs `work`, and always closes it. */
export async function withDatabase<T>(work: (database: Database, config: Config) => Promise<T>): Promise<T> {
  const config = cliConfig();
  let database: Database;
  try {
    database = await openDatabase(config);
    await database.migrate();
  } catch (err) {
    if (err instanceof DatabaseUnavailableError) throw new CliError(err.message, 2);
    throw err;
  }
  try {
    return await work(database, config);
  } finally {
    await database.close();
  }
}
