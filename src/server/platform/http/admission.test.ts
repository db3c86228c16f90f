import { afterEach, describe, expect, test, vi } from "vitest";
import { AdmissionGate } from "./admission";

describe("admission gate", () => {
  afterEach(() => vi.useRealTimers());

  test("admits up to the limit, queues in order up to the queue limit, refuses the rest", async () => {
    const gate = new AdmissionGate({ maxConcurrent: 2, queueLimit: 1, queueTimeoutMs: 60_000 });
    const first = await gate.enter();
    const second = await gate.enter();
    expect(first).toBeTypeOf("function");
    expect(second).toBeTypeOf("function");
    const queued = gate.enter();
    expect(await gate.enter()).toBeNull();
    expect(gate.load).toEqual({ running: 2, waiting: 1 });

    first?.();
    first?.(); // a second release of one slot frees nothing more
    const third = await queued;
    expect(third).toBeTypeOf("function");
    expect(gate.load).toEqual({ running: 2, waiting: 0 });
    second?.();
    third?.();
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });

  test("a request that waits longer than the queue timeout is refused and leaves the queue", async () => {
    vi.useFakeTimers();
    const gate = new AdmissionGate({ maxConcurrent: 1, queueLimit: 5, queueTimeoutMs: 1000 });
    const held = await gate.enter();
    const waiting = gate.enter();
    vi.advanceTimersByTime(1001);
    expect(await waiting).toBeNull();
    expect(gate.load).toEqual({ running: 1, waiting: 0 });
    held?.();
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });
});
