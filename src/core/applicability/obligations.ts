import { ancestorsOf, type Catalog, requireItem } from "../catalog";
import { basisOf, type LegalBasis } from "./basis";
import type { Classification } from "./classify";
import type { MemberStateAssessment } from "./member-states";
import type { Profile } from "./profile";

/** The Vigil area that serves an obligation. */
export type VigilFeature =
  | "organisation"
  | "compliance"
  | "policies"
  | "training"
  | "risks"
  | "suppliers"
  | "continuity"
  | "assets"
  | "access"
  | "products"
  | "vulnerabilities"
  | "incidents"
  | "advisories";

export interface Obligation {
  id: string;
  regime: "NIS2" | "Reg. (EU) 2024/2690" | "MDR" | "IVDR";
  title: string;
  summary: string;
  status: "mandatory" | "voluntary";
  feature: VigilFeature;
  deadline: { text: string; duration?: string; from?: string } | null;
  basis: LegalBasis;
  nationalDeviations: { country: string; summary: string }[];
}

interface Spec {
  id: string;
  regime: Obligation["regime"];
  items: string[];
  feature: VigilFeature;
  title?: string;
  summary?: string;
  status?: Obligation["status"];
  /** Overrides the deadline carried by the first basis item. */
  deadline?: Obligation["deadline"];
}

const MEASURE_FEATURES: Record<string, VigilFeature> = {
  a: "risks",
  b: "incidents",
  c: "continuity",
  d: "suppliers",
  e: "vulnerabilities",
  f: "compliance",
  g: "training",
  h: "policies",
  i: "assets",
  j: "access",
};

function nis2Specs(profile: Profile): Spec[] {
  const specs: Spec[] = [
    {
      id: "nis2.registration",
      regime: "NIS2",
      items: ["nis2:art3.4"],
      feature: "organisation",
      title: "Register with the national authority",
      summary: "Give each Member State of establishment the entity's name, address, contact details, IP ranges, sector and the Member States where it provides services.",
      deadline: { text: "per national law — see memberStates[].registration" },
    },
    {
      id: "nis2.registration.keep-current",
      regime: "NIS2",
      items: ["nis2:art3.4"],
      feature: "organisation",
      title: "Keep the registration data current",
      summary: "Notify changes to the registered data without delay and in any event within two weeks.",
    },
    { id: "nis2.management.approval", regime: "NIS2", items: ["nis2:art20.1"], feature: "compliance" },
    { id: "nis2.management.training", regime: "NIS2", items: ["nis2:art20.2"], feature: "training" },
    { id: "nis2.measures.proportionate", regime: "NIS2", items: ["nis2:art21.1"], feature: "risks" },
    ...Object.entries(MEASURE_FEATURES).map(([letter, feature]) => ({
      id: `nis2.measures.${letter}`,
      regime: "NIS2" as const,
      items: [`nis2:art21.2.${letter}`],
      feature,
    })),
    { id: "nis2.supply-chain.supplier-assessment", regime: "NIS2", items: ["nis2:art21.3"], feature: "suppliers" },
    { id: "nis2.measures.corrective", regime: "NIS2", items: ["nis2:art21.4"], feature: "compliance" },
    ...["a", "b", "c", "d", "e"].map((stage) => ({
      id: `nis2.reporting.${stage}`,
      regime: "NIS2" as const,
      items: [`nis2:art23.4.${stage}`],
      feature: "incidents" as const,
    })),
    { id: "nis2.reporting.recipients", regime: "NIS2", items: ["nis2:art23.1"], feature: "incidents" },
    { id: "nis2.reporting.cyber-threats", regime: "NIS2", items: ["nis2:art23.2"], feature: "advisories" },
  ];
  if (profile.activities.includes("cloud_computing_service")) {
    specs.push(
      {
        id: "cir2024-2690.technical-requirements",
        regime: "Reg. (EU) 2024/2690",
        items: ["cir2024-2690:art2", "cir2024-2690:annex"],
        feature: "compliance",
        title: "Apply the technical and methodological requirements of the 2024/2690 Annex",
        summary: "As a cloud computing service provider, implement the Annex requirements for each Art. 21(2) measure and document where a measure is deemed not appropriate.",
      },
      {
        id: "cir2024-2690.significance",
        regime: "Reg. (EU) 2024/2690",
        items: ["cir2024-2690:art3", "cir2024-2690:art7"],
        feature: "incidents",
        title: "Use the 2024/2690 significance criteria for incidents",
        summary: "Decide significance with the general and cloud-specific criteria of the Implementing Regulation.",
      },
      { id: "nis2.enisa-registry", regime: "NIS2", items: ["nis2:art27"], feature: "organisation" },
    );
  }
  return specs;
}

