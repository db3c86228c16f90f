import { architectureSvg, ELEMENT_TYPE_LABELS, GAP_LABELS, STRIDE_LABELS } from "../../core/threat-model";
import { PHASE_LABELS } from "../../core/risks";
import { renderPdf } from "../documents/pdf";
import { newWorkbook } from "../documents/spreadsheet";
import type { PremarketData } from "./package-data";

type Cell = string | number | null;
const th = (t: string) => ({ text: t, style: "tableHeader" });
const table = (headers: string[], rows: Cell[][], widths?: Array<string | number>) => ({
  table: { headerRows: 1, widths: widths ?? headers.map(() => "*"), body: [headers.map(th), ...rows.map((r) => r.map((c) => (c === null ? "—" : String(c))))] },
  layout: "lightHorizontalLines",
  margin: [0, 2, 0, 8],
});
const none = (what: string) => ({ text: `No ${what} recorded.`, italics: true, margin: [0, 2, 0, 8] });

function header(d: PremarketData, title: string) {
  return [
    { text: title, style: "title" },
    { text: `${d.deviceModel.name} ${d.version.version} · model ${d.deviceModel.modelNumber} · ${d.organisation}`, style: "subtitle" },
  ];
}
const footer = (d: PremarketData, title: string) => `${title} · ${d.deviceModel.name} ${d.version.version}`;
const pdf = (d: PremarketData, title: string, body: unknown[]) => renderPdf({ title: `${title}: ${d.deviceModel.name} ${d.version.version}`, content: [...header(d, title), ...body], footer: footer(d, title) });

/** A spreadsheet cell: text a spreadsheet would run as a formula gets a leading apostrophe. */
const safeCell = (v: Cell) => (typeof v === "string" && /^[=+\-@]/.test(v) ? `'${v}` : v);

