import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { verifySignature } from "../../src/core/notifications";
import { users } from "../../src/server/accounts/schema";
import { notifications } from "../../src/server/incidents/schema";
import { deliverNotifications } from "../../src/server/notifications/deliver";
import { outboundAllowList } from "../../src/server/platform/net/outbound";
import { createMailer } from "../../src/server/notifications/mailer";
import { notificationDeliveries } from "../../src/server/notifications/schema";
import { call, demoEmail, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";
import { decoded, startReceivers } from "../support/notification-receivers";

const webhookAllow = outboundAllowList(["127.0.0.1"]);

describe.each(await backends())("notification delivery by e-mail and webhook (%s)", (backend) => {
  let vigil: TestVigil;
  let admin: Session;
  let manager: Session;
  let rx: Awaited<ReturnType<typeof startReceivers>>;
  let managerId: string;

  beforeAll(async () => {
    // The receiver runs on loopback, which webhooks may reach only when an administrator allows it.
    vigil = await startTestVigil(backend, { config: { webhookAllow: ["127.0.0.1"] } });
    rx = await startReceivers();
    admin = await signInAs(vigil, "admin");
    manager = await signInAs(vigil, "incident_manager");
    [{ id: managerId }] = await vigil.database.db.select({ id: users.id }).from(users).where(eq(users.email, demoEmail("incident_manager")));
    // The demo's own notifications (e.g. its new KEV finding) would be delivered too: the tests count only theirs.
    await vigil.database.db.delete(notifications);
  });
  afterAll(async () => {
    await rx?.close();
    await vigil?.stop();
  });

  const notify = async (title: string, at: Date) => {
    const [n] = await vigil.database.db
      .insert(notifications)
      .values({ userId: managerId, title, body: `${title}: details`, link: "/incidents/x", dedupeKey: `${title}-${at.getTime()}`, createdAt: at })
      .returning();
    return n;
  };

  test("each notification is e-mailed once; a second run sends nothing again", async () => {
    const now = new Date();
    await notify("Early warning at 50 %", now);
    const mailer = createMailer(rx.smtpUrl, "Vigil <vigil@demo-medical.example>")!;
    try {
      const first = await deliverNotifications(vigil.database.db, { mailer, now, publicUrl: "https://vigil.demo-medical.example", webhookAllow });
      expect(first).toMatchObject({ emailed: 1, failed: 0 });
      const again = await deliverNotifications(vigil.database.db, { mailer, now, webhookAllow });
      expect(again.emailed).toBe(0);
    } finally {
      mailer.close();
    }
    expect(rx.mails).toHaveLength(1);
    expect(rx.mails[0].to).toBe(demoEmail("incident_manager"));
    const text = decoded(rx.mails[0].raw);
    expect(text).toContain("Subject: [Vigil] Early warning at 50 %");
    expect(text).toContain("https://vigil.demo-medical.example/incidents/x");
  });

  test("a daily digest gathers a user's notifications into one mail, at most once a day; 'off' sends none", async () => {
    const res = await call(vigil, manager, "PUT", "/api/notifications/preferences", { email: "daily" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ email: "daily", emailAvailable: false });
    const now = new Date(Date.now() + 60_000);
    await notify("Policy review overdue", now);
    await notify("Supplier certificate expires", now);
    const before = rx.mails.length;
    const mailer = createMailer(rx.smtpUrl, "vigil@localhost")!;
    try {
      expect(await deliverNotifications(vigil.database.db, { mailer, now, webhookAllow })).toMatchObject({ emailed: 0, digests: 1 });
      await notify("Training overdue", new Date(now.getTime() + 2 * 3_600_000));
      expect((await deliverNotifications(vigil.database.db, { mailer, now: new Date(now.getTime() + 3 * 3_600_000), webhookAllow })).digests).toBe(0);
      expect((await deliverNotifications(vigil.database.db, { mailer, now: new Date(now.getTime() + 25 * 3_600_000), webhookAllow })).digests).toBe(1);
      expect(rx.mails.length).toBe(before + 2);
      expect(decoded(rx.mails[before].raw)).toContain("2 notifications");

      await call(vigil, manager, "PUT", "/api/notifications/preferences", { email: "off" });
      await notify("Quiet", new Date(now.getTime() + 26 * 3_600_000));
      const quiet = await deliverNotifications(vigil.database.db, { mailer, now: new Date(now.getTime() + 26 * 3_600_000), webhookAllow });
      expect(quiet).toMatchObject({ emailed: 0, digests: 0 });
    } finally {
      mailer.close();
    }
  });

  test("the webhook receives each notification signed; failures are recorded and retried with backoff", async () => {
    const set = await call(vigil, admin, "PUT", "/api/settings/webhook", { url: rx.hookUrl });
    expect(set.statusCode).toBe(200);
    const secret = set.json().secret as string;
    expect(secret).toMatch(/^whsec_/);
    const shown = await call(vigil, admin, "GET", "/api/settings/webhook");
    expect(shown.json()).toMatchObject({ configured: true, url: rx.hookUrl, hasSecret: true });
    expect(shown.body).not.toContain(secret);

    const now = new Date(Date.now() + 60 * 3_600_000);
    const n = await notify("Remediation deadline reached", now);
    rx.state.hookStatus = 500;
    expect((await deliverNotifications(vigil.database.db, { mailer: null, now, webhookAllow })).failed).toBe(1);
    const [failed] = await vigil.database.db.select().from(notificationDeliveries).where(eq(notificationDeliveries.notificationId, n.id));
    expect(failed).toMatchObject({ channel: "webhook", status: "failed", attempts: 1, lastError: "answered HTTP 500" });
    // Not retried before its backoff has passed, then delivered.
    expect((await deliverNotifications(vigil.database.db, { mailer: null, now: new Date(now.getTime() + 1000), webhookAllow })).webhooks).toBe(0);
    rx.state.hookStatus = 204;
    expect((await deliverNotifications(vigil.database.db, { mailer: null, now: new Date(now.getTime() + 3 * 60_000), webhookAllow })).webhooks).toBe(1);

    const last = rx.hooks.at(-1)!;
    const event = JSON.parse(last.body);
    expect(event).toMatchObject({ type: "notification.created", title: "Remediation deadline reached", recipient: { role: "incident_manager" } });
    const header = String(last.headers["x-vigil-signature"]);
    expect(verifySignature(secret, last.body, header, new Date(now.getTime() + 3 * 60_000))).toEqual({ ok: true });
    expect(verifySignature("whsec_wrong-secret-123456", last.body, header, new Date(now.getTime() + 3 * 60_000)).ok).toBe(false);

    const deliveries = await call(vigil, admin, "GET", "/api/notifications/deliveries");
    expect(deliveries.json().items.some((d: { channel: string; status: string }) => d.channel === "webhook" && d.status === "sent")).toBe(true);
    expect((await call(vigil, manager, "GET", "/api/notifications/deliveries")).statusCode).toBe(403);
  });

  test("the test event is signed; a bad URL is refused; an unreachable receiver is reported, not thrown", async () => {
    const ok = await call(vigil, admin, "POST", "/api/settings/webhook/test");
    expect(ok.json()).toMatchObject({ ok: true });
    expect((await call(vigil, admin, "PUT", "/api/settings/webhook", { url: "ftp://x" })).statusCode).toBe(400);
    await call(vigil, admin, "PUT", "/api/settings/webhook", { url: "http://127.0.0.1:1/nothing" });
    const down = await call(vigil, admin, "POST", "/api/settings/webhook/test");
    expect(down.json()).toMatchObject({ ok: false, status: null });
    expect(down.json().error).toMatch(/unreachable/);
  });
});
