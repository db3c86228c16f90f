import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import type { AdmissionLimits } from "../../src/server/platform/http/admission";
import { call, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";

const BURST = 40;
const supplier = (i: number) => ({
  name: `Burst supplier ${i}`,
  supplies: "firmware",
  suppliesDeviceComponents: false,
  systemAccess: "none",
  dataAccess: "none",
  deviceImpact: "none",
  patientSafetyImpact: false,
  substitutability: "easy",
  contacts: [],
});

describe.each(await backends())("a burst of writes on %s", (backend) => {
  let vigil: TestVigil;
  let manager: Session;

  beforeAll(async () => {
    vigil = await startTestVigil(backend, { config: { admission: { maxConcurrent: 1, queueLimit: 1, queueTimeoutMs: 60_000, queueTargetMs: 60_000 } } });
    manager = await signInAs(vigil, "compliance_manager");
  });
  afterAll(async () => vigil?.stop());

  test("past the limit the embedded database answers 503 with Retry-After; every accepted write is stored, no refused one", async () => {
    const answers = await Promise.all(
      Array.from({ length: BURST }, (_, i) => call(vigil, manager, "POST", "/api/suppliers", supplier(i)).then((res) => ({ i, res }))),
    );
    const health = await call(vigil, null, "GET", "/api/health");
    expect(health.statusCode).toBe(200);

    const statuses = answers.map((a) => a.res.statusCode);
    expect(statuses.filter((s) => s !== 201 && s !== 503), answers.map((a) => a.res.body).join("\n")).toEqual([]);
    const refused = answers.filter((a) => a.res.statusCode === 503);
    const accepted = answers.filter((a) => a.res.statusCode === 201).map((a) => a.i);
    if (backend === "embedded") {
      expect(refused.length).toBeGreaterThan(0);
      expect(accepted.length).toBeGreaterThan(0);
      for (const { res } of refused) {
        expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
        expect(res.json()).toMatchObject({ error: { code: "overloaded", message: expect.stringContaining("retry") } });
      }
    } else {
      expect(refused).toEqual([]); // several PostgreSQL connections: the gate is for the embedded database only
    }

    const stored = ((await call(vigil, manager, "GET", "/api/suppliers")).json() as Array<{ name: string }>)
      .map((s) => s.name)
      .filter((name) => name.startsWith("Burst supplier "));
    expect(stored.sort()).toEqual(accepted.map((i) => supplier(i).name).sort());
  });

  test("once the burst is over every request is admitted again", async () => {
    const res = await call(vigil, manager, "POST", "/api/suppliers", supplier(BURST));
    expect(res.statusCode, res.body).toBe(201);
  });
});

/**
 * Requests that take as long as the test decides: the embedded database runs one query at a time, so a transaction
 * the test holds open keeps every request that reaches the database (authentication does) waiting until it ends.
 */
function holdDatabase(vigil: TestVigil) {
  let end = () => {};
  const ended = new Promise<void>((resolve) => {
    end = resolve;
  });
  let begun = () => {};
  const holding = new Promise<void>((resolve) => {
    begun = resolve;
  });
  const done = vigil.database.db.transaction(async () => {
    begun();
    await ended;
  });
  const release = () => {
    end();
    return done;
  };
  return { holding, release };
}

/** Waits until the gate counts `running` requests in their slots. */
async function untilRunning(vigil: TestVigil, running: number): Promise<void> {
  while (vigil.app.admission?.load.running !== running) await new Promise((resolve) => setImmediate(resolve));
}

describe("admission by expected wait on the embedded database", () => {
  let vigil: TestVigil | undefined;
  const start = async (admission: AdmissionLimits) => {
    vigil = await startTestVigil("embedded", { config: { admission } });
    return { vigil, manager: await signInAs(vigil, "compliance_manager") };
  };
  afterEach(async () => {
    await vigil?.stop();
    vigil = undefined;
  });

  test("a request expected to wait past the target is refused at once with that wait as Retry-After; queued writes all complete", async () => {
    const targetMs = 500;
    const { vigil, manager } = await start({ maxConcurrent: 2, queueLimit: 20, queueTimeoutMs: 600_000, queueTargetMs: targetMs });
    const gate = vigil.app.admission!;
    // The service time is learnt from a request that the held database keeps in its slot for at least a second.
    const slow = holdDatabase(vigil);
    await slow.holding;
    const learning = call(vigil, manager, "GET", "/api/suppliers");
    await untilRunning(vigil, 1);
    await sleep(1000);
    await slow.release();
    expect((await learning).statusCode).toBe(200);
    await untilRunning(vigil, 0);
    const meanMs = gate.load.meanServiceMs!;
    expect(meanMs).toBeGreaterThanOrEqual(200); // the moving average gives that second a fifth of its weight

    const held = holdDatabase(vigil);
    await held.holding;
    const running = [0, 1].map((i) => call(vigil, manager, "POST", "/api/suppliers", supplier(100 + i)));
    await untilRunning(vigil, 2);
    const answered: number[] = [];
    const burst = Array.from({ length: 8 }, (_, i) =>
      call(vigil, manager, "POST", "/api/suppliers", supplier(200 + i)).then((res) => {
        answered.push(i);
        return res;
      }),
    );
    // The k-th waiter expects k + 1 turns of the mean over two slots; those past the target are answered while the database is still held.
    const queueable = Math.floor((targetMs * 2) / meanMs);
    expect(queueable).toBeLessThan(burst.length);
    while (answered.length + gate.load.waiting < burst.length) await new Promise((resolve) => setImmediate(resolve));
    expect(answered.length).toBe(burst.length - queueable);
    expect(gate.load).toMatchObject({ running: 2, waiting: queueable });
    await held.release();

    const results = await Promise.all(burst);
    expect(results.map((r) => r.statusCode)).toEqual([...Array(queueable).fill(201), ...Array(burst.length - queueable).fill(503)]);
    const expectedWaitSeconds = Math.max(1, Math.ceil(((queueable + 1) * meanMs) / 2 / 1000));
    for (const res of results.slice(queueable)) {
      expect(Number(res.headers["retry-after"])).toBe(expectedWaitSeconds);
      expect(res.json()).toMatchObject({ error: { code: "overloaded" } });
    }
    expect((await Promise.all(running)).map((r) => r.statusCode)).toEqual([201, 201]);
    const stored = ((await call(vigil, manager, "GET", "/api/suppliers")).json() as Array<{ name: string }>).map((s) => s.name);
    const accepted = [100, 101, ...Array.from({ length: queueable }, (_, i) => 200 + i)].map((i) => supplier(i).name);
    expect(stored.filter((name) => name.startsWith("Burst supplier ")).sort()).toEqual(accepted.sort());
  });

  test("a queued request is answered 503 once it has waited the timeout, while the one ahead still runs to its end", async () => {
    const { vigil, manager } = await start({ maxConcurrent: 1, queueLimit: 5, queueTimeoutMs: 200, queueTargetMs: 600_000 });
    const held = holdDatabase(vigil);
    await held.holding;
    const ahead = call(vigil, manager, "POST", "/api/suppliers", supplier(300));
    await untilRunning(vigil, 1);
    const queued = await call(vigil, manager, "POST", "/api/suppliers", supplier(301));
    expect(queued.statusCode).toBe(503);
    expect(Number(queued.headers["retry-after"])).toBeGreaterThan(0);
    expect(vigil.app.admission!.load).toMatchObject({ running: 1, waiting: 0 });
    await held.release();
    expect((await ahead).statusCode).toBe(201);
    const stored = ((await call(vigil, manager, "GET", "/api/suppliers")).json() as Array<{ name: string }>).map((s) => s.name);
    expect(stored).toContain(supplier(300).name);
    expect(stored).not.toContain(supplier(301).name);
  });
});
