import { describe, expect, test } from "vitest";
import { errorSummary, isDatabaseUnavailable, loggableError } from "../../src/server/platform/db/errors";

/** Shaped like drizzle's DrizzleQueryError: SQL and parameter values in the message, the driver's error as cause. */
function queryError(cause: Error): Error {
  const err = new Error('Failed query: select * from "sessions" where "id" = $1\nparams: 5e8ff9bf55ba3508199d22e984129be6', { cause });
  err.name = "DrizzleQueryError";
  return err;
}
const pgError = (message: string, code: string) => Object.assign(new Error(message), { code });

describe("database errors", () => {
  test("a server going away is recognised through the wrapping, by SQLSTATE, socket code or driver message", () => {
    expect(isDatabaseUnavailable(queryError(pgError("terminating connection due to administrator command", "57P01")))).toBe(true);
    expect(isDatabaseUnavailable(queryError(pgError("the database system is starting up", "57P03")))).toBe(true);
    expect(isDatabaseUnavailable(queryError(pgError("connection failure", "08006")))).toBe(true);
    expect(isDatabaseUnavailable(pgError("connect ECONNREFUSED 127.0.0.1:5432", "ECONNREFUSED"))).toBe(true);
    expect(isDatabaseUnavailable(queryError(new Error("Connection terminated unexpectedly")))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("x"), { name: "DatabaseUnavailableError" }))).toBe(true);
  });

  test("other failures are not mistaken for an outage", () => {
    expect(isDatabaseUnavailable(queryError(pgError('duplicate key value violates unique constraint "users_email"', "23505")))).toBe(false);
    expect(isDatabaseUnavailable(queryError(pgError("relation does not exist", "42P01")))).toBe(false);
    expect(isDatabaseUnavailable(new TypeError("x is undefined"))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });

  test("logs and stored job errors keep the query and the cause but not the parameter values", () => {
    const err = queryError(pgError("deadlock detected", "40P01"));
    const logged = JSON.stringify(loggableError(err));
    expect(logged).toContain('select * from \\"sessions\\"');
    expect(logged).toContain("deadlock detected");
    expect(logged).toContain("40P01");
    expect(logged).not.toContain("5e8ff9bf55ba3508199d22e984129be6");
    expect(errorSummary(err)).toBe('Failed query: select * from "sessions" where "id" = $1\nparams: [not logged] — caused by: deadlock detected');
    expect(errorSummary(new Error("plain"))).toBe("plain");
    expect(errorSummary("text")).toBe("text");
  });
});
