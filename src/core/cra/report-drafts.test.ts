import { beforeAll, describe, expect, test } from "vitest";
import { inspectCatalogDir } from "../../server/catalog/load";
import type { Catalog } from "../catalog";
import type { IncidentRecord } from "../incidents/incident-record";
import { CRA_CASES, type CraCase } from "./cases";
import { buildCraDraft, CRA_CONTENT_KEYS, CRA_DRAFT_STAGES, CRA_STAGE_ITEMS, type CraDraftFacts, type CraDraftStage, type CraStageItem } from "./report-drafts";

let catalog: Catalog;
beforeAll(async () => {
  catalog = (await inspectCatalogDir()).catalog;
});

const stageItem = (c: CraCase, stage: CraDraftStage): CraStageItem => {
  const item = catalog.items.get(CRA_STAGE_ITEMS[c][stage]!)!;
  return { id: item.id, title: item.title, source: item.source, content: item.content! };
};

const incident = (over: Partial<IncidentRecord> = {}): IncidentRecord => ({
  id: "INC-2026-014",
  title: "Actively exploited vulnerability CVE-2021-44228 in FleetView 4.2.0",
  entity: { name: "Meditronic Devices GmbH", memberState: "DE", contact: { name: "Dr. A. Weber", email: "psirt@meditronic.example" } },
  awareAt: "2026-12-06T08:00:00.000Z",
  ...over,
});

/** FleetView, the hospital-side fleet manager, with Log4Shell listed in KEV: nothing recorded beyond the case. */
const fleetView = (over: Partial<CraDraftFacts> = {}): CraDraftFacts => ({
  incident: incident(),
  cra: { case: "exploited_vulnerability", productId: "p1", findingId: "f1", trigger: "kev", memberStates: ["AT", "DE"] },
  product: { name: "FleetView device fleet manager", regime: "CRA: non-device software", affected: ["FleetView device fleet manager, software 4.2.0"] },
  vulnerability: {
    id: "CVE-2021-44228",
    aliases: ["GHSA-jfh8-c2jp-5v3q"],
    summary: "Remote code execution through JNDI lookups in log messages",
    severity: "critical (CVSS 3.1 10.0)",
    component: "log4j-core 2.14.1",
    version: "4.2.0",
    kevDateAdded: "2021-12-10",
  },
  ...over,
});

/** A ransomware intrusion through the service portal of the same product, as a severe incident. */
const portalBreach = (over: Partial<IncidentRecord> = {}): CraDraftFacts => ({
  incident: incident({ id: "INC-2026-015", title: "Ransomware through the FleetView service portal", ...over }),
  cra: { case: "severe_incident", productId: "p1", trigger: "incident", memberStates: [] },
  product: { name: "FleetView device fleet manager", affected: [] },
});

const build = (c: CraCase, stage: CraDraftStage, f: CraDraftFacts) =>
  buildCraDraft(stage, stageItem(c, stage), f, { generatedAt: "2026-12-06T10:00:00Z", mainEstablishment: "DE", csirt: "CERT-Bund (BSI)" });
const textOf = (doc: ReturnType<typeof build>, id: string) => doc.sections.find((s) => s.id === id)?.text;

