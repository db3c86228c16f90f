import { describe, expect, test } from "vitest";
import { runKept } from "./kept-statements";

/** A query as drizzle builds one: awaitable, or prepared under a name and executed. */
function fakeQuery(log: string[], text: string) {
  log.push(`build ${text}`);
  return {
    prepare: (name: string) => ({
      execute: async () => {
        log.push(`execute ${name}`);
        return text;
      },
    }),
    // biome-ignore lint/suspicious/noThenProperty: the fake stands for drizzle's awaitable query builder
    then: <R>(resolve: (v: string) => R) => {
      log.push(`unnamed ${text}`);
      return Promise.resolve(resolve(text));
    },
  };
}

describe("kept statements", () => {
  test("a statement with the same bound values is built once per handle and run under its name; other values or handles build anew", async () => {
    const log: string[] = [];
    const db = {};
    expect(await runKept(db, "t_first", "day1", () => fakeQuery(log, "a"))).toBe("a");
    expect(await runKept(db, "t_first", "day1", () => fakeQuery(log, "a"))).toBe("a");
    expect(await runKept(db, "t_first", "day2", () => fakeQuery(log, "b"))).toBe("b");
    expect(await runKept({}, "t_first", "day1", () => fakeQuery(log, "c"))).toBe("c");
    expect(log).toEqual(["build a", "execute t_first", "execute t_first", "build b", "execute t_first", "build c", "execute t_first"]);
  });

  test("without bound values named the statement is built every time and only its name kept", async () => {
    const log: string[] = [];
    await runKept({}, "t_after", undefined, () => fakeQuery(log, "x"));
    await runKept({}, "t_after", undefined, () => fakeQuery(log, "y"));
    expect(log).toEqual(["build x", "execute t_after", "build y", "execute t_after"]);
  });

  test("past the names a process keeps, statements run unnamed", async () => {
    for (let i = 0; i < 64; i++) await runKept({}, `t_fill_${i}`, undefined, () => fakeQuery([], "f"));
    const log: string[] = [];
    expect(await runKept({}, "t_one_too_many", undefined, () => fakeQuery(log, "z"))).toBe("z");
    expect(log).toEqual(["build z", "unnamed z"]);
  });
});
