import type pg from "pg";

const serialised = Symbol("vigil.serialisedQueries");

/**
 * A transaction runs on one client checked out of the pool. Code inside it may start several queries at once
 * (`Promise.all` over a transaction handle); node-postgres still queues them itself but deprecates relying on it
 * (removed in pg 9). Clients checked out with `pool.connect()` (what drizzle does for a transaction) therefore run their
 * promise-style queries one after another here. Callback-style queries (the pool's own `pool.query`) are untouched.
 *
 * Such a client also gets an error listener: when the server ends its connection (a restart, an administrator's
 * pg_terminate_backend) node-postgres emits "error" on it, and on a checked-out client nobody else listens, so the
 * process would exit. The failure still reaches the caller through its query, and the broken client is discarded
 * when it is released.
 */
export function serialiseTransactionClients(pool: pg.Pool): void {
  const connect = pool.connect.bind(pool) as (cb?: unknown) => Promise<pg.PoolClient> | undefined;
  (pool as { connect: unknown }).connect = (cb?: unknown) => {
    if (typeof cb === "function") return connect(cb);
    return (connect() as Promise<pg.PoolClient>).then(serialise);
  };
}

function serialise(client: pg.PoolClient): pg.PoolClient {
  const marked = client as pg.PoolClient & { [serialised]?: true };
  if (marked[serialised]) return client;
  marked[serialised] = true;
  client.on("error", () => {});
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  let tail: Promise<unknown> = Promise.resolve();
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const first = args[0] as { submit?: unknown } | undefined;
    if (typeof args[args.length - 1] === "function" || typeof first?.submit === "function") return query(...args);
    const run = tail.then(() => query(...args));
    tail = run.catch(() => {});
    return run;
  };
  return client;
}
