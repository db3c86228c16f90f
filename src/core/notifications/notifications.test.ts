import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { digestEmail, emailForNotification, signPayload, verifySignature, webhookEvent } from "./index";

const at = new Date("2026-11-23T10:00:00Z");
const n = { id: "n1", title: "Early warning due in 12 h", body: "INC-2026-001 at 50 %", link: "/incidents/abc", createdAt: at };

describe("webhook signatures", () => {
  test("a signature verifies with the same secret and body, and fails on any change", () => {
    const header = signPayload("s3cret", '{"a":1}', at);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature("s3cret", '{"a":1}', header, at)).toEqual({ ok: true });
    expect(verifySignature("other", '{"a":1}', header, at)).toEqual({ ok: false, reason: "signature does not match" });
    expect(verifySignature("s3cret", '{"a":2}', header, at).ok).toBe(false);
    expect(verifySignature("s3cret", '{"a":1}', "v1=zz", at)).toEqual({ ok: false, reason: "malformed signature header" });
  });

  test("an old signature is refused as a replay", () => {
    const header = signPayload("k", "x", at);
    const later = new Date(at.getTime() + 301_000);
    expect(verifySignature("k", "x", header, later)).toEqual({ ok: false, reason: "signature timestamp outside the tolerance" });
  });

  test("property: every body and secret round-trips; a flipped body byte never verifies", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), fc.nat(), (secret, body, i) => {
        const header = signPayload(secret, body, at);
        expect(verifySignature(secret, body, header, at).ok).toBe(true);
        const changed = body.length ? body.slice(0, i % body.length) + String.fromCharCode(body.charCodeAt(i % body.length) ^ 1) + body.slice((i % body.length) + 1) : "x";
        expect(verifySignature(secret, changed, header, at).ok).toBe(false);
      }),
    );
  });
});

describe("messages", () => {
  test("an e-mail carries title, body and an absolute link to the record", () => {
    const m = emailForNotification(n, "https://vigil.example.com");
    expect(m.subject).toBe("[Vigil] Early warning due in 12 h");
    expect(m.text).toContain("INC-2026-001 at 50 %");
    expect(m.text).toContain("https://vigil.example.com/incidents/abc");
  });

  test("a digest lists every item oldest first", () => {
    const older = { ...n, id: "n0", title: "Policy review overdue", createdAt: new Date(at.getTime() - 3_600_000) };
    const d = digestEmail([n, older], "2026-11-23");
    expect(d.subject).toBe("[Vigil] Daily digest 2026-11-23: 2 notifications");
    expect(d.text.indexOf("Policy review overdue")).toBeLessThan(d.text.indexOf("Early warning"));
  });

  test("the webhook event names the recipient and keeps the link", () => {
    const e = webhookEvent(n, { email: "a@b.example", role: "incident_manager" }, "https://v.example");
    expect(e).toMatchObject({ type: "notification.created", id: "n1", link: "https://v.example/incidents/abc", recipient: { role: "incident_manager" } });
  });
});
