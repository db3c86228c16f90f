import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";
import { npmLib, smallCycloneDx } from "./sbom-fixtures";

type Model = { id: string; modelNumber: string; versions: Array<{ id: string; version: string; supportStatus: string }> };

describe.each(await backends())("facts nobody stated are not recorded, on %s", (backend) => {
  let vigil: TestVigil;
  let officer: Session;
  let pump: Model;

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    officer = await signInAs(vigil, "security_officer");
    const models = (await call(vigil, officer, "GET", "/api/devices")).json() as Model[];
    pump = models.find((m) => m.modelNumber === "IS-300")!;
  });
  afterAll(async () => vigil?.stop());

  // Regression: a new software version was recorded as "supported" although nobody had said so.
  test("a version added without its support status is 'unknown', never 'supported'", async () => {
    const created = await call(vigil, officer, "POST", `/api/devices/${pump.id}/versions`, { version: "3.9.0" });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().supportStatus).toBe("unknown");

    const stated = await call(vigil, officer, "PATCH", `/api/versions/${created.json().id}`, { supportStatus: "supported" });
    expect(stated.statusCode, stated.body).toBe(200);
    expect(stated.json().supportStatus).toBe("supported");

    const wrong = await call(vigil, officer, "POST", `/api/devices/${pump.id}/versions`, { version: "3.9.1", supportStatus: "maybe" });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toMatch(/supportStatus/);
  });

  test("a version created by an SBOM upload has its support status unknown", async () => {
    const pushed = await vigil.app.inject({
      method: "POST",
      url: "/api/sboms?device=IS-300&version=3.9.5&createVersion=true&fileName=pump.cdx.json",
      payload: Buffer.from(smallCycloneDx([npmLib("left-pad", "1.3.0")])),
      headers: { cookie: officer.cookie, "x-csrf-token": officer.csrf, "content-type": "application/octet-stream" },
    });
    expect(pushed.statusCode, pushed.body).toBe(201);
    const models = (await call(vigil, officer, "GET", "/api/devices")).json() as Model[];
    const created = models.find((m) => m.id === pump.id)!.versions.find((v) => v.version === "3.9.5");
    expect(created?.supportStatus).toBe("unknown");
  });
});
