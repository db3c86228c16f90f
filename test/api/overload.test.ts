import { afterAll, beforeAll, describe, expect, test } from "vitest";
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
    vigil = await startTestVigil(backend, { config: { admission: { maxConcurrent: 1, queueLimit: 1, queueTimeoutMs: 60_000 } } });
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
