import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { deliverNotifications } from "../../src/server/notifications/deliver";
import { outboundAllowList } from "../../src/server/platform/net/outbound";
import { createMailer } from "../../src/server/notifications/mailer";
import { kevEntries } from "../../src/server/vulnerabilities/schema";
import { call, demoEmail, type Session, signInAs, signInAsOtherCustomer, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";
import { decoded, startReceivers } from "../support/notification-receivers";
import { smallCycloneDx } from "./sbom-fixtures";

const PUBLIC_URL = "https://vigil.demo-medical.example";
const HOUR = 3_600_000;
const b64 = (s: string) => Buffer.from(s).toString("base64");

/** An OSV record about one npm package below 2.0.0, with a CVSS vector and aliases. */
const osv = (id: string, pkg: string, cvss: string, aliases: string[] = []) => ({
  name: `${id}.json`,
  contentBase64: b64(
    JSON.stringify({
      schema_version: "1.6.0",
      id,
      modified: "2026-12-01T00:00:00Z",
      published: "2026-12-01T00:00:00Z",
      aliases,
      summary: `Test vulnerability ${id}`,
      severity: [{ type: "CVSS_V3", score: cvss }],
      affected: [{ package: { ecosystem: "npm", name: pkg }, ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { fixed: "2.0.0" }] }] }],
    }),
  ),
});
const CRITICAL = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H";
const LOW = "CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N";

type Note = { id: string; title: string; body: string | null; link: string | null };

