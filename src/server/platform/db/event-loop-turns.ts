import { setImmediate as nextTurn } from "node:timers/promises";
import type { PGlite } from "@electric-sql/pglite";

/**
 * PGlite runs each query synchronously on the server's own thread and hands back an already settled promise, so one
 * request's queries, and those of the requests admitted with it, follow each other in microtasks without the event
 * loop ever turning. Under a burst that starves everything else: no connection is read, no timer fires and no refusal
 * is sent until the batch is done. With 50 clients the event loop stood still for 2–4.5 s at a time while each request
 * spent only 30–140 ms inside the server; the clients' seconds went by before their requests were even read, where
 * the admission queue could neither see nor time them out.
 *
 * Each query and transaction here first waits for the next turn of the event loop (a few microseconds when idle), so
 * new requests are read and queued or refused, waiters time out and answers go out between the queries.
 */
export function takeTurnsBetweenQueries(client: PGlite): void {
  const query = client.query.bind(client);
  const exec = client.exec.bind(client);
  const transaction = client.transaction.bind(client);
  client.query = (async (...args: Parameters<PGlite["query"]>) => {
    await nextTurn();
    return query(...args);
  }) as PGlite["query"];
  client.exec = async (...args: Parameters<PGlite["exec"]>) => {
    await nextTurn();
    return exec(...args);
  };
  client.transaction = (async (...args: Parameters<PGlite["transaction"]>) => {
    await nextTurn();
    return transaction(...args);
  }) as PGlite["transaction"];
}
