import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { DEMO_PASSWORD } from "../../src/server/demo/seed";
import { call, signInAs, startTestVigil, type TestVigil } from "../support/app";

describe("logs", () => {
  let vigil: TestVigil;
  const lines: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    vigil = await startTestVigil("embedded", { logStream: sink });
  });
  afterAll(async () => vigil?.stop());

  test("are JSON lines and never contain passwords, session cookies, CSRF tokens or API tokens", async () => {
    const admin = await signInAs(vigil, "admin");
    const created = await call(vigil, admin, "POST", "/api/tokens", { name: "log check", scopes: ["read"] });
    const token = created.json().token as string;
    await call(vigil, null, "GET", "/api/devices", undefined, { authorization: `Bearer ${token}` });
    await call(vigil, admin, "POST", "/api/auth/password", { currentPassword: "definitely-wrong", newPassword: "another-long-secret" });
    await call(vigil, null, "GET", "/api/nope?password=leaked-in-url");
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    const all = lines.join("");
    const sessionValue = admin.cookie.split("=")[1];
    for (const secret of [DEMO_PASSWORD, "another-long-secret", sessionValue, admin.csrf, token]) {
      expect(all).not.toContain(secret);
    }
  });

  test("questionnaire tokens in the URL path are not written to the request log", async () => {
    const secret = "qst-7f3a9c1e5b2d4f6a8c0e1b3d5f7a9c1e";
    const from = lines.length;
    await call(vigil, null, "GET", `/api/public/questionnaires/${secret}`);
    await call(vigil, null, "GET", `/api/public/questionnaires/${secret}/attachments/abc`);
    await call(vigil, null, "GET", `/q/${secret}?token=${secret}`);
    const logged = lines.slice(from).join("");
    expect(logged).toContain("/api/public/questionnaires/[redacted]");
    expect(logged).not.toContain(secret);
  });
});
