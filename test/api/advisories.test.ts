import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { validateCsaf, validateCycloneDx, validateOpenVex } from "../../src/core/advisories";
import { call, type Session, signInAs, startTestVigil, type TestVigil, signInAsOtherCustomer } from "../support/app";
import { backends } from "../support/db";

type Product = { softwareVersionId: string; product: string; version: string; productId: string; installedUnits: number };

const V31 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
const V40 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";

describe.each(await backends())("advisories API on %s", (backend) => {
  let vigil: TestVigil;
  let psirt: Session;
  let lukas: Session;
  let noord: Session;
  let products: Product[];
  const v = (product: string, version: string) => {
    const p = products.find((x) => x.product.startsWith(product) && x.version === version);
    if (!p) throw new Error(`no ${product} ${version}`);
    return p.softwareVersionId;
  };

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    vigil.clock.now = new Date("2026-11-23T10:00:00.000Z");
    psirt = await signInAs(vigil, "security_officer");
    lukas = await signInAs(vigil, "customer");
    noord = await signInAsOtherCustomer(vigil);
    products = (await call(vigil, psirt, "GET", "/api/advisories/products")).json();
  }, 300_000);
  afterAll(async () => vigil?.stop());

  const shapes = () => ({
    oneCveManyProducts: {
      trackingId: "DM-SA-2026-001",
      title: "Hard-coded service credentials in InfuSafe 300 pumps",
      summary: "InfuSafe 300 software 2.4.1 contains a hard-coded service account.",
      tlp: "WHITE",
      documentStatus: "final",
      products: [{ softwareVersionId: v("InfuSafe", "2.4.1"), family: "Infusion therapy" }, { softwareVersionId: v("InfuSafe", "3.1.0"), family: "Infusion therapy" }, { softwareVersionId: v("CareLink", "1.8.0") }],
      vulnerabilities: [
        {
          cve: "CVE-2026-11111",
          title: "Hard-coded credentials",
          description: "A service account with a fixed password allows changing pump settings over the network.",
          cwe: { id: "CWE-798" },
          cvssV31: V31,
          patientSafetyImpact: "An attacker could change infusion rates; clinicians must verify programmed rates.",
          productStatus: [
            { softwareVersionId: v("InfuSafe", "2.4.1"), status: "affected" },
            { softwareVersionId: v("InfuSafe", "3.1.0"), status: "fixed", recommended: true },
            { softwareVersionId: v("CareLink", "1.8.0"), status: "not_affected", justification: "component_not_present", impactStatement: "The gateway has no service account." },
          ],
          remediations: [{ category: "vendor_fix", details: "Update to 3.1.0.", url: "https://demo-medical.example/updates/is-300", date: "2026-11-20T00:00:00Z", softwareVersionIds: [v("InfuSafe", "2.4.1")] }],
        },
      ],
      acknowledgments: [{ names: ["Jane Researcher"], organization: "Example Security Lab" }],
    },
    manyCvesOneProduct: {
      trackingId: "DM-SA-2026-002",
      title: "Two vulnerabilities in VitaView 5.0.2",
      summary: "VitaView 5.0.2 is affected by two vulnerabilities in its web interface.",
      tlp: "WHITE",
      documentStatus: "interim",
      products: [{ softwareVersionId: v("VitaView", "5.0.2") }],
      vulnerabilities: [
        {
          cve: "CVE-2026-22221",
          description: "Cross-site scripting in the configuration page.",
          cwe: { id: "CWE-79" },
          cvssV31: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N",
          productStatus: [{ softwareVersionId: v("VitaView", "5.0.2"), status: "affected" }],
          remediations: [{ category: "mitigation", details: "Restrict access to the configuration page to the biomedical VLAN.", softwareVersionIds: [v("VitaView", "5.0.2")] }],
        },
        {
          cve: "CVE-2026-22222",
          description: "Denial of service through malformed HL7 messages.",
          cvssV40: V40,
          productStatus: [{ softwareVersionId: v("VitaView", "5.0.2"), status: "under_investigation" }],
        },
      ],
    },
    notAffectedOnly: {
      trackingId: "DM-VEX-2026-003",
      title: "CareLink gateway is not affected by CVE-2026-33333",
      summary: "The vulnerable library is not part of the CareLink gateway.",
      tlp: "WHITE",
      documentStatus: "final",
      profile: "csaf_vex",
      products: [{ softwareVersionId: v("CareLink", "1.8.0") }],
      vulnerabilities: [
        {
          cve: "CVE-2026-33333",
          description: "Remote code execution in a logging library.",
          patientSafetyImpact: "None: the gateway does not ship the library.",
          productStatus: [{ softwareVersionId: v("CareLink", "1.8.0"), status: "not_affected", justification: "component_not_present", impactStatement: "The logging library is not shipped." }],
        },
      ],
    },
    fixedWithRemediation: {
      trackingId: "DM-SA-2026-004",
      title: "TLS certificate validation in VitaView",
      summary: "VitaView 6.0.0 did not validate server certificates; fixed by a hotfix.",
      tlp: "WHITE",
      documentStatus: "final",
      products: [{ softwareVersionId: v("VitaView", "6.0.0") }],
      vulnerabilities: [
        {
          cve: "CVE-2026-44444",
          description: "Improper certificate validation allows a machine-in-the-middle to read vital signs.",
          cwe: { id: "CWE-295" },
          cvssV31: "CVSS:3.1/AV:A/AC:H/PR:N/UI:N/S:U/C:H/I:L/A:N",
          cvssV40: V40,
          patientSafetyImpact: "Vital signs could be read in transit; monitoring itself is not affected.",
          productStatus: [{ softwareVersionId: v("VitaView", "6.0.0"), status: "fixed" }],
          remediations: [{ category: "vendor_fix", details: "The hotfix is installed with 6.0.0; no action needed.", softwareVersionIds: [v("VitaView", "6.0.0")] }],
        },
      ],
    },
  });

  const create = async (body: unknown) => {
    const res = await call(vigil, psirt, "POST", "/api/advisories", body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; vulnerabilities: Array<{ cvssV31Score: number | null; cvssV40Score: number | null }> };
  };
  const publish = (id: string, summary = "Initial public release.") => call(vigil, psirt, "POST", `/api/advisories/${id}/publish`, { summary });

  const ids: Record<string, string> = {};

  test("the four shapes publish: strict CSAF schema and every mandatory test pass; VEX exports pass their schemas", async () => {
    for (const [name, body] of Object.entries(shapes())) {
      const created = await create(body);
      ids[name] = created.id;
      const published = await publish(created.id);
      expect(published.statusCode, `${name}: ${published.body}`).toBe(200);
      expect(published.json()).toMatchObject({ published: true, currentVersion: "1.0.0" });
      for (const format of ["csaf", "csaf_vex"]) {
        const doc = (await call(vigil, psirt, "GET", `/api/advisories/${created.id}/export?format=${format}`)).json();
        const result = await validateCsaf(doc);
        expect(result.errors, `${name} ${format}`).toEqual([]);
      }
      for (const format of ["cyclonedx-1.5", "cyclonedx-1.6"]) {
        const doc = (await call(vigil, psirt, "GET", `/api/advisories/${created.id}/export?format=${format}`)).json();
        expect((await validateCycloneDx(doc)).errors, `${name} ${format}`).toEqual([]);
      }
      const openvex = (await call(vigil, psirt, "GET", `/api/advisories/${created.id}/export?format=openvex`)).json();
      expect(validateOpenVex(openvex).errors ?? [], name).toEqual([]);
    }
    // The fixed release is recommended: CSAF says so in its own status, the editor reads it back.
    const csaf = (await call(vigil, psirt, "GET", `/api/advisories/${ids.oneCveManyProducts}/export?format=csaf`)).json();
    const recommended = csaf.vulnerabilities[0].product_status.recommended as string[];
    expect(recommended).toHaveLength(1);
    expect(csaf.vulnerabilities[0].product_status.fixed).toEqual(recommended);
    const detail = (await call(vigil, psirt, "GET", `/api/advisories/${ids.oneCveManyProducts}`)).json();
    expect(detail.vulnerabilities[0].productStatus.filter((s: { recommended?: boolean }) => s.recommended).map((s: { softwareVersionId: string }) => s.softwareVersionId)).toEqual([v("InfuSafe", "3.1.0")]);
    const cdx = (await call(vigil, psirt, "GET", `/api/advisories/${ids.oneCveManyProducts}/export?format=cyclonedx-1.6`)).json();
    expect(cdx.vulnerabilities[0].recommendation).toMatch(/Recommended: .*InfuSafe.* 3\.1\.0\./);
    const pdf = await call(vigil, psirt, "GET", `/api/advisories/${ids.oneCveManyProducts}/export?format=pdf`);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
  }, 180_000);

  test("CVSS vectors are scored on save; a vector of the wrong version is refused with its path", async () => {
    const [a] = (await call(vigil, psirt, "GET", `/api/advisories/${ids.fixedWithRemediation}`)).json().vulnerabilities;
    expect(a.cvssV31Score).toBe(5.9);
    expect(a.cvssV40Score).toBe(9.3);
    const body = shapes().fixedWithRemediation;
    body.trackingId = "DM-SA-2026-099";
    body.vulnerabilities[0].cvssV31 = V40;
    const res = await call(vigil, psirt, "POST", "/api/advisories", body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details).toContainEqual({ path: "body/vulnerabilities/0/cvssV31", message: "expected a CVSS 3.1 vector" });
  });

  test("publication of an invalid advisory is refused with the failing rules listed, and nothing is published", async () => {
    const draft = await create({ ...shapes().oneCveManyProducts, trackingId: "DM-SA-2026-005", documentStatus: "draft" });
    const refused = await publish(draft.id);
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe("csaf_invalid");
    expect(refused.json().error.details).toContainEqual(expect.objectContaining({ test: "publication", path: "/document/tracking/status" }));

    const vex = shapes().notAffectedOnly;
    const broken = await create({
      ...vex,
      trackingId: "DM-VEX-2026-006",
      vulnerabilities: [{ ...vex.vulnerabilities[0], productStatus: [{ softwareVersionId: v("CareLink", "1.8.0"), status: "not_affected" }] }],
    });
    const res = await publish(broken.id);
    expect(res.statusCode).toBe(422);
    const rules = res.json().error.details as Array<{ test: string; path: string; message: string }>;
    expect(rules.map((r) => r.test)).toContain("6.1.27.9");
    const view = (await call(vigil, psirt, "GET", `/api/advisories/${broken.id}`)).json();
    expect(view).toMatchObject({ published: false, currentVersion: null, revisions: [] });
    const validation = (await call(vigil, psirt, "GET", `/api/advisories/${broken.id}/validation`)).json();
    expect(validation.valid).toBe(false);
    expect(validation.problems.map((p: { test: string }) => p.test)).toContain("6.1.27.9");
  }, 60_000);

  test("a published revision is immutable: a change is a new revision, old bytes stay as they were", async () => {
    const id = ids.oneCveManyProducts;
    const before = (await call(vigil, psirt, "GET", `/api/advisories/${id}/export?format=csaf&revision=1.0.0`)).body;
    const body = shapes().oneCveManyProducts;
    body.summary = "InfuSafe 300 software 2.4.1 contains a hard-coded service account. Updated guidance.";
    expect((await call(vigil, psirt, "PUT", `/api/advisories/${id}`, body)).json().changedSincePublication).toBe(true);
    const customerBefore = (await call(vigil, lukas, "GET", `/api/portal/advisories/${id}`)).json();
    expect(customerBefore.version).toBe("1.0.0");
    vigil.clock.now = new Date("2026-11-23T11:00:00.000Z");
    const republished = await publish(id, "Updated guidance.");
    expect(republished.statusCode, republished.body).toBe(200);
    expect(republished.json().currentVersion).toBe("1.1.0");
    expect(republished.json().revisions.map((r: { number: string }) => r.number)).toEqual(["1.0.0", "1.1.0"]);
    expect((await call(vigil, psirt, "GET", `/api/advisories/${id}/export?format=csaf&revision=1.0.0`)).body).toBe(before);
    const current = (await call(vigil, psirt, "GET", `/api/advisories/${id}/export?format=csaf`)).json();
    expect(current.document.tracking.revision_history).toHaveLength(2);
    expect(current.document.tracking.initial_release_date).toBe("2026-11-23T10:00:00.000Z");
    expect((await publish(id)).statusCode).toBe(409);
    expect((await call(vigil, psirt, "DELETE", `/api/advisories/${id}`)).statusCode).toBe(409);
  }, 60_000);

  test("the provider can be crawled from provider-metadata.json alone and every hash matches", async () => {
    const get = async (url: string) => {
      const path = url.replace(/^https?:\/\/[^/]+/, "");
      const res = await vigil.app.inject({ method: "GET", url: path });
      expect(res.statusCode, url).toBe(200);
      return res;
    };
    const metadata = (await get("/.well-known/csaf/provider-metadata.json")).json();
    expect(metadata).toMatchObject({ metadata_version: "2.0", role: "csaf_provider", publisher: { category: "vendor" } });
    expect(metadata.canonical_url).toMatch(/\/\.well-known\/csaf\/provider-metadata\.json$/);
    const feeds = metadata.distributions.flatMap((d: { rolie?: { feeds: Array<{ url: string; tlp_label: string }> } }) => d.rolie?.feeds ?? []);
    expect(feeds.map((f: { tlp_label: string }) => f.tlp_label)).toEqual(["WHITE"]);
    const seen = new Set<string>();
    for (const feedRef of feeds) {
      const feed = (await get(feedRef.url)).json().feed;
      for (const entry of feed.entry) {
        const docUrl = entry.content.src as string;
        const res = await get(docUrl);
        const bytes = res.rawPayload;
        const doc = JSON.parse(bytes.toString());
        expect(doc.document.tracking.id).toBe(entry.id);
        expect((await validateCsaf(doc)).valid).toBe(true);
        const sha256 = (await get(`${docUrl}.sha256`)).body.split(/\s+/)[0];
        const sha512 = (await get(`${docUrl}.sha512`)).body.split(/\s+/)[0];
        expect(sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
        expect(sha512).toBe(createHash("sha512").update(bytes).digest("hex"));
        for (const link of entry.link.filter((l: { rel: string }) => l.rel === "hash")) await get(link.href);
        seen.add(new URL(docUrl).pathname.replace("/.well-known/csaf/white/", ""));
      }
    }
    expect(seen.size).toBe(5); // the four shapes and the demo advisory
    const directory = metadata.distributions.find((d: { directory_url?: string }) => d.directory_url).directory_url as string;
    const index = (await get(`${directory}index.txt`)).body.trim().split("\n");
    expect(new Set(index)).toEqual(seen);
    const changes = (await get(`${directory}changes.csv`)).body.trim().split("\n");
    expect(changes).toHaveLength(5);
    expect(changes[0]).toMatch(/^"2026\/dm-sa-2026-001\.json","2026-11-23T11:00:00\.000Z"$/);
    for (const path of index) await get(`${directory}${path}`);

    const securityTxt = (await get("/.well-known/security.txt")).body;
    expect(securityTxt).toMatch(/^Contact: mailto:/m);
    expect(securityTxt).toMatch(/^Expires: \d{4}-\d{2}-\d{2}T/m);
    expect(securityTxt).toMatch(/^Policy: .*\/vulnerability-disclosure-policy$/m);
    expect(securityTxt).toMatch(/^CSAF: .*\/\.well-known\/csaf\/provider-metadata\.json$/m);
  }, 60_000);

  test("non-public TLP labels and unpublished advisories are not served by the provider", async () => {
    const amber = await create({ ...shapes().fixedWithRemediation, trackingId: "DM-SA-2026-007", tlp: "AMBER" });
    expect((await publish(amber.id)).statusCode).toBe(200);
    for (const url of ["/.well-known/csaf/amber/index.txt", "/.well-known/csaf/amber/2026/dm-sa-2026-007.json", "/.well-known/csaf/white/2026/dm-sa-2026-007.json"]) {
      expect((await vigil.app.inject({ method: "GET", url })).statusCode, url).toBe(404);
    }
    expect((await call(vigil, psirt, "POST", `/api/advisories/${ids.notAffectedOnly}/unpublish`)).statusCode).toBe(200);
    expect((await vigil.app.inject({ method: "GET", url: "/.well-known/csaf/white/2026/dm-vex-2026-003.json" })).statusCode).toBe(404);
    expect((await vigil.app.inject({ method: "GET", url: "/.well-known/csaf/white/index.txt" })).body).not.toContain("dm-vex-2026-003");
  }, 60_000);

  test("a customer sees only published advisories about its installed devices, and nothing of another customer", async () => {
    const mine = (await call(vigil, lukas, "GET", "/api/portal/advisories")).json() as Array<{ trackingId: string; affectedUnits: number }>;
    // St. Lukas runs pump 2.4.1 (40) + 3.1.0 (12) + gateway (2), monitor 6.0.0 (30); Noord runs pump 2.4.1 and monitor 5.0.2.
    expect(mine.map((a) => a.trackingId).sort()).toEqual(["DM-SA-2026-001", "DM-SA-2026-004", "DM-SA-2026-007", "DMG-SA-2026-001"]);
    expect(mine.find((a) => a.trackingId === "DM-SA-2026-001")!.affectedUnits).toBe(54);
    const theirs = (await call(vigil, noord, "GET", "/api/portal/advisories")).json() as Array<{ trackingId: string }>;
    expect(theirs.map((a) => a.trackingId).sort()).toEqual(["DM-SA-2026-001", "DM-SA-2026-002"]);

    // IDOR: Noord's advisory, a draft and an unpublished one do not exist for St. Lukas.
    const draft = (await call(vigil, psirt, "GET", "/api/advisories")).json().find((a: { trackingId: string }) => a.trackingId === "DM-SA-2026-005").id;
    for (const id of [ids.manyCvesOneProduct, draft, ids.notAffectedOnly]) {
      expect((await call(vigil, lukas, "GET", `/api/portal/advisories/${id}`)).statusCode).toBe(404);
      expect((await call(vigil, lukas, "GET", `/api/portal/advisories/${id}/export?format=csaf`)).statusCode).toBe(404);
    }
    const noordSite = (await call(vigil, noord, "GET", `/api/portal/advisories/${ids.oneCveManyProducts}`)).json().sites[0].siteId;
    const foreign = await call(vigil, lukas, "PUT", `/api/portal/advisories/${ids.oneCveManyProducts}/acknowledgements`, { siteId: noordSite, status: "patched", unitsPatched: 1 });
    expect(foreign.statusCode).toBe(404);
    // Internal routes stay closed to customers.
    expect((await call(vigil, lukas, "GET", "/api/advisories")).statusCode).toBe(403);
    expect((await call(vigil, lukas, "GET", `/api/advisories/${ids.oneCveManyProducts}/field-status`)).statusCode).toBe(403);
  });

  test("a customer acknowledges per site and the manufacturer sees the field patch status", async () => {
    const id = ids.oneCveManyProducts;
    const detail = (await call(vigil, lukas, "GET", `/api/portal/advisories/${id}`)).json();
    expect(detail.advisory.trackingId).toBe("DM-SA-2026-001");
    const main = detail.sites.find((s: { site: string }) => s.site === "Main campus");
    expect(main.units).toBe(42);
    const tooMany = await call(vigil, lukas, "PUT", `/api/portal/advisories/${id}/acknowledgements`, { siteId: main.siteId, status: "patched", unitsPatched: 43 });
    expect(tooMany.statusCode).toBe(400);
    const ack = await call(vigil, lukas, "PUT", `/api/portal/advisories/${id}/acknowledgements`, { siteId: main.siteId, status: "in_progress", unitsPatched: 12, comment: "patch applied on 12 units" });
    expect(ack.statusCode, ack.body).toBe(200);
    const field = (await call(vigil, psirt, "GET", `/api/advisories/${id}/field-status`)).json();
    expect(field.totals).toMatchObject({ sites: 3, acknowledged: 1, affectedUnits: 79, patchedUnits: 12 });
    expect(field.sites.find((s: { siteId: string }) => s.siteId === main.siteId).acknowledgement).toMatchObject({ status: "in_progress", unitsPatched: 12, comment: "patch applied on 12 units", revision: "1.1.0" });
    const audit = (await call(vigil, await signInAs(vigil, "auditor"), "GET", "/api/audit?entityType=advisory_acknowledgement")).json();
    expect(JSON.stringify(audit)).toContain("patch applied on 12 units");
  });
});
