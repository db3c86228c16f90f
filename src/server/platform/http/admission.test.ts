import { afterEach, describe, expect, test, vi } from "vitest";
import { type Admission, AdmissionGate, type AdmissionLimits } from "./admission";

/** A gate on a clock the test moves; timers are faked so that only the test decides when a timeout fires. */
function gateAt(limits: Partial<AdmissionLimits>) {
  vi.useFakeTimers();
  const clock = { ms: 0 };
  const gate = new AdmissionGate({ maxConcurrent: 1, queueLimit: 10, queueTimeoutMs: 60_000, queueTargetMs: 60_000, ...limits }, () => clock.ms);
  return { gate, clock };
}

function released(admission: Admission): () => void {
  if (!admission.admitted) throw new Error(`refused, retry after ${admission.retryAfterSeconds} s`);
  return admission.release;
}

describe("admission gate", () => {
  afterEach(() => vi.useRealTimers());

  test("admits up to the limit, queues in order up to the queue limit, refuses the rest", async () => {
    const { gate } = gateAt({ maxConcurrent: 2, queueLimit: 1 });
    const first = released(await gate.enter());
    const second = released(await gate.enter());
    const queued = gate.enter();
    expect(await gate.enter()).toEqual({ admitted: false, retryAfterSeconds: 1 });
    expect(gate.load).toMatchObject({ running: 2, waiting: 1 });

    first();
    first(); // a second release of one slot frees nothing more
    const third = released(await queued);
    expect(gate.load).toMatchObject({ running: 2, waiting: 0 });
    second();
    third();
    expect(gate.load).toMatchObject({ running: 0, waiting: 0 });
  });

  test("a request that waits longer than the queue timeout is refused and leaves the queue", async () => {
    const { gate } = gateAt({ queueTimeoutMs: 1000 });
    const held = released(await gate.enter());
    const waiting = gate.enter();
    vi.advanceTimersByTime(1001);
    expect(await waiting).toMatchObject({ admitted: false });
    expect(gate.load).toMatchObject({ running: 1, waiting: 0 });
    held();
    expect(gate.load).toMatchObject({ running: 0, waiting: 0 });
  });

  test("past the target wait a request is refused at once, with the expected wait as Retry-After", async () => {
    const { gate, clock } = gateAt({ maxConcurrent: 2, queueTargetMs: 3000 });
    const a = released(await gate.enter());
    const b = released(await gate.enter());
    expect(gate.expectedWaitMs()).toBe(0); // no service time known yet: only the queue limit applies
    clock.ms = 4000;
    a();
    b();
    expect(gate.load.meanServiceMs).toBe(4000);

    released(await gate.enter());
    released(await gate.enter());
    expect(gate.expectedWaitMs()).toBe(2000); // one turn of two slots at 4 s each
    const queued = gate.enter();
    expect(gate.load.waiting).toBe(1);
    expect(gate.expectedWaitMs()).toBe(4000);
    expect(await gate.enter()).toEqual({ admitted: false, retryAfterSeconds: 4 });
    expect(gate.load.waiting).toBe(1);
    void queued;
  });

  test("a queued request counts by its own route's service time; a route not yet seen by the mean over all", async () => {
    const { gate, clock } = gateAt({ queueTargetMs: 20_000 });
    for (const [route, ms] of [["GET /api/dashboard", 5000], ["GET /api/audit", 100]] as const) {
      const admitted = released(await gate.enter(route));
      clock.ms += ms;
      admitted();
    }
    expect(gate.load.meanServiceMs).toBe(4020); // 5000 + 0.2 × (100 − 5000)
    released(await gate.enter("GET /api/audit"));
    expect(gate.expectedWaitMs()).toBe(4020);
    void gate.enter("GET /api/audit");
    expect(gate.expectedWaitMs()).toBe(4120);
    void gate.enter("GET /api/dashboard");
    expect(gate.expectedWaitMs()).toBe(9120);
    void gate.enter("GET /api/risks");
    expect(gate.expectedWaitMs()).toBe(13_140);
  });

  test("the mean service time follows recent requests and ignores slots whose client left unserved", async () => {
    const { gate, clock } = gateAt({});
    for (const ms of [1000, 1000, 6000]) {
      const admitted = released(await gate.enter());
      clock.ms += ms;
      admitted();
    }
    expect(gate.load.meanServiceMs).toBe(2000); // 1000 + 0.2 × (6000 − 1000)
    const left = await gate.enter();
    clock.ms += 50_000;
    if (left.admitted) left.release(false);
    expect(gate.load.meanServiceMs).toBe(2000);
  });

  test("a waiter whose timeout passed while its timer could not fire is refused at hand-over; the next one is admitted", async () => {
    const { gate, clock } = gateAt({ queueTimeoutMs: 1000 });
    const held = released(await gate.enter());
    const late = gate.enter();
    clock.ms = 500;
    const onTime = gate.enter();
    clock.ms = 1200; // the event loop was busy: neither timer has fired
    held();
    expect(await late).toMatchObject({ admitted: false });
    released(await onTime)();
    expect(gate.load).toMatchObject({ running: 0, waiting: 0 });
  });
});
