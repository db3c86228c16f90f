import { expect } from "vitest";
import { call, type Session, type TestVigil } from "./app";

type Page = { total: number };

/** What a list's kept total is checked against: the rows it counts, a change made outside the API, a write through it. */
export type KeptTotalCase = {
  url: string;
  counted: () => Promise<number>;
  /** A change of the counted rows made straight in the database, as a job, the CLI or another process would. */
  changeOutside: () => Promise<unknown>;
  /** Any successful write through this process's API. */
  writeThroughApi: () => Promise<unknown>;
};

/**
 * A list's total counts its rows, lags a change made outside this process's requests until the cache time has passed
 * on the application clock, and follows a write through the API at once. Returns the last page read.
 */
export async function expectKeptTotal(vigil: TestVigil, session: Session, c: KeptTotalCase): Promise<Page> {
  const get = async () => {
    const res = await call(vigil, session, "GET", c.url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as Page;
  };
  const first = await get();
  expect(first.total, c.url).toBe(await c.counted());
  await c.changeOutside();
  const changed = await c.counted();
  expect(changed, "the change outside the API changes the count").not.toBe(first.total);
  expect((await get()).total, c.url).toBe(first.total);
  vigil.clock.now = new Date(vigil.clock.now.getTime() + 5_000);
  expect((await get()).total, c.url).toBe(changed);

  await c.changeOutside();
  await c.writeThroughApi();
  const last = await get();
  expect(last.total, c.url).toBe(await c.counted());
  return last;
}