describe("CRA Art. 14 report drafts", () => {
  test("every content key the catalog lists for a stage is filled by the builder (data and code cannot drift)", () => {
    for (const c of CRA_CASES) {
      for (const stage of CRA_DRAFT_STAGES[c]) {
        const item = stageItem(c, stage);
        expect(item.content.length, item.id).toBeGreaterThan(0);
        expect(CRA_CONTENT_KEYS, item.id).toEqual(expect.arrayContaining(item.content.map((p) => p.key)));
        expect(build(c, stage, c === "exploited_vulnerability" ? fleetView() : portalBreach()).sections.map((s) => s.id)).toEqual(item.content.map((p) => p.key));
      }
    }
  });

  test("a catalog point the builder does not know stops the draft instead of dropping it", () => {
    const item = stageItem("severe_incident", "final_report");
    const drifted = { ...item, content: [...item.content, { ...item.content[0], key: "lessons_learned" }] };
    expect(() => buildCraDraft("final_report", drifted, portalBreach(), { generatedAt: "2026-12-06T10:00:00Z" })).toThrow(/lessons_learned/);
  });

  type Row = { name: string; c: CraCase; stage: CraDraftStage; facts: CraDraftFacts; basis: string; filled: Record<string, RegExp>; toConfirm: string[] };
  const rows: Row[] = [
    {
      name: "exploited vulnerability, early warning: the Member States from the case",
      c: "exploited_vulnerability",
      stage: "early_warning",
      facts: fleetView(),
      basis: "CRA Art. 14(2)(a)",
      filled: { member_states: /made available in: AT, DE\.$/ },
      toConfirm: [],
    },
    {
      name: "exploited vulnerability, early warning without Member States recorded",
      c: "exploited_vulnerability",
      stage: "early_warning",
      facts: fleetView({ cra: { case: "exploited_vulnerability", productId: "p1", trigger: "marked_exploited", memberStates: [] } }),
      basis: "CRA Art. 14(2)(a)",
      filled: {},
      toConfirm: ["member_states"],
    },
    {
      name: "exploited vulnerability, notification: product and vulnerability known, measures and sensitivity not yet",
      c: "exploited_vulnerability",
      stage: "vulnerability_notification",
      facts: fleetView(),
      basis: "CRA Art. 14(2)(b)",
      filled: { product: /FleetView device fleet manager, software 4\.2\.0/, exploit_and_vulnerability: /CVE-2021-44228, GHSA-jfh8-c2jp-5v3q in log4j-core 2\.14\.1[\s\S]*Known Exploited Vulnerabilities catalog since 2021-12-10/ },
      toConfirm: ["measures_taken", "user_measures", "sensitivity"],
    },
    {
      name: "exploited vulnerability, notification with measures and sensitivity recorded",
      c: "exploited_vulnerability",
      stage: "vulnerability_notification",
      facts: fleetView({
        incident: incident({ mitigationsApplied: ["JNDI lookups disabled by configuration push"], recipientMeasures: ["Block outbound LDAP from the FleetView server"] }),
        cra: { case: "exploited_vulnerability", productId: "p1", trigger: "kev", memberStates: ["DE"], sensitivity: "TLP:AMBER until the update is rolled out" },
      }),
      basis: "CRA Art. 14(2)(b)",
      filled: { measures_taken: /- JNDI lookups disabled/, user_measures: /- Block outbound LDAP/, sensitivity: /TLP:AMBER/ },
      toConfirm: [],
    },
    {
      name: "exploited vulnerability, final report before the fix: the update and the actor are to be confirmed",
      c: "exploited_vulnerability",
      stage: "final_report",
      facts: fleetView(),
      basis: "CRA Art. 14(2)(c)",
      filled: { vulnerability_description: /Remote code execution[\s\S]*Severity of the vulnerability: critical \(CVSS 3\.1 10\.0\)/ },
      toConfirm: ["malicious_actor", "security_update"],
    },
    {
      name: "exploited vulnerability, final report after the fix",
      c: "exploited_vulnerability",
      stage: "final_report",
      facts: fleetView({
        incident: incident({ threatType: "Opportunistic mass exploitation", indicatorsOfCompromise: [{ type: "ipv4", value: "203.0.113.7" }] }),
        cra: { case: "exploited_vulnerability", productId: "p1", trigger: "kev", memberStates: ["DE"], fixAvailableAt: "2026-12-10T12:00:00.000Z" },
      }),
      basis: "CRA Art. 14(2)(c)",
      filled: { security_update: /available since 2026-12-10 12:00 UTC/, malicious_actor: /Opportunistic mass exploitation[\s\S]*ipv4: 203\.0\.113\.7/ },
      toConfirm: [],
    },
    {
      name: "severe incident, early warning: malicious suspicion unknown stays to be confirmed",
      c: "severe_incident",
      stage: "early_warning",
      facts: portalBreach(),
      basis: "CRA Art. 14(4)(a)",
      filled: {},
      toConfirm: ["malicious", "member_states"],
    },
    {
      name: "severe incident, early warning with malicious act suspected",
      c: "severe_incident",
      stage: "early_warning",
      facts: portalBreach({ facts: { suspectedMalicious: true } }),
      basis: "CRA Art. 14(4)(a)",
      filled: { malicious: /^Yes: the incident is suspected to be caused by unlawful or malicious acts/ },
      toConfirm: ["member_states"],
    },
    {
      name: "severe incident, notification: nature and assessment from the record",
      c: "severe_incident",
      stage: "incident_notification",
      facts: portalBreach({ summary: "Encrypted the FleetView update server after a phishing login to the service portal.", severity: "high" }),
      basis: "CRA Art. 14(4)(b)",
      filled: { nature: /phishing login/, initial_assessment: /Overall severity \(assessed\): high/ },
      toConfirm: ["measures_taken", "user_measures", "sensitivity"],
    },
    {
      name: "severe incident, final report: root cause and mitigation split into applied and ongoing",
      c: "severe_incident",
      stage: "final_report",
      facts: portalBreach({
        summary: "Encrypted the FleetView update server.",
        threatType: "Ransomware",
        rootCause: "Service portal without a second factor",
        mitigationsApplied: ["Update server rebuilt from signed images"],
        mitigationsOngoing: ["Second factor rolled out to all portal accounts"],
      }),
      basis: "CRA Art. 14(4)(c)",
      filled: {
        incident_description: /^Encrypted the FleetView update server\./,
        threat_or_root_cause: /Type of threat: Ransomware\nRoot cause: Service portal without a second factor/,
        mitigation: /Applied:\n- Update server rebuilt[\s\S]*Ongoing:\n- Second factor/,
      },
      toConfirm: [],
    },
  ];

  test.each(rows)("$name", ({ c, stage, facts, basis, filled, toConfirm }) => {
    const doc = build(c, stage, facts);
    expect(doc).toMatchObject({ regime: "cra", case: c, stage, basis });
    for (const [id, pattern] of Object.entries(filled)) expect(textOf(doc, id), id).toMatch(pattern);
    expect(doc.missing).toEqual(toConfirm);
    for (const id of toConfirm) expect(textOf(doc, id)).toMatch(/^\[to be confirmed: /);
  });

  test("addressed to the coordinating CSIRT of the main establishment and ENISA via the single reporting platform", () => {
    const doc = build("exploited_vulnerability", "early_warning", fleetView());
    expect(doc.addressee.csirt).toMatch(/^CERT-Bund \(BSI\) \(national CSIRT of DE/);
    expect(doc.addressee.authority).toBe("ENISA");
    expect(doc.addressee.submissionChannel).toMatch(/Single reporting platform \(CRA Art\. 16\)/);
    expect(doc.addressee.role).toMatch(/Art\. 14\(7\)/);
    const unknown = buildCraDraft("early_warning", stageItem("severe_incident", "early_warning"), portalBreach(), { generatedAt: "2026-12-06T10:00:00Z" });
    expect(unknown.addressee.csirt).toMatch(/^\[to be completed: CSIRT designated as coordinator/);
  });

  test("each section carries the point's source and confidence from the catalog", () => {
    const doc = build("exploited_vulnerability", "final_report", fleetView());
    expect(doc.sections.map((s) => s.source)).toEqual(["Art. 14(2)(c)(i)", "Art. 14(2)(c)(ii)", "Art. 14(2)(c)(iii)"]);
    expect(doc.sections.find((s) => s.id === "malicious_actor")).toMatchObject({ qualifier: "where_available", confidence: "V3" });
  });
});
