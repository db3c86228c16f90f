import type { ChildProcess } from "node:child_process";
import { afterAll, describe, expect, test } from "vitest";
import { DEMO_PASSWORD, demoUsers } from "../../src/server/demo/seed";
import { startVigilServer } from "../support/cli";
import { adminQuery, backends, urlFor } from "../support/db";

describe.runIf((await backends()).includes("postgres"))("several Vigil processes on one PostgreSQL", () => {
  const name = `vigil_mp_${process.pid}`;
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const c of children) c.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 500));
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  test("start together (one migrates), share sessions, and see each other's writes", async () => {
    await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await adminQuery(`CREATE DATABASE ${name}`);
    const env = { DATABASE_URL: urlFor(name) };
    const [a, b] = await Promise.all([startVigilServer(env), startVigilServer(env)]);
    children.push(a.child, b.child);

    const email = demoUsers[0].email;
    const login = await fetch(`${a.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password: DEMO_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith("vigil_session="))!.split(";")[0];
    const { csrfToken } = (await login.json()) as { csrfToken: string };

    const created = await fetch(`${b.url}/api/devices`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie, "x-csrf-token": csrfToken },
      body: JSON.stringify({ name: "Written through B", modelNumber: "MP-B", kind: "medical_device" }),
    });
    expect(created.status).toBe(201);
    const seenByA = (await (await fetch(`${a.url}/api/devices`, { headers: { cookie } })).json()) as Array<{ modelNumber: string }>;
    expect(seenByA.map((d) => d.modelNumber)).toContain("MP-B");
    const users = (await (await fetch(`${b.url}/api/users`, { headers: { cookie } })).json()) as unknown[];
    expect(users.length).toBe(demoUsers.length); // the demo workspace was seeded once, not twice
    const verify = (await (await fetch(`${a.url}/api/audit/verify`, { headers: { cookie } })).json()) as { intact: boolean };
    expect(verify.intact).toBe(true);
  }, 180_000);
});
