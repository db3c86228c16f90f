import type { Assessment, LegalBasis } from "../../core/applicability";
import { type PdfContent, renderPdf } from "../documents/pdf";

const eur = (n: number) => `€${n.toLocaleString("en-GB")}`;
const cite = (b: LegalBasis | null | undefined) =>
  b ? { text: `${b.citation} — confidence ${b.confidence}`, style: "small", margin: [0, 0, 0, 4] } : "";

/** The "NIS2 applicability memo": the assessment with every line's legal basis, for management and auditors. */
export function applicabilityMemo(a: Assessment, organisation: string): Promise<Buffer> {
  const p = a.profile;
  const content: PdfContent = [
    { text: "NIS2 applicability memo", style: "title" },
    {
      text: `${organisation || "Organisation"} — assessed on ${a.assessedOn} with catalog ${a.catalog.version}`,
      style: "subtitle",
    },
    { text: "Result", style: "h2" },
    {
      table: {
        widths: [140, "*"],
        body: [
          ["Size category", `${a.sizeCategory} — ${a.size.rule}`],
          ["Classification", `${a.classification.replace(/_/g, " ").toUpperCase()} — ${a.basis.explanation}`],
          ["Supervision", `${a.supervision.regime.replace("_", " ")} — ${a.supervision.summary}`],
          ["Maximum fine", a.maxFineEur === null ? "not applicable" : `${eur(a.maxFineEur)} — ${a.maxFine.formula}`],
        ],
      },
      layout: "lightHorizontalLines",
    },
    { text: "Why", style: "h2" },
    { text: a.size.rule },
    cite(a.size.basis),
    { text: a.basis.explanation },
    cite(a.basis.basis),
    ...a.basis.notes.map((n) => ({ text: `Note: ${n.text}`, italics: true, margin: [0, 2, 0, 2] })),
    ...a.size.notes.map((n) => ({ text: `Note: ${n}`, italics: true, margin: [0, 2, 0, 2] })),
    { text: `Supervision: ${a.supervision.summary}`, margin: [0, 6, 0, 0] },
    a.supervision.enforcementMeasures.length ? { ul: a.supervision.enforcementMeasures, margin: [8, 2, 0, 2] } : "",
    cite(a.supervision.basis),
    { text: `Maximum fine: ${a.maxFine.formula}. ${a.maxFine.note}`, margin: [0, 6, 0, 0] },
    cite(a.maxFine.basis),
    { text: "Profile assessed", style: "h2" },
    {
      ul: [
        `Establishments: ${p.establishments.join(", ") || "none"}`,
        `Staff headcount: ${p.staffHeadcount}`,
        `Annual turnover: ${eur(p.annualTurnoverEur)}; balance-sheet total: ${eur(p.balanceSheetTotalEur)}`,
        `Activities: ${p.activities.join(", ") || "none"}`,
        `Designations: ${p.designations.join(", ") || "none"}`,
      ],
    },
    { text: "Member States of establishment", style: "h2" },
    ...a.memberStates.flatMap((m) => [
      { text: `${m.country} — ${m.statusExplanation}`, style: "h3" },
      {
        ul: [
          m.law ? `Law: ${m.law}` : null,
          m.competentAuthority ? `Competent authority: ${m.competentAuthority}` : null,
          m.csirt ? `CSIRT: ${m.csirt}` : null,
          m.portal ? `Reporting portal: ${m.portal.name}${m.portal.url ? ` (${m.portal.url})` : ""}` : null,
          `Registration: ${m.registration.text}${m.registration.deadline ? ` (deadline ${m.registration.deadline})` : ""}`,
          ...m.reportingDeviations.map((d) => `Reporting deviation: ${d.summary}`),
          `Confidence of this record: ${m.confidence ?? "no record"}`,
          m.isEuMemberState ? `Last verified: ${m.verifiedOn ?? "not recorded"}${m.source ? ` against ${m.source.ref}` : ""}` : null,
        ].filter(Boolean),
      },
    ]),
    { text: "Obligations", style: "h2" },
    {
      table: {
        headerRows: 1,
        widths: ["*", 150, 70],
        body: [
          [
            { text: "Obligation", style: "tableHeader" },
            { text: "Basis", style: "tableHeader" },
            { text: "Served by", style: "tableHeader" },
          ],
          ...a.obligations.map((o) => [
            { text: [{ text: `${o.title} (${o.status})`, bold: true }, `\n${o.summary}`, o.deadline ? `\nDeadline: ${o.deadline.text}` : ""] },
            { text: `${o.basis.citation} (${o.basis.confidence})`, style: "small" },
            o.feature,
          ]),
        ],
      },
      layout: "lightHorizontalLines",
    },
    { text: "Key dates", style: "h2" },
    { ul: a.keyDates.map((d) => `${d.date}${d.country ? ` (${d.country})` : ""}: ${d.title} — ${d.status}`) },
    {
      text:
        "This memo is computed from the organisation profile and Vigil's regulatory catalog; items marked V3 or UNVERIFIED " +
        "come from secondary sources and should be confirmed. It is not legal advice.",
      style: "small",
      margin: [0, 16, 0, 0],
    },
  ];
  return renderPdf({ title: "NIS2 applicability memo", content, footer: `NIS2 applicability memo — ${organisation}` });
}