function deviceSpecs(profile: Profile): Spec[] {
  const specs: Spec[] = [];
  const acts = new Set(profile.activities);
  if (acts.has("medical_devices") || acts.has("critical_devices_list")) {
    specs.push(
      {
        id: "mdr.gspr.software-security",
        regime: "MDR",
        items: ["mdr:annexI.17.2", "mdr:annexI.17.4", "mdr:annexI.18.8", "mdr:annexI.14.2.d"],
        feature: "products",
        title: "Device cybersecurity by design (MDR Annex I)",
        summary: "Develop device software to the state of the art including information security, protect against unauthorised access, and state minimum IT security requirements.",
      },
      { id: "mdr.ifu.it-requirements", regime: "MDR", items: ["mdr:annexI.23.4.ab"], feature: "products" },
      { id: "mdr.vigilance.general", regime: "MDR", items: ["mdr:art87.3"], feature: "incidents" },
      { id: "mdr.vigilance.public-health-threat", regime: "MDR", items: ["mdr:art87.4"], feature: "incidents" },
      { id: "mdr.vigilance.death", regime: "MDR", items: ["mdr:art87.5"], feature: "incidents" },
      { id: "mdr.vigilance.fsca", regime: "MDR", items: ["mdr:art87.8"], feature: "advisories" },
      { id: "mdr.trend-reporting", regime: "MDR", items: ["mdr:art88"], feature: "incidents" },
    );
  }
  if (acts.has("in_vitro_diagnostics")) {
    specs.push(
      {
        id: "ivdr.gspr.software-security",
        regime: "IVDR",
        items: ["ivdr:annexI.16.2", "ivdr:annexI.16.4", "ivdr:annexI.13.2.d"],
        feature: "products",
        title: "Device cybersecurity by design (IVDR Annex I)",
        summary: "Develop device software to the state of the art including information security, and state minimum IT security requirements.",
      },
      { id: "ivdr.ifu.it-requirements", regime: "IVDR", items: ["ivdr:annexI.20.4.1.ah"], feature: "products" },
      { id: "ivdr.vigilance.general", regime: "IVDR", items: ["ivdr:art82.general"], feature: "incidents" },
      { id: "ivdr.vigilance.public-health-threat", regime: "IVDR", items: ["ivdr:art82.public-health-threat"], feature: "incidents" },
      { id: "ivdr.vigilance.death", regime: "IVDR", items: ["ivdr:art82.death"], feature: "incidents" },
      { id: "ivdr.trend-reporting", regime: "IVDR", items: ["ivdr:art83"], feature: "incidents" },
    );
  }
  return specs;
}

function deviationsFor(
  items: string[],
  catalog: Catalog,
  memberStates: readonly MemberStateAssessment[],
): { country: string; summary: string }[] {
  const related = new Set<string>();
  for (const id of items) {
    related.add(id);
    for (const a of ancestorsOf(catalog, id)) related.add(a.id);
  }
  const out: { country: string; summary: string }[] = [];
  for (const ms of memberStates) {
    for (const d of ms.reportingDeviations) {
      if (d.affects.some((a) => related.has(a))) out.push({ country: ms.country, summary: d.summary });
    }
  }
  return out;
}

/**
 * The obligations register: NIS2 duties when in scope (governance, the Art. 21 measures, supply chain, reporting
 * stages, registration), 2024/2690 duties for cloud providers, and MDR/IVDR duties that apply in parallel whatever
 * the NIS2 classification.
 */
export function obligationsFor(
  profile: Profile,
  classification: Classification,
  catalog: Catalog,
  memberStates: readonly MemberStateAssessment[],
): Obligation[] {
  const specs: Spec[] =
    classification === "out_of_scope"
      ? [{ id: "nis2.voluntary-notification", regime: "NIS2", items: ["nis2:art30"], feature: "incidents", status: "voluntary" }]
      : nis2Specs(profile);
  specs.push(...deviceSpecs(profile));
  return specs.map((spec) => {
    const first = requireItem(catalog, spec.items[0]);
    return {
      id: spec.id,
      regime: spec.regime,
      title: spec.title ?? first.title,
      summary: spec.summary ?? first.summary ?? first.title,
      status: spec.status ?? "mandatory",
      feature: spec.feature,
      deadline: spec.deadline !== undefined ? spec.deadline : first.deadline ? { ...first.deadline } : null,
      basis: basisOf(catalog, spec.items),
      nationalDeviations: spec.regime === "NIS2" ? deviationsFor(spec.items, catalog, memberStates) : [],
    };
  });
}
