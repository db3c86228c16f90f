import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { backends } from "../support/db";
import { call, signInAs, startTestVigil, type TestVigil } from "../support/app";

describe.each(await backends())("uniform errors on %s", (backend) => {
  let vigil: TestVigil;
  beforeAll(async () => {
    vigil = await startTestVigil(backend);
  });
  afterAll(async () => vigil?.stop());

  test("malformed JSON → 400 malformed_json, never a stack trace", async () => {
    const admin = await signInAs(vigil, "admin");
    const res = await vigil.app.inject({
      method: "POST",
      url: "/api/devices",
      headers: { cookie: admin.cookie, "x-csrf-token": admin.csrf, "content-type": "application/json" },
      payload: '{"name": "x",',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("malformed_json");
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
  });

  test("field-level validation details name the path", async () => {
    const admin = await signInAs(vigil, "admin");
    const res = await call(vigil, admin, "PUT", "/api/organisation", {
      legalName: "", mainEstablishment: "XX", otherMemberStates: [], staffHeadcount: -1, annualTurnoverEur: null,
      balanceSheetTotalEur: null, productLines: [], activities: [], designations: [],
    });
    expect(res.statusCode).toBe(400);
    const paths = (res.json().error.details as Array<{ path: string }>).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["body/legalName", "body/mainEstablishment", "body/staffHeadcount"]));
    const after = await call(vigil, admin, "GET", "/api/organisation");
    expect(after.json().legalName).toBe("Demo Medical GmbH");
  });

  test("oversize body → 413", async () => {
    const admin = await signInAs(vigil, "admin");
    const res = await call(vigil, admin, "POST", "/api/devices", { name: "x".repeat(2 * 1024 * 1024), modelNumber: "big" });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe("payload_too_large");
  });

  test("unknown API route → 404 JSON", async () => {
    const res = await call(vigil, null, "GET", "/api/nope");
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe("not_found");
  });

  test("security headers are set", async () => {
    const res = await call(vigil, null, "GET", "/api/health");
    expect(res.headers["content-security-policy"]).toMatch(/frame-ancestors 'none'/);
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
  });

  test("OpenAPI document describes the routes with their schemas", async () => {
    const res = await call(vigil, null, "GET", "/api/openapi.json");
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths["/api/devices"].post.requestBody).toBeTruthy();
    expect(doc.paths["/api/auth/login"]).toBeTruthy();
  });
});
