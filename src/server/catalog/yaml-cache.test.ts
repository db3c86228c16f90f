import { randomUUID } from "node:crypto";
import { describe, expect, test } from "vitest";
import { parse } from "yaml";
import { cachedByKey, parseYamlCached } from "./yaml-cache";

describe("parsed catalog files cached by their text", () => {
  test("the same text is parsed once and comes back equal; other text is parsed", () => {
    const text = `id: ${randomUUID()}\nitems: [{ a: 1, b: .inf, c: [x, y] }]\n`;
    let parses = 0;
    const parseCounted = (t: string) => () => {
      parses++;
      return parse(t);
    };
    const first = parseYamlCached(text, parseCounted(text));
    const second = parseYamlCached(text, parseCounted(text));
    expect(parses).toBe(1);
    expect(second).toEqual(first);
    expect(second).toEqual(parse(text));
    parseYamlCached(`${text}more: true\n`, parseCounted(`${text}more: true\n`));
    expect(parses).toBe(2);
  });

  test("a file that does not parse is not cached: its error comes every time", () => {
    const text = `id: ${randomUUID()}\nid: twice\n`;
    const broken = () => parse(text, { uniqueKeys: true });
    expect(() => parseYamlCached(text, broken)).toThrow(/unique/i);
    expect(() => parseYamlCached(text, broken)).toThrow(/unique/i);
  });

  test("a value the caller does not keep is computed every time; Maps and shared objects survive the cache", () => {
    const key = ["test", randomUUID()];
    let computed = 0;
    const shared = { id: "a" };
    const compute = () => {
      computed++;
      return { byId: new Map([["a", shared]]), list: [shared] };
    };
    cachedByKey(key, compute, () => false);
    cachedByKey(key, compute, () => false);
    expect(computed).toBe(2);
    cachedByKey(key, compute);
    const cached = cachedByKey(key, compute);
    expect(computed).toBe(3);
    expect(cached.byId.get("a")).toBe(cached.list[0]);
  });
});
