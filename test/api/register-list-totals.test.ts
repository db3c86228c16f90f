import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { deviceModels } from "../../src/server/devices/schema";
import { incidents } from "../../src/server/incidents/schema";
import { risks } from "../../src/server/risks/schema";
import { MATRIX_KEY } from "../../src/server/risks/store";
import { settings } from "../../src/server/settings/schema";
import { call, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";
import { expectKeptTotal } from "../support/kept-total";

const risk = {
  title: "Unsigned firmware accepted",
  asset: "MES and line PCs",
  assetType: "manufacturing_line",
  phase: "manufacturing",
  cia: { confidentiality: false, integrity: true, availability: true },
  inherentLikelihood: 3,
  inherentImpact: 4,
};

const declaration = {
  title: "Credential stuffing on the service portal",
  description: "Repeated sign-in attempts with leaked passwords.",
  detectedAt: "2026-11-20T06:40:00Z",
  awareAt: "2026-11-20T09:15:00Z",
  affectedSystems: ["Service portal"],
  impact: {
    availability: { severity: "low", description: "" },
    integrity: { severity: "low", description: "" },
    confidentiality: { severity: "medium", description: "accounts at risk" },
    patientSafety: { severity: "low", description: "" },
  },
  facts: { usersAffected: 3, memberStatesAffected: ["DE"], suspectedMalicious: true },
};

describe.each(await backends())("the totals of the risk, incident and device pages on %s", (backend) => {
  let vigil: TestVigil;
  let admin: Session;

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    vigil.clock.now = new Date("2026-11-23T10:00:00Z");
    admin = await signInAs(vigil, "admin");
  });
  afterAll(async () => vigil?.stop());

  const created = async (url: string, body: object): Promise<string> => {
    const res = await call(vigil, admin, "POST", url, body);
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { id: string }).id;
  };
  /** Creates `n` records through the API and returns a remover of one of them straight from the database. */
  const seeded = async (n: number, create: (i: number) => Promise<string>, remove: (id: string) => Promise<unknown>) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push(await create(i));
    return () => remove(ids.pop() as string);
  };
  const db = () => vigil.database.db;

  test("the risk register's page", async () => {
    const createRisk = (i: number) => created("/api/risks", { ...risk, title: `${risk.title} ${i}` });
    const removeOne = await seeded(4, createRisk, (id) => db().delete(risks).where(eq(risks.id, id)));
    let i = 100;
    // The whole register and a filtered one, each with its own kept total.
    for (const phase of [undefined, "manufacturing"] as const) {
      await expectKeptTotal(vigil, admin, {
        url: `/api/risks?limit=2${phase ? `&phase=${phase}` : ""}`,
        counted: async () => (await db().select({ id: risks.id }).from(risks).where(phase ? eq(risks.phase, phase) : undefined)).length,
        changeOutside: removeOne,
        writeThroughApi: () => createRisk(i++),
      });
    }
  });

  test("the incident list's page", async () => {
    const declare = (i: number) => created("/api/incidents", { ...declaration, title: `${declaration.title} ${i}` });
    const removeOne = await seeded(4, declare, (id) => db().delete(incidents).where(eq(incidents.id, id)));
    await expectKeptTotal(vigil, admin, {
      url: "/api/incidents?limit=2",
      counted: async () => (await db().select({ id: incidents.id }).from(incidents)).length,
      changeOutside: removeOne,
      writeThroughApi: () => declare(100),
    });
  });

  test("the device models' page", async () => {
    const createModel = (i: number) => created("/api/devices", { name: `Totals pump ${i}`, modelNumber: `TP-${i}`, kind: "medical_device", connectivity: [] });
    const removeOne = await seeded(4, createModel, (id) => db().delete(deviceModels).where(eq(deviceModels.id, id)));
    await expectKeptTotal(vigil, admin, {
      url: "/api/devices?limit=2&sort=name",
      counted: async () => (await db().select({ id: deviceModels.id }).from(deviceModels)).length,
      changeOutside: removeOne,
      writeThroughApi: () => createModel(100),
    });
  });

  test("the register's matrix is kept like its totals: a change in the database shows after the cache time, one through the API at once", async () => {
    const matrixNow = async () => (await call(vigil, admin, "GET", "/api/risks/matrix")).json() as { impact: { label: string }[] };
    const matrix = await matrixNow();
    const relabelled = (label: string) => ({ ...matrix, impact: matrix.impact.map((level, i) => (i === 4 ? { ...level, label } : level)) });
    await db().insert(settings).values({ key: MATRIX_KEY, value: relabelled("Catastrophic") }).onConflictDoUpdate({ target: settings.key, set: { value: relabelled("Catastrophic") } });
    expect((await matrixNow()).impact[4].label).toBe(matrix.impact[4].label);
    vigil.clock.now = new Date(vigil.clock.now.getTime() + 5_000);
    expect((await matrixNow()).impact[4].label).toBe("Catastrophic");
    const put = await call(vigil, admin, "PUT", "/api/risks/matrix", relabelled("Disastrous"));
    expect(put.statusCode, put.body).toBe(200);
    expect((await matrixNow()).impact[4].label).toBe("Disastrous");
  });
});
