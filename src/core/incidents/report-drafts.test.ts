import { describe, expect, test } from "vitest";
import { inspectCatalogDir } from "../../server/catalog/load";
import type { IncidentRecord } from "./incident-record";
import {
  buildEarlyWarning,
  buildFinalReport,
  buildIncidentNotification,
  buildIntermediateReport,
  buildProgressReport,
  buildRecipientNotice,
  buildReportDraft,
  type ReportDocument,
} from "./report-drafts";

// The entity's Member State (DE) is addressed as the catalog records it.
const germany = (await inspectCatalogDir()).catalog.memberStates.get("DE");
const opts = { generatedAt: "2026-03-02T12:00:00Z", timeZone: germany?.timeZone, csirt: germany?.csirt };

const full: IncidentRecord = {
  id: "INC-2026-007",
  title: "Ransomware on the device update server",
  entity: {
    name: "Example Medical GmbH",
    address: "Musterstraße 1, 10115 Berlin",
    contact: { name: "Jane Roe", email: "psirt@example.com", phone: "+49 30 000000" },
    memberState: "DE",
  },
  detectedAt: "2026-03-02T06:40:00Z",
  awareAt: "2026-03-02T08:15:00Z",
  ongoing: true,
  summary: "Ransomware encrypted the server that distributes firmware updates to infusion pumps.",
  affectedServices: ["Firmware update service"],
  affectedProducts: ["InfuseX pump, firmware 4.x"],
  impact: {
    availability: { severity: "high", description: "no updates can be distributed" },
    integrity: { severity: "medium", description: "signing keys under review" },
    confidentiality: { severity: "low", description: "" },
    patientSafety: { severity: "low", description: "pumps keep operating" },
  },
  facts: { usersAffected: 140, memberStatesAffected: ["DE", "AT"], suspectedMalicious: true, financialLossEur: 250_000 },
  threatType: "Ransomware (LockBit variant)",
  rootCause: "Unpatched VPN appliance (CVE-2024-0000)",
  indicatorsOfCompromise: [{ type: "ipv4", value: "203.0.113.7", note: "C2" }],
  mitigationsApplied: ["Server isolated", "VPN appliance patched"],
  mitigationsOngoing: ["Key rotation"],
  updates: [{ at: "2026-03-03T09:00:00Z", text: "Backups verified clean" }],
  recipientMeasures: ["Do not install updates received outside the signed channel", "Report unexpected pump reboots"],
  references: { earlyWarning: "BSI-2026-0042" },
};

const minimal: IncidentRecord = { id: "INC-1", title: "Unknown outage", entity: { name: "Example Medical GmbH" }, awareAt: "2026-03-02T08:15:00Z" };

const text = (d: ReportDocument, id: string) => d.sections.find((s) => s.id === id)?.text ?? "";

