import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { MAX_ATTACHMENT_BYTES } from "../../src/core/advisories/disclosure";
import { call, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";

const SCRIPT = `<script>alert("x")</script><img src=x onerror=alert(1)>`;

describe.each(await backends())("coordinated vulnerability disclosure on %s", (backend) => {
  let vigil: TestVigil;
  let psirt: Session;
  // Each test sends from its own address so that the per-address rate limit is tested only where meant.
  let address = 10;
  const from = () => `198.51.100.${address++}`;

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    vigil.clock.now = new Date("2026-11-20T09:00:00.000Z"); // a Friday
    psirt = await signInAs(vigil, "security_officer");
  }, 300_000);
  afterAll(async () => vigil?.stop());

  const anon = (method: string, url: string, payload?: unknown, headers: Record<string, string> = {}, ip = "198.51.100.1") =>
    vigil.app.inject({ method: method as "GET", url, payload: payload as object, headers, remoteAddress: ip });

  async function formToken(waitMs = 5000): Promise<string> {
    const token = (await anon("GET", "/api/public/disclosure/form")).json().formToken as string;
    vigil.clock.now = new Date(vigil.clock.now.getTime() + waitMs);
    return token;
  }

  const report = (token: string, extra: Record<string, unknown> = {}) => ({
    formToken: token,
    website: "",
    name: "Jane Researcher",
    email: "jane@lab.example",
    product: "InfuSafe 300",
    productVersion: "2.4.1",
    title: "Service account with fixed password",
    description: "Telnet on port 2323 accepts service/service.",
    ...extra,
  });

  test("a report is received with a tracking token; the acknowledgement is due in five working days; the reporter follows it", async () => {
    const res = await anon("POST", "/api/public/disclosure/reports", report(await formToken()), {}, from());
    expect(res.statusCode, res.body).toBe(201);
    const { reference, trackingToken, acknowledgeDueAt } = res.json();
    expect(reference).toMatch(/^VR-2026-\d{4}$/);
    expect(trackingToken).toMatch(/^vrt_/);
    // Friday 09:00:05 + 5 working days = the next Friday.
    expect(acknowledgeDueAt).toBe("2026-11-27T09:00:05.000Z");

    const tracked = await anon("GET", "/api/public/disclosure/track", undefined, { "x-tracking-token": trackingToken });
    expect(tracked.json()).toMatchObject({ reference, status: "received", messages: [] });
    expect(JSON.stringify(tracked.json())).not.toContain("jane@lab.example");
    expect((await anon("GET", "/api/public/disclosure/track", undefined, { "x-tracking-token": "vrt_wrong" })).statusCode).toBe(404);

    const id = (await call(vigil, psirt, "GET", "/api/disclosure/reports")).json().find((r: { reference: string }) => r.reference === reference).id;
    await call(vigil, psirt, "POST", `/api/disclosure/reports/${id}/messages`, { body: "Internal: reproduce on bench 3", internal: true });
    await call(vigil, psirt, "POST", `/api/disclosure/reports/${id}/messages`, { body: "Thank you, we are looking into it." });
    const moved = await call(vigil, psirt, "PATCH", `/api/disclosure/reports/${id}`, { status: "validated", cveId: "CVE-2026-11111", agreedDisclosureDate: "2027-02-01" });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ status: "validated", cveId: "CVE-2026-11111", agreedDisclosureDate: "2027-02-01" });
    expect(moved.json().acknowledgedAt).toBeTruthy();
    const back = await call(vigil, psirt, "PATCH", `/api/disclosure/reports/${id}`, { status: "acknowledged" });
    expect(back.statusCode).toBe(400);

    const reply = await anon("POST", "/api/public/disclosure/track/messages", { body: "Happy to help." }, { "x-tracking-token": trackingToken });
    expect(reply.statusCode).toBe(201);
    const seen = reply.json();
    expect(seen.status).toBe("validated");
    expect(seen.messages.map((m: { author: string; body: string }) => m.body)).toEqual(["Thank you, we are looking into it.", "Happy to help."]);
    expect(JSON.stringify(seen)).not.toContain("bench 3");
  });

  test("honeypot, a too-fast submission, a missing or reused form token are refused and store nothing", async () => {
    const before = (await call(vigil, psirt, "GET", "/api/disclosure/reports")).json().length;
    const honeypot = await anon("POST", "/api/public/disclosure/reports", report(await formToken(), { website: "http://spam.example" }), {}, from());
    expect(honeypot.statusCode).toBe(400);
    expect(honeypot.json().error.code).toBe("form_rejected");
    const fast = await anon("POST", "/api/public/disclosure/reports", report(await formToken(500)), {}, from());
    expect(fast.json().error.code).toBe("form_rejected");
    expect((await anon("POST", "/api/public/disclosure/reports", report("made-up"), {}, from())).json().error.code).toBe("form_rejected");
    const token = await formToken();
    expect((await anon("POST", "/api/public/disclosure/reports", report(token), {}, from())).statusCode).toBe(201);
    expect((await anon("POST", "/api/public/disclosure/reports", report(token), {}, from())).json().error.code).toBe("form_rejected");
    expect((await call(vigil, psirt, "GET", "/api/disclosure/reports")).json().length).toBe(before + 1);
  });

  test("more than five reports an hour from one address are refused", async () => {
    const ip = from();
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await anon("POST", "/api/public/disclosure/reports", report(await formToken()), {}, ip)).statusCode);
    expect(codes).toEqual([201, 201, 201, 201, 201, 429]);
  });

  test("script in text is stored as typed and served only as JSON text; file names are neutralised; huge files are refused", async () => {
    const attachments = [
      { fileName: "../../etc/passwd", contentBase64: Buffer.from("root:x:0:0").toString("base64") },
      { fileName: "C:\\Windows\\..\\evil<script>.html", contentBase64: Buffer.from("<script>alert(1)</script>").toString("base64") },
    ];
    const res = await anon("POST", "/api/public/disclosure/reports", report(await formToken(), { title: SCRIPT, description: `${SCRIPT}\u0000tail`, attachments }), {}, from());
    expect(res.statusCode, res.body).toBe(201);
    const id = (await call(vigil, psirt, "GET", "/api/disclosure/reports")).json().find((r: { reference: string }) => r.reference === res.json().reference).id;
    const detail = await call(vigil, psirt, "GET", `/api/disclosure/reports/${id}`);
    expect(detail.headers["content-type"]).toMatch(/^application\/json/);
    expect(detail.json().title).toBe(SCRIPT);
    expect(detail.json().description).toBe(`${SCRIPT}tail`);
    const names = detail.json().attachments.map((a: { fileName: string }) => a.fileName);
    expect(names).toEqual(["passwd", "evil_script_.html"]);
    const file = await call(vigil, psirt, "GET", `/api/disclosure/reports/${id}/attachments/${detail.json().attachments[1].id}`);
    expect(file.headers["content-type"]).toBe("application/octet-stream");
    expect(file.headers["content-disposition"]).toMatch(/^attachment;/);
    expect(file.headers["x-content-type-options"]).toBe("nosniff");

    const huge = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 0x41).toString("base64");
    const tooBig = await anon("POST", "/api/public/disclosure/reports", report(await formToken(), { attachments: [{ fileName: "dump.bin", contentBase64: huge }] }), {}, from());
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json().error.details[0].path).toBe("body/attachments/0/contentBase64");
    const bodyTooLarge = await anon(
      "POST",
      "/api/public/disclosure/reports",
      report(await formToken(), { attachments: [0, 1, 2].map((i) => ({ fileName: `f${i}`, contentBase64: huge })) }),
      {},
      from(),
    );
    expect([400, 413]).toContain(bodyTooLarge.statusCode);
    const unnamed = await anon("POST", "/api/public/disclosure/reports", report(await formToken(), { attachments: [{ fileName: "../..", contentBase64: "QQ==" }] }), {}, from());
    expect(unnamed.json().error.details[0].path).toBe("body/attachments/0/fileName");
  });

  test("the public API reveals nothing internal; the policy follows the settings", async () => {
    expect((await anon("GET", "/api/disclosure/reports")).statusCode).toBe(401);
    const policy = (await anon("GET", "/api/public/disclosure/policy")).json();
    expect(policy.sections.map((s: { title: string }) => s.title)).toEqual(["Scope", "Out of scope", "Safe harbour", "What to expect", "Contact"]);
    const current = (await call(vigil, psirt, "GET", "/api/disclosure/policy")).json();
    const saved = await call(vigil, psirt, "PUT", "/api/disclosure/policy", { ...current, acknowledgeWithinDays: 3, safeHarbour: "We will not sue good-faith researchers." });
    expect(saved.statusCode, saved.body).toBe(200);
    const after = (await anon("GET", "/api/public/disclosure/policy")).json();
    expect(after.sections.find((s: { title: string }) => s.title === "Safe harbour").text).toBe("We will not sue good-faith researchers.");
    expect(after.sections.find((s: { title: string }) => s.title === "What to expect").text).toContain("within 3 working days");
    const txt = (await anon("GET", "/.well-known/security.txt")).body;
    expect(txt).toContain(`Contact: mailto:${current.contactEmail}`);
    const contributor = await signInAs(vigil, "contributor");
    expect((await call(vigil, contributor, "PUT", "/api/disclosure/policy", current)).statusCode).toBe(403);
  });
});