export async function workbook(sheets: Array<{ name: string; columns: string[]; rows: Cell[][] }>): Promise<Buffer> {
  const wb = await newWorkbook();
  wb.creator = "Vigil";
  for (const s of sheets) {
    const sheet = wb.addWorksheet(s.name);
    sheet.addRow(s.columns).font = { bold: true };
    sheet.views = [{ state: "frozen", ySplit: 1 }];
    for (const r of s.rows) sheet.addRow(r.map(safeCell));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function architecturePdf(d: PremarketData) {
  const m = d.model;
  const name = new Map(m.elements.map((e) => [e.id, e.name]));
  const drawing = architectureSvg(m);
  return pdf(d, "Architecture views", [
    { text: "Diagram", style: "h2" },
    m.elements.length ? { svg: drawing.svg, width: Math.min(499, drawing.width), margin: [0, 4, 0, 8] } : none("elements"),
    { text: "Trust boundaries are dashed frames; arrows are data flows labelled with the data they carry.", style: "small" },
    { text: "Elements", style: "h2" },
    m.elements.length
      ? table(["Id", "Element", "Type", "SBOM components", "Description"], m.elements.map((e) => [e.id, e.name, ELEMENT_TYPE_LABELS[e.type], e.components.join(", ") || null, e.description || null]), [50, 90, 60, "*", "*"])
      : none("elements"),
    { text: "Trust boundaries", style: "h2" },
    m.boundaries.length ? table(["Id", "Boundary", "Elements inside"], m.boundaries.map((b) => [b.id, b.name, b.elementIds.map((id) => name.get(id) ?? id).join(", ")])) : none("trust boundaries"),
    { text: "Data flows", style: "h2" },
    m.flows.length
      ? table(
          ["Id", "From", "To", "Data", "Protocol", "Crosses"],
          m.flows.map((f) => [f.id, name.get(f.from) ?? f.from, name.get(f.to) ?? f.to, f.data, f.protocol || null, (d.crossed.get(f.id) ?? []).join(", ") || null]),
        )
      : none("data flows"),
  ]);
}

export function threatModelPdf(d: PremarketData) {
  const targets = new Map<string, string>([...d.model.elements.map((e) => [e.id, e.name] as const), ...d.model.flows.map((f) => [f.id, `flow ${f.id}: ${f.data}`] as const)]);
  return pdf(d, "Threat model", [
    { text: "Method: STRIDE per element (data/threat-model/stride.yaml); exploitability on a 1 (hard) to 5 (trivial) scale.", style: "small" },
    d.model.threats.length
      ? {
          ...table(
            ["Id", "Target", "STRIDE", "Threat", "Attack vector", "Preconditions", "Expl.", "Findings"],
            d.model.threats.map((t) => [t.id, targets.get(t.target) ?? t.target, STRIDE_LABELS[t.category], t.title, t.attackVector || null, t.preconditions || null, t.exploitability ?? "not assessed", t.findingIds.length || null]),
            [30, 60, 50, "*", "*", 60, 28, 34],
          ),
          fontSize: 8,
        }
      : none("threats"),
  ]);
}

export function riskAssessmentPdf(d: PremarketData) {
  const rows = d.trace.rows.map((r) => {
    const facts = r.risk ? d.riskFacts.get(r.risk.id) : undefined;
    return [
      r.threatId,
      r.risk ? `${r.risk.reference} ${r.risk.title}` : "none",
      facts ? (PHASE_LABELS[facts.phase as keyof typeof PHASE_LABELS] ?? facts.phase) : null,
      r.risk ? `${r.risk.level}${r.risk.accepted ? " (accepted)" : ""}` : null,
      r.hazard ? `${r.hazard.hazard} → ${r.hazard.harm}` : "no path to harm identified",
      r.hazard?.severity ?? null,
      r.controls.map((c) => c.id).join(", ") || null,
    ];
  });
  const a = d.model.acceptance;
  return pdf(d, "Cybersecurity risk assessment", [
    { text: "Security risks and their safety consequences", style: "h2" },
    rows.length ? { ...table(["Threat", "Security risk", "Lifecycle phase", "Current level", "Hazard → harm", "ISO 14971 severity", "Controls"], rows, [28, "*", 62, 40, "*", 56, 48]), fontSize: 8 } : none("threats"),
    { text: "Traceability gaps", style: "h2" },
    table(["Gap", "Count"], Object.entries(d.trace.gapCounts).map(([code, n]) => [GAP_LABELS[code as keyof typeof GAP_LABELS], n]), ["*", 50]),
    { text: "Residual risk and benefit-risk acceptance", style: "h2" },
    a
      ? { stack: [`Accepted by ${a.acceptedBy} (${a.role}) on ${a.acceptedAt}.`, { text: "Statement", bold: true }, a.statement, { text: "Benefit-risk", bold: true }, a.benefitRisk] }
      : { text: "No acceptance of the residual risk is recorded for this version.", bold: true, color: "#a01010" },
  ]);
}

export function traceabilityWorkbook(d: PremarketData) {
  const rows: Cell[][] = [];
  for (const r of d.trace.rows) {
    const base = [r.threatId, r.title, STRIDE_LABELS[r.category], r.risk ? r.risk.reference : null, r.risk?.level ?? null, r.hazard?.severity ?? null];
    const gaps = r.gaps.map((g) => g.message).join("; ") || null;
    const lines = r.controls.flatMap((c) => (c.verifications.length ? c.verifications.map((v) => [c.id, c.title, v.testCaseId, v.method ?? "not stated", v.result, v.evidence || null]) : [[c.id, c.title, null, null, null, null]]));
    for (const l of lines.length ? lines : [[null, null, null, null, null, null]]) rows.push([...base, ...l, r.result, gaps]);
  }
  return workbook([
    {
      name: "Traceability",
      columns: ["Threat", "Threat title", "STRIDE", "Risk", "Risk level", "Harm severity", "Control", "Control title", "Test case", "Method", "Result", "Evidence", "Trace", "Gaps"],
      rows,
    },
    { name: "Gaps", columns: ["Gap", "Count"], rows: Object.entries(d.trace.gapCounts).map(([code, n]) => [GAP_LABELS[code as keyof typeof GAP_LABELS], n]) },
  ]);
}

export function componentSupportWorkbook(d: PremarketData) {
  return workbook([
    {
      name: "Component support",
      columns: ["Component", "Version", "purl", "Supplier", "Support level", "End of support", "Stated by"],
      rows: d.components.map((c) => [c.name, c.version, c.purl, c.supplier, c.supportLevel, c.endOfSupport, c.source]),
    },
  ]);
}

export function anomaliesWorkbook(d: PremarketData) {
  return workbook([
    {
      name: "Unresolved anomalies",
      columns: ["Vulnerability", "Component", "Version", "Status", "Justification", "Response", "Detail", "Uncontrolled risk", "Priority", "Due", "First seen"],
      rows: d.openFindings.map((f) => [
        f.vulnerabilityId,
        f.componentName,
        f.componentVersion,
        f.status,
        f.justification,
        f.response,
        f.detail,
        f.uncontrolledRisk === null ? "not assessed" : f.uncontrolledRisk ? "yes" : "no",
        f.priority,
        f.dueAt,
        f.firstSeenAt.toISOString().slice(0, 10),
      ]),
    },
  ]);
}

export function maintenancePdf(d: PremarketData) {
  const p = d.policy;
  const sla = d.sla;
  return pdf(d, "Coordinated vulnerability disclosure policy and security update plan", [
    { text: "Coordinated vulnerability disclosure", style: "h2" },
    table(
      ["", ""],
      [
        ["Contact", p.contactEmail],
        ["Website", p.website],
        ["Scope", p.scope],
        ["Out of scope", p.outOfScope],
        ["Safe harbour", p.safeHarbour],
        ["Acknowledgement", `within ${p.acknowledgeWithinDays} days`],
        ["Triage", `within ${p.triageWithinDays} days`],
        ["Disclosure", `within ${p.disclosureWithinDays} days`],
      ],
      [90, "*"],
    ),
    { text: "Security update plan", style: "h2" },
    { text: "Remediation deadlines by finding priority, as configured in Vigil and applied to every finding of this device:" },
    table(
      ["Priority", "Remediate within"],
      [
        ["Critical", `${sla.days.critical} days`],
        ["High", `${sla.days.high} days`],
        ["Medium", `${sla.days.medium} days`],
        ["Low", `${sla.days.low} days`],
        ["Known exploited (CISA KEV)", `at most ${sla.kevMaxDays} days`],
      ],
    ),
    { text: `Version support: ${d.version.supportStatus}; end of support ${d.version.endOfSupport ?? "not set"}.` },
  ]);
}

export function labellingPdf(d: PremarketData) {
  const capabilities = new Map(d.capabilities.map((c) => [c.id, c.title]));
  const controls = d.model.controls.map((c) => [c.id, c.kind === "device_capability" ? (capabilities.get(c.ref) ?? c.ref) : `${c.ref} ${d.controlTitles.get(c.ref) ?? ""}`.trim(), c.title]);
  return pdf(d, "Labelling items for users", [
    { text: "Security configuration", style: "h2" },
    { text: "The security controls of this version that users and operators rely on:" },
    controls.length ? table(["Control", "Capability or harmonised control", "Description"], controls) : none("controls"),
    { text: "External systems and interfaces the operator secures", style: "h2" },
    (() => {
      const rows = d.model.elements.filter((e) => e.type === "external_system" || e.type === "interface").map((e) => [e.name, ELEMENT_TYPE_LABELS[e.type], e.description || null]);
      return rows.length ? table(["Element", "Type", "Notes"], rows) : none("external systems or interfaces");
    })(),
    { text: "End of support", style: "h2" },
    { text: `${d.deviceModel.name} ${d.version.version}: support status ${d.version.supportStatus}; end of support ${d.version.endOfSupport ?? "not yet set"}.` },
    {
      text: `Components without a recorded support level: ${d.components.filter((c) => c.supportLevel === "unknown").length} of ${d.components.length} (shown as "unknown", see the component support table).`,
    },
  ]);
}

export function metricsWorkbook(d: PremarketData) {
  return workbook([
    {
      name: "Lifecycle metrics",
      columns: ["Period", "Findings due", "Remediated on time", "Share on time", "Remediated", "Median days to patch", "Releases", "Units updated", "Median days to installed base"],
      rows: d.metrics.map((m) => [m.period, m.findingsDue, m.remediatedOnTime, m.shareOnTime === null ? null : Math.round(m.shareOnTime * 1000) / 10, m.remediated, m.medianDaysToPatch, m.releases, m.unitsUpdated, m.medianDaysToInstalledBase]),
    },
    {
      name: "Definitions",
      columns: ["Metric", "Definition"],
      rows: [
        ["Share on time", "Of the findings whose deadline falls in the period, the percentage remediated on or before the deadline day (not_affected findings are left out)"],
        ["Median days to patch", "Days from first detection to remediation (component upgraded or VEX status fixed), findings remediated in the period"],
        ["Median days to installed base", "Days from a release of the device model to the installation records running it, weighted by units, releases of the period"],
      ],
    },
  ]);
}

export function mdrViewPdf(d: PremarketData) {
  const served = new Map<string, string[]>();
  for (const doc of d.documents) for (const g of doc.gsprs) served.set(g, [...(served.get(g) ?? []), doc.file]);
  return pdf(d, "MDR technical documentation: cybersecurity", [
    { text: "GSPR 17.2 and 17.4", style: "h2" },
    ...d.gsprs
      .filter((g) => g.id === "mdr:annexI.17.2" || g.id === "mdr:annexI.17.4")
      .map((g) => ({ stack: [{ text: `${g.source.ref}: ${g.title}`, bold: true }, g.text ?? g.summary, { text: `Evidence: ${(served.get(g.id) ?? []).join(", ")}`, style: "small" }], margin: [0, 0, 0, 6] })),
    { text: "MDCG 2019-16 checklist", style: "h2" },
    { text: "Every MDR Annex I requirement the catalog lists for cybersecurity (MDCG 2019-16 rev.1, Table 1), with the documents of this package that give evidence for it.", style: "small" },
    table(
      ["GSPR", "Requirement", "Confidence", "Evidence in this package"],
      d.gsprs.map((g) => [g.source.ref, g.title, g.confidence, (served.get(g.id) ?? []).join(", ") || "evidence outside this package"]),
      [70, "*", 45, 150],
    ),
    { text: "Traceability", style: "h2" },
    { text: `${d.trace.passing} complete trace(s), ${d.trace.failing} with gaps; see 04-traceability-matrix.xlsx.` },
  ]);
}