describe.each(await backends())("notifications of events on %s", (backend) => {
  let vigil: TestVigil;
  let rx: Awaited<ReturnType<typeof startReceivers>>;
  let officer: Session;
  let admin: Session;
  let lukas: Session;
  let noord: Session;

  const signInAll = async () => {
    officer = await signInAs(vigil, "security_officer");
    admin = await signInAs(vigil, "admin");
    lukas = await signInAs(vigil, "customer");
  };
  const notes = async (s: Session): Promise<Note[]> => (await call(vigil, s, "GET", "/api/notifications?limit=500")).json().items;
  const titled = async (s: Session, part: string) => (await notes(s)).filter((n) => n.title.includes(part));
  /** One delivery run as the job does it: e-mail through the local SMTP server, the webhook to the local receiver. */
  const deliver = async () => {
    const mailer = createMailer(rx.smtpUrl, "Vigil <vigil@demo-medical.example>")!;
    try {
      return await deliverNotifications(vigil.database.db, { mailer, now: vigil.clock.now, publicUrl: PUBLIC_URL, webhookAllow: outboundAllowList(["127.0.0.1"]) });
    } finally {
      mailer.close();
    }
  };
  const mailsTo = (role: "security_officer" | "customer", part: string) => rx.mails.filter((m) => m.to === demoEmail(role) && decoded(m.raw).includes(part));
  const hooksAbout = (part: string) => rx.hooks.map((h) => JSON.parse(h.body)).filter((e) => String(e.title).includes(part));

  beforeAll(async () => {
    vigil = await startTestVigil(backend, { config: { publicUrl: PUBLIC_URL, webhookAllow: ["127.0.0.1"] } });
    vigil.clock.now = new Date("2026-12-04T09:00:00.000Z"); // a Friday
    rx = await startReceivers();
    await signInAll();
    noord = await signInAsOtherCustomer(vigil);
    expect((await call(vigil, admin, "PUT", "/api/settings/webhook", { url: rx.hookUrl })).statusCode).toBe(200);
  }, 300_000);
  afterAll(async () => {
    await rx?.close();
    await vigil?.stop();
  });

  async function pushSbom(version: string, components: Array<Record<string, unknown>>) {
    const res = await vigil.app.inject({
      method: "POST",
      url: `/api/sboms?device=IS-300&version=${version}&createVersion=true&fileName=bom.cdx.json`,
      payload: Buffer.from(smallCycloneDx(components)),
      headers: { cookie: officer.cookie, "x-csrf-token": officer.csrf, "content-type": "application/octet-stream" },
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return (res.json() as { sbom: { softwareVersionId: string } }).sbom.softwareVersionId;
  }
  const lib = (name: string) => ({ type: "library", "bom-ref": name, name, version: "1.0.0", purl: `pkg:npm/${name}@1.0.0` });

  test("a new critical or KEV finding on a supported version tells the security officers once, in the app, by e-mail and webhook", async () => {
    const supported = await pushSbom("9.1.0", [lib("vigil-critical-lib"), lib("vigil-kev-lib"), lib("vigil-low-lib")]);
    const ended = await pushSbom("0.9.0", [lib("vigil-critical-lib")]);
    expect((await call(vigil, officer, "PATCH", `/api/versions/${ended}`, { version: "0.9.0", supportStatus: "end_of_support" })).statusCode).toBe(200);
    await vigil.database.db.insert(kevEntries).values({
      cveId: "CVE-2026-90002",
      vendorProject: "Vigil test",
      product: "vigil-kev-lib",
      name: "Test exploited vulnerability",
      dateAdded: "2026-12-01",
      requiredAction: "Apply updates.",
      knownRansomwareUse: false,
      cwes: [],
    });

    const files = [osv("GHSA-vgl1-0001-crit", "vigil-critical-lib", CRITICAL), osv("GHSA-vgl1-0002-kev", "vigil-kev-lib", LOW, ["CVE-2026-90002"]), osv("GHSA-vgl1-0003-low", "vigil-low-lib", LOW)];
    const imported = await call(vigil, officer, "POST", "/api/vulnerability-imports", { files });
    expect(imported.statusCode, imported.body).toBe(201);

    const alerts = await notes(officer);
    const mine = alerts.filter((n) => n.link === `/devices/versions/${supported}`);
    expect(mine.map((n) => n.title)).toEqual([expect.stringMatching(/^2 new critical or known exploited \(KEV\) findings in .+ 9\.1\.0$/)]);
    // KEV alone is enough: the exploited one is not critical.
    expect(mine[0].body).toMatch(/CVE-2026-90002 in vigil-kev-lib 1\.0\.0 \((high|medium|low), KEV\)/);
    expect(mine[0].body).toContain("GHSA-vgl1-0001-crit");
    expect(mine[0].body).not.toContain("GHSA-vgl1-0003-low");
    // Nothing about the version past its support, nothing to other roles.
    expect(alerts.filter((n) => n.link === `/devices/versions/${ended}`)).toEqual([]);
    expect(await titled(lukas, "findings")).toEqual([]);

    // Importing the same records again creates no finding and no second notification.
    vigil.clock.now = new Date(vigil.clock.now.getTime() + HOUR);
    await call(vigil, officer, "POST", "/api/vulnerability-imports", { files: files.map((f) => ({ ...f, name: `again-${f.name}` })) });
    expect((await notes(officer)).filter((n) => n.link === `/devices/versions/${supported}`)).toHaveLength(1);

    const counts = await deliver();
    expect(counts.failed).toBe(0);
    expect(mailsTo("security_officer", "new critical or known exploited (KEV) findings")).toHaveLength(1);
    expect(decoded(mailsTo("security_officer", "9.1.0")[0].raw)).toContain(`${PUBLIC_URL}/devices/versions/${supported}`);
    expect(hooksAbout("9.1.0")).toEqual([expect.objectContaining({ type: "notification.created", recipient: { email: demoEmail("security_officer"), role: "security_officer" } })]);

    const audit = (await call(vigil, admin, "GET", `/api/audit?entityType=software_version&entityId=${supported}`)).json();
    expect(audit.entries.some((e: { action: string }) => e.action === "notify")).toBe(true);
  });

  // Regression: a finding whose vulnerability CISA lists as exploited after the finding was created told nobody.
  test("a KEV import listing an existing finding's vulnerability as exploited tells the security officers once", async () => {
    const version = await pushSbom("9.2.0", [lib("vigil-later-kev-lib")]);
    const files = [osv("GHSA-vgl1-0004-later", "vigil-later-kev-lib", LOW, ["CVE-2026-90004"])];
    expect((await call(vigil, officer, "POST", "/api/vulnerability-imports", { files })).statusCode).toBe(201);
    const about = async () => (await notes(officer)).filter((n) => n.link === `/devices/versions/${version}`);
    expect(await about()).toEqual([]); // low and not exploited: no alert at creation

    const kev = {
      name: "known_exploited_vulnerabilities.json",
      contentBase64: b64(
        JSON.stringify({
          title: "CISA Catalog of Known Exploited Vulnerabilities",
          catalogVersion: "2026.12.04",
          dateReleased: "2026-12-04T12:00:00.000Z",
          count: 1,
          vulnerabilities: [
            {
              cveID: "CVE-2026-90004",
              vendorProject: "Vigil test",
              product: "vigil-later-kev-lib",
              vulnerabilityName: "Test vulnerability exploited later",
              dateAdded: "2026-12-04",
              shortDescription: "Exploited in the wild.",
              requiredAction: "Apply updates.",
              dueDate: "2026-12-25",
              knownRansomwareCampaignUse: "Unknown",
              notes: "",
              cwes: [],
            },
          ],
        }),
      ),
    };
    vigil.clock.now = new Date(vigil.clock.now.getTime() + HOUR);
    const listed = await call(vigil, officer, "POST", "/api/vulnerability-imports", { files: [kev] });
    expect(listed.statusCode, listed.body).toBe(201);
    const alerts = await about();
    expect(alerts.map((n) => n.title)).toEqual([expect.stringMatching(/^1 open finding in .+ 9\.2\.0 is now known exploited \(KEV\)$/)]);
    expect(alerts[0].body).toMatch(/vigil-later-kev-lib 1\.0\.0 \(\w+, KEV\)/);

    // The same catalogue again lists nothing new: no second notification.
    vigil.clock.now = new Date(vigil.clock.now.getTime() + HOUR);
    expect((await call(vigil, officer, "POST", "/api/vulnerability-imports", { files: [{ ...kev, name: "again-known_exploited_vulnerabilities.json" }] })).statusCode).toBe(201);
    expect(await about()).toHaveLength(1);
    expect(await titled(lukas, "known exploited")).toEqual([]);
  });

  const anon = (method: string, url: string, payload?: unknown) => vigil.app.inject({ method: method as "GET", url, payload: payload as object, remoteAddress: "198.51.100.77" });

  test("an incoming vulnerability report tells the security officers and puts its acknowledgement deadline on the obligations list", async () => {
    const token = (await anon("GET", "/api/public/disclosure/form")).json().formToken as string;
    vigil.clock.now = new Date(vigil.clock.now.getTime() + 10_000);
    const sent = await anon("POST", "/api/public/disclosure/reports", {
      formToken: token,
      website: "",
      name: "Jane Researcher",
      email: "jane@lab.example",
      product: "InfuSafe 300",
      productVersion: "2.4.1",
      title: "Service account with fixed password",
      description: "Telnet on port 2323 accepts service/service.",
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const { reference, acknowledgeDueAt } = sent.json() as { reference: string; acknowledgeDueAt: string };

    const [note] = await titled(officer, reference);
    expect(note).toMatchObject({ title: `Vulnerability report ${reference} received`, link: "/advisories/disclosure" });
    expect(note.body).toContain(acknowledgeDueAt.replace(".000Z", "Z"));
    expect(note.body).not.toContain("jane@lab.example");
    expect(await titled(lukas, reference)).toEqual([]);

    const obligations = (await call(vigil, officer, "GET", "/api/obligations")).json().items as Array<{ kind: string; title: string; dueAt: string }>;
    const ack = obligations.find((o) => o.kind === "disclosure_acknowledgement" && o.title.includes(reference));
    expect(ack).toMatchObject({ dueAt: acknowledgeDueAt, overdue: false });

    await deliver();
    expect(mailsTo("security_officer", reference)).toHaveLength(1);
    expect(hooksAbout(reference)).toHaveLength(1);

    // Once acknowledged, the obligation is met and leaves the list.
    const [report] = ((await call(vigil, officer, "GET", "/api/disclosure/reports")).json() as Array<{ id: string; reference: string }>).filter((r) => r.reference === reference);
    expect((await call(vigil, officer, "PATCH", `/api/disclosure/reports/${report.id}`, { status: "acknowledged" })).statusCode).toBe(200);
    const after = (await call(vigil, officer, "GET", "/api/obligations")).json().items as Array<{ title: string }>;
    expect(after.some((o) => o.title.includes(reference))).toBe(false);
  });

  test("a published advisory tells the portal users of customers with the named versions installed; never a TLP:RED one; an e-mail preference of 'off' is honoured", async () => {
    const products = (await call(vigil, officer, "GET", "/api/advisories/products")).json() as Array<{ product: string; version: string; softwareVersionId: string }>;
    const vitaView = (version: string) => products.find((p) => p.product.includes("VitaView") && p.version === version)!.softwareVersionId;
    const advisory = (trackingId: string, tlp: string, versionId: string) => ({
      trackingId,
      title: "TLS certificate validation in VitaView",
      summary: "VitaView did not validate server certificates; fixed by a hotfix.",
      tlp,
      documentStatus: "final",
      products: [{ softwareVersionId: versionId }],
      vulnerabilities: [
        {
          cve: `CVE-2026-4${trackingId.slice(-4)}`,
          description: "Improper certificate validation allows a machine-in-the-middle to read vital signs.",
          patientSafetyImpact: "Vital signs could be read in transit; monitoring itself is not affected.",
          cvssV31: "CVSS:3.1/AV:A/AC:H/PR:N/UI:N/S:U/C:H/I:L/A:N",
          productStatus: [{ softwareVersionId: versionId, status: "fixed" }],
          remediations: [{ category: "vendor_fix", details: "Install the hotfix.", softwareVersionIds: [versionId] }],
        },
      ],
    });
    const publish = async (body: unknown) => {
      const created = await call(vigil, officer, "POST", "/api/advisories", body);
      expect(created.statusCode, created.body).toBe(201);
      const published = await call(vigil, officer, "POST", `/api/advisories/${created.json().id}/publish`, { summary: "Initial public release." });
      expect(published.statusCode, published.body).toBe(200);
      return created.json().id as string;
    };
    expect((await call(vigil, lukas, "PUT", "/api/notifications/preferences", { email: "off" })).statusCode).toBe(200);

    // VitaView 6.0.0 runs at St. Lukas only.
    await publish(advisory("DM-SA-2026-7001", "GREEN", vitaView("6.0.0")));
    expect((await titled(lukas, "DM-SA-2026-7001")).map((n) => n.title)).toEqual(["Security advisory DM-SA-2026-7001 (revision 1.0.0): TLS certificate validation in VitaView"]);
    expect((await titled(lukas, "DM-SA-2026-7001"))[0].body).toContain("TLP:GREEN");
    expect(await titled(noord, "DM-SA-2026-7001")).toEqual([]);
    expect(await titled(officer, "DM-SA-2026-7001")).toEqual([]);

    // TLP:RED is for named recipients only: the customer is not told.
    await publish(advisory("DM-SA-2026-7002", "RED", vitaView("6.0.0")));
    expect(await titled(lukas, "DM-SA-2026-7002")).toEqual([]);

    await deliver();
    expect(mailsTo("customer", "DM-SA-2026-7001")).toEqual([]); // e-mail switched off by the user
    expect(hooksAbout("DM-SA-2026-7001")).toHaveLength(1);
    expect(hooksAbout("DM-SA-2026-7002")).toEqual([]);
  });

  test("an incident clock reminds the incident managers at 50 % through the job queue, once, and reaches e-mail and webhook", async () => {
    const manager = await signInAs(vigil, "incident_manager");
    const aware = vigil.clock.now.getTime();
    const created = await call(vigil, manager, "POST", "/api/incidents", {
      title: "Telemetry backend outage",
      detectedAt: new Date(aware).toISOString(),
      awareAt: new Date(aware).toISOString(),
      deviceVigilance: null,
      personalDataBreach: null,
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id, reference } = created.json() as { id: string; reference: string };
    await call(vigil, manager, "POST", `/api/incidents/${id}/assessment`, { answers: { severeOperationalDisruption: "yes" } });
    await call(vigil, manager, "POST", `/api/incidents/${id}/confirm`, {});

    const drain = async () => {
      while (await vigil.jobs.runOnce()) {
        // every due job, the reminder run among them
      }
    };
    vigil.clock.now = new Date(aware + 12 * HOUR);
    await signInAll();
    await drain();
    await drain();
    const reminders = await titled(await signInAs(vigil, "incident_manager"), `${reference}: early warning`);
    expect(reminders.map((n) => n.title)).toEqual([`${reference}: early warning — 50 % of the time used`]);

    await deliver();
    expect(rx.mails.filter((m) => m.to === demoEmail("incident_manager") && decoded(m.raw).includes(`${reference}: early warning`))).toHaveLength(1);
    expect(hooksAbout(`${reference}: early warning`)).toEqual([expect.objectContaining({ recipient: { email: demoEmail("incident_manager"), role: "incident_manager" } })]);
  });
});
