import { expect, test } from "vitest";
import { inBatches } from "./index";

test("inBatches yields consecutive slices and rejects a useless size", () => {
  expect([...inBatches([1, 2, 3, 4, 5], 2)]).toEqual([[1, 2], [3, 4], [5]]);
  expect([...inBatches([], 10)]).toEqual([]);
  expect(() => [...inBatches([1], 0)]).toThrow(RangeError);
});
