import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, type Session, signInAs, startTestVigil, type TestVigil } from "../support/app";
import { backends } from "../support/db";

type Component = { name: string; version: string; purl: string; properties?: Array<{ name: string; value: string }> };
const sbomOf = (components: Component[]) =>
  JSON.stringify({
    bomFormat: "CycloneDX",
    specVersion: "1.6",
    version: 1,
    metadata: { timestamp: "2026-11-01T00:00:00Z", component: { type: "firmware", name: "pump-firmware", "bom-ref": "root" } },
    components: components.map((c) => ({ type: "library", "bom-ref": c.name, ...c })),
  });
const rtos = { name: "rulex-rtos", version: "4.2.0", purl: "pkg:generic/rulex/rtos@4.2.0" };
const tls = { name: "rulex-tls", version: "1.1.1", purl: "pkg:generic/rulex/tls@1.1.1" };
const ui = { name: "rulex-ui", version: "5.0.0", purl: "pkg:generic/rulex/ui@5.0.0" };
const stated = { name: "rulex-stated", version: "2.0.0", purl: "pkg:generic/rulex/stated@2.0.0", properties: [{ name: "acme:support-level", value: "supported" }] };

describe.each(await backends())("support rules on %s", (backend) => {
  let vigil: TestVigil;
  let officer: Session;
  let auditor: Session;
  let versions: string[];

  const upload = async (versionId: string, components: Component[]) => {
    const res = await vigil.app.inject({
      method: "POST",
      url: `/api/versions/${versionId}/sboms?fileName=rules.cdx.json`,
      payload: sbomOf(components),
      headers: { cookie: officer.cookie, "x-csrf-token": officer.csrf, "content-type": "application/octet-stream" },
    });
    expect(res.statusCode, res.body).toBe(201);
  };
  const supportOf = async (versionId: string) => {
    const report = (await call(vigil, auditor, "GET", `/api/versions/${versionId}/support-report`)).json();
    return Object.fromEntries(report.items.map((i: { name: string; level: string; endOfSupport: string | null; source: string | null }) => [i.name, { level: i.level, endOfSupport: i.endOfSupport, source: i.source }]));
  };

  beforeAll(async () => {
    vigil = await startTestVigil(backend);
    vigil.clock.now = new Date("2026-12-06T09:00:00Z");
    [officer, auditor] = await Promise.all([signInAs(vigil, "security_officer"), signInAs(vigil, "auditor")]);
    const models = (await call(vigil, officer, "GET", "/api/devices")).json() as Array<{ versions: Array<{ id: string }> }>;
    versions = models.flatMap((m) => m.versions.map((v) => v.id));
    await upload(versions[0], [rtos, tls, ui, stated]);
    const manual = await call(vigil, officer, "POST", "/api/components/support/bulk", { items: [{ purl: ui.purl, supportLevel: "abandoned" }] });
    expect(manual.statusCode, manual.body).toBe(200);
  });
  afterAll(async () => vigil?.stop());

  test("a rule sets what neither the SBOM nor a manual entry states, on current and newly uploaded SBOMs, the most specific rule first", async () => {
    const broad = await call(vigil, officer, "POST", "/api/components/support-rules", { name: "rulex all", purlPattern: "pkg:generic/rulex/*", level: "actively_maintained", endOfSupport: "2030-12-31", note: "Rulex support letter 2026" });
    expect(broad.statusCode, broad.body).toBe(201);
    expect(broad.json()).toMatchObject({ name: "rulex all", decidedComponents: 2 });
    const narrow = await call(vigil, officer, "POST", "/api/components/support-rules", { name: "old tls", purlPattern: "pkg:generic/rulex/tls", versionRange: "vers:generic/<2.0", level: "no_longer_maintained" });
    expect(narrow.statusCode, narrow.body).toBe(201);

    expect(await supportOf(versions[0])).toMatchObject({
      "rulex-rtos": { level: "actively_maintained", endOfSupport: "2030-12-31", source: "rule:rulex all" },
      "rulex-tls": { level: "no_longer_maintained", endOfSupport: null, source: "rule:old tls" },
      "rulex-ui": { level: "abandoned", source: "manual" },
      "rulex-stated": { level: "actively_maintained", endOfSupport: null, source: "sbom" },
    });

    await upload(versions[1], [{ ...tls, version: "2.1.0", purl: "pkg:generic/rulex/tls@2.1.0" }]);
    expect(await supportOf(versions[1])).toMatchObject({ "rulex-tls": { level: "actively_maintained", source: "rule:rulex all" } });

    const portfolio = (await call(vigil, auditor, "GET", "/api/components/support-portfolio")).json();
    expect(portfolio.items.find((i: { purl: string }) => i.purl === tls.purl)).toMatchObject({ level: "no_longer_maintained", source: "rule:old tls", reasons: ["no_longer_maintained"] });

    const audit = (await call(vigil, auditor, "GET", `/api/audit?entityType=support_rule&entityId=${broad.json().id}`)).json();
    expect(audit.entries[0]).toMatchObject({ action: "create" });
  });

  test("changing or deleting a rule re-evaluates what it set and never touches SBOM or manual values", async () => {
    const rules = (await call(vigil, auditor, "GET", "/api/components/support-rules")).json().items as Array<{ id: string; name: string; decidedComponents: number }>;
    const narrow = rules.find((r) => r.name === "old tls")!;
    const broad = rules.find((r) => r.name === "rulex all")!;
    expect(narrow.decidedComponents).toBe(1);

    const changed = await call(vigil, officer, "PUT", `/api/components/support-rules/${broad.id}`, { name: "rulex all", purlPattern: "pkg:generic/rulex/*", level: "no_longer_maintained", endOfSupport: "2026-06-30" });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await supportOf(versions[0]))["rulex-rtos"]).toEqual({ level: "no_longer_maintained", endOfSupport: "2026-06-30", source: "rule:rulex all" });

    expect((await call(vigil, officer, "DELETE", `/api/components/support-rules/${narrow.id}`)).statusCode).toBe(204);
    expect((await supportOf(versions[0]))["rulex-tls"]).toEqual({ level: "no_longer_maintained", endOfSupport: "2026-06-30", source: "rule:rulex all" });

    expect((await call(vigil, officer, "DELETE", `/api/components/support-rules/${broad.id}`)).statusCode).toBe(204);
    expect(await supportOf(versions[0])).toMatchObject({
      "rulex-rtos": { level: "unknown", endOfSupport: null, source: null },
      "rulex-ui": { level: "abandoned", source: "manual" },
      "rulex-stated": { level: "actively_maintained", source: "sbom" },
    });
    const audit = (await call(vigil, auditor, "GET", `/api/audit?entityType=support_rule&entityId=${broad.id}`)).json();
    expect(audit.entries.map((e: { action: string }) => e.action).sort()).toEqual(["create", "delete", "update"]);
  });

  test("bad input is refused with the field named; only writers may change rules", async () => {
    const ok = { name: "x", purlPattern: "pkg:generic/rulex/*", level: "abandoned" };
    for (const [body, field] of [
      [{ ...ok, purlPattern: "rulex/*" }, "purlPattern"],
      [{ ...ok, purlPattern: "pkg:generic/rulex/tls@1.0" }, "purlPattern"],
      [{ ...ok, endOfSupport: "31.12.2030" }, "endOfSupport"],
      [{ ...ok, level: "maybe" }, "level"],
      [{ ...ok, versionRange: "below 2" }, "versionRange"],
    ] as const) {
      const res = await call(vigil, officer, "POST", "/api/components/support-rules", body);
      expect(res.statusCode, field).toBe(400);
      expect(JSON.stringify(res.json().error), field).toContain(field);
    }
    expect((await call(vigil, auditor, "POST", "/api/components/support-rules", ok)).statusCode).toBe(403);
    expect((await call(vigil, officer, "PUT", "/api/components/support-rules/nope", ok)).statusCode).toBe(404);
    expect((await call(vigil, officer, "POST", "/api/components/support-rules", ok)).statusCode).toBe(201);
    expect((await call(vigil, officer, "POST", "/api/components/support-rules", ok)).statusCode).toBe(409);
  });
});