describe("NIS2 report drafts", () => {
  test("early warning carries the suspected malicious act and the possible cross-border impact", () => {
    const d = buildEarlyWarning(full, opts);
    expect(d).toMatchObject({ kind: "nis2_early_warning", stage: "early_warning", basis: "NIS2 Art. 23(4)(a)", incidentId: "INC-2026-007" });
    expect(text(d, "malicious")).toMatch(/^Yes: .*unlawful or malicious/);
    expect(text(d, "cross_border")).toMatch(/^Yes: .*DE, AT/);
    expect(d.addressee.csirt).toBe("BSI (joint BSI/BBK reporting office)");
    expect(d.addressee.authority).toMatch(/^\[to be completed/);
    expect(d.fields.find((f) => f.label.startsWith("Became aware"))?.value).toBe("2026-03-02 08:15 UTC (2026-03-02 09:15 CET (+01:00))");
    expect(d.missing).toEqual([]);
  });

  test("incident notification: update, initial assessment with severity and impact, indicators of compromise", () => {
    const d = buildIncidentNotification(full, opts);
    expect(d.basis).toBe("NIS2 Art. 23(4)(b)");
    expect(text(d, "reference")).toBe("Early warning reference: BSI-2026-0042");
    expect(text(d, "initial_assessment")).toMatch(/Overall severity: high/);
    expect(text(d, "initial_assessment")).toMatch(/Availability: high — no updates can be distributed/);
    expect(text(d, "initial_assessment")).toMatch(/Users affected: 140/);
    expect(text(d, "iocs")).toBe("- ipv4: 203.0.113.7 (C2)");
    expect(d.missing).toEqual([]);
  });

  test("final report: description, root cause, applied and ongoing mitigation, cross-border impact", () => {
    const d = buildFinalReport(full, opts);
    expect(d.basis).toBe("NIS2 Art. 23(4)(d)");
    expect(d.sections.map((s) => s.id)).toEqual(["description", "root_cause", "mitigation_applied", "mitigation_ongoing", "cross_border", "iocs"]);
    expect(text(d, "root_cause")).toBe("Type of threat: Ransomware (LockBit variant)\nRoot cause: Unpatched VPN appliance (CVE-2024-0000)");
    expect(text(d, "mitigation_applied")).toBe("- Server isolated\n- VPN appliance patched");
    expect(text(d, "mitigation_ongoing")).toBe("- Key rotation");
    expect(d.missing).toEqual([]);
  });

  test("progress and intermediate reports carry status updates", () => {
    expect(text(buildProgressReport(full, opts), "progress")).toMatch(/Backups verified clean/);
    expect(buildProgressReport(full, opts).basis).toBe("NIS2 Art. 23(4)(e)");
    expect(text(buildIntermediateReport(full, opts), "status_updates")).toMatch(/2026-03-03 09:00 UTC .*Backups verified clean/);
  });

  test("a sparse record yields placeholders and lists what is missing", () => {
    expect(buildEarlyWarning(minimal, opts).missing).toEqual(["summary", "malicious", "cross_border"]);
    expect(buildFinalReport(minimal, opts).missing).toEqual(["description", "root_cause", "mitigation_applied", "mitigation_ongoing", "cross_border"]);
    const d = buildIncidentNotification(minimal, { generatedAt: opts.generatedAt });
    expect(d.missing).toEqual(["update", "initial_assessment"]);
    expect(text(d, "initial_assessment")).toBe("[to be completed: severity and impact]");
    expect(d.addressee.csirt).toBe("[to be completed: national CSIRT]");
    expect(d.sender.contact).toMatch(/^\[to be completed/);
  });

  test("facts not yet known read [to be confirmed] in the drafts, never No or none", () => {
    const unknown: IncidentRecord = {
      ...minimal,
      summary: "Ransomware on the service laptop fleet",
      impact: {
        availability: { severity: "high", description: "" },
        integrity: { severity: "unknown", description: "" },
        confidentiality: { severity: "unknown", description: "" },
        patientSafety: { severity: "unknown", description: "" },
      },
      facts: { memberStatesAffected: [] },
    };
    const early = buildEarlyWarning(unknown, opts);
    expect(text(early, "malicious")).toBe("[to be confirmed: whether unlawful or malicious acts are suspected]");
    expect(text(early, "cross_border")).toBe("[to be confirmed: whether the incident could have a cross-border impact]");
    expect(early.missing).toEqual(["malicious", "cross_border"]);
    const notification = buildIncidentNotification(unknown, opts);
    expect(text(notification, "initial_assessment")).toMatch(/Patient safety: \[to be confirmed: severity\]/);
    expect(text(notification, "update")).toMatch(/Suspected unlawful or malicious act: \[to be confirmed/);
    const allUnknown = { ...unknown, impact: { ...unknown.impact!, availability: { severity: "unknown" as const, description: "" } } };
    expect(buildEarlyWarning(allUnknown, opts).fields.find((f) => f.label === "Severity (assessed)")?.value).toBe("[to be confirmed: severity]");
  });

  test("recipient notice tells customers what they can do", () => {
    const d = buildRecipientNotice(full, opts);
    expect(d.basis).toBe("NIS2 Art. 23(1)–(2)");
    expect(d.addressee.role).toMatch(/recipients/);
    expect(text(d, "measures")).toMatch(/Do not install updates received outside the signed channel/);
    expect(text(d, "affected")).toMatch(/InfuseX pump/);
    expect(text(d, "contact")).toBe("Jane Roe, psirt@example.com, +49 30 000000");
    expect(buildRecipientNotice(minimal, opts).missing).toEqual(["what_happened", "affected", "measures", "our_actions", "contact"]);
  });

  test("buildReportDraft dispatches by stage and has nothing for non-NIS2 stages", () => {
    expect(buildReportDraft("final_report", full, opts)?.kind).toBe("nis2_final_report");
    expect(buildReportDraft("serious_incident_report", full, opts)).toBeUndefined();
  });

  test("drafts are plain JSON", () => {
    const d = buildFinalReport(full, opts);
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });
});
