import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { users } from "../../src/server/accounts/schema";
import { auditLog } from "../../src/server/audit/schema";
import { customers } from "../../src/server/customers/schema";
import { securityStatementRequests } from "../../src/server/disclosure-statements/schema";
import { call, demoEmail, type Session, signInAs, signInAsOtherCustomer, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";

type Model = { modelNumber: string; versions: { id: string; version: string }[] };
type Missing = { versionId: string; deviceModel: string; version: string; request: { requestedAt: string; requestedBy: string } | null };
type Request = { id: string; versionId: string; customer: string; deviceModel: string; version: string; requestedBy: string; message: string | null; requestedAt: string; status: string; answeredAt: string | null };

describe.each(await backends())("security statement requests from the portal on %s", (backend) => {
  let vigil: TestVigil;
  let psirt: Session;
  let lukas: Session;
  let noord: Session;
  let models: Model[];
  const versionId = (modelNumber: string, version: string) => models.find((m) => m.modelNumber === modelNumber)!.versions.find((v) => v.version === version)!.id;
  const requestUrl = (id: string) => `/api/portal/versions/${id}/security-statement-request`;
  const missing = async (s: Session): Promise<Missing[]> => (await call(vigil, s, "GET", "/api/portal/security-statement-requests")).json();
  const stored = async () => vigil.database.db.select().from(securityStatementRequests);

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    vigil.clock.now = new Date("2026-12-01T10:00:00.000Z");
    psirt = await signInAs(vigil, "security_officer");
    lukas = await signInAs(vigil, "customer");
    noord = await signInAsOtherCustomer(vigil);
    models = (await call(vigil, psirt, "GET", "/api/devices")).json();
  }, 300_000);
  afterAll(async () => vigil?.stop());

  test("the portal lists installed versions without a published statement; the demo's published pump is not among them", async () => {
    const list = await missing(lukas);
    const names = list.map((m) => `${m.deviceModel} ${m.version}`);
    expect(names).toContain("VitaView patient monitor 6.0.0");
    expect(names).not.toContain("InfuSafe 300 infusion pump 3.1.0");
    expect(names).not.toContain("VitaView patient monitor 5.0.2"); // installed only at Noord
    expect(list.every((m) => m.request === null)).toBe(true);
  });

  test("a request is stored with who, customer, version, when and message, audited, and tells the security officers", async () => {
    const monitor = versionId("VV-12", "6.0.0");
    const res = await call(vigil, lukas, "POST", requestUrl(monitor), { message: "  Needed for our procurement review.  " });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ versionId: monitor, requestedAt: "2026-12-01T10:00:00.000Z", message: "Needed for our procurement review." });

    const [row] = (await stored()).filter((r) => r.softwareVersionId === monitor);
    const [customer] = await vigil.database.db.select().from(customers).where(eq(customers.name, "St. Lukas Klinikum"));
    const [user] = await vigil.database.db.select().from(users).where(eq(users.email, demoEmail("customer")));
    expect(row).toMatchObject({ customerId: customer.id, requestedBy: user.id, requestedByLabel: demoEmail("customer"), message: "Needed for our procurement review." });
    const audit = await vigil.database.db.select().from(auditLog).where(and(eq(auditLog.entityType, "security_statement_request"), eq(auditLog.entityId, row.id)));
    expect(audit.map((a) => a.action).sort()).toEqual(["create", "notify"]);

    const notes = (await call(vigil, psirt, "GET", "/api/notifications?limit=500")).json().items as { title: string; body: string; link: string }[];
    expect(notes.find((n) => n.title === "St. Lukas Klinikum requests the security statement of VitaView patient monitor 6.0.0")).toMatchObject({
      body: "Their message: Needed for our procurement review.",
      link: `/devices/versions/${monitor}`,
    });

    const shown = (await missing(lukas)).find((m) => m.versionId === monitor)!;
    expect(shown.request).toMatchObject({ requestedAt: "2026-12-01T10:00:00.000Z" });
    // The other hospital does not see St. Lukas's request, nor the version.
    expect((await missing(noord)).some((m) => m.versionId === monitor)).toBe(false);

    const again = await call(vigil, lukas, "POST", requestUrl(monitor), {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toContain("requested this statement on 2026-12-01");
  });

  test("a hospital cannot request for a version installed only at another customer's sites (403), nothing is stored", async () => {
    const before = (await stored()).length;
    const res = await call(vigil, lukas, "POST", requestUrl(versionId("VV-12", "5.0.2")), { message: "probe" });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe("forbidden");
    expect((await call(vigil, noord, "POST", requestUrl(versionId("CL-GW", "1.8.0")), {})).statusCode).toBe(403);
    expect((await call(vigil, lukas, "POST", requestUrl("no-such-version"), {})).statusCode).toBe(404);
    // Already published: there is nothing to request.
    expect((await call(vigil, lukas, "POST", requestUrl(versionId("IS-300", "3.1.0")), {})).statusCode).toBe(409);
    const bad = await call(vigil, lukas, "POST", requestUrl(versionId("CL-GW", "1.8.0")), { message: "x".repeat(2001) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/body\/message/);
    expect((await stored()).length).toBe(before);
    // Staff do not request through the portal, and customers do not see the manufacturer's list.
    expect((await call(vigil, psirt, "POST", requestUrl(versionId("CL-GW", "1.8.0")), {})).statusCode).toBe(403);
    expect((await call(vigil, lukas, "GET", "/api/security-statement-requests")).statusCode).toBe(403);
  });

  test("the manufacturer sees the request open; publishing a statement of that version answers it", async () => {
    const monitor = versionId("VV-12", "6.0.0");
    const list = async (): Promise<Request[]> => (await call(vigil, psirt, "GET", `/api/security-statement-requests?versionId=${monitor}`)).json();
    expect(await list()).toEqual([
      expect.objectContaining({ versionId: monitor, customer: "St. Lukas Klinikum", deviceModel: "VitaView patient monitor", version: "6.0.0", status: "open", answeredAt: null, message: "Needed for our procurement review." }),
    ]);

    vigil.clock.now = new Date("2026-12-01T10:30:00.000Z");
    const url = `/api/versions/${monitor}/security-statement`;
    const current = await call(vigil, psirt, "GET", url);
    expect(current.statusCode, current.body).toBe(200);
    const ids = current.json().sections.map((s: { id: string }) => s.id);
    expect((await call(vigil, psirt, "PUT", url, { answers: ids.map((sectionId: string) => ({ sectionId, answer: "yes" })) })).statusCode).toBe(200);
    expect((await call(vigil, psirt, "POST", `${url}/publish`, {})).statusCode).toBe(200);

    expect(await list()).toEqual([expect.objectContaining({ status: "answered", answeredAt: "2026-12-01T10:30:00.000Z" })]);
    expect((await missing(lukas)).some((m) => m.versionId === monitor)).toBe(false);
  });
});
