import { parseCvss } from "../scoring/cvss";
import { type Advisory, type AdvisoryVulnerability, type ProductEntry, productIndex } from "./advisory-model";
import { cweName } from "./cwe";
import { toCsaf } from "./vex-vocabulary";

/**
 * Builds a CSAF 2.0 document from an advisory, for the profiles `csaf_security_advisory` and
 * `csaf_vex`. The result is plain JSON; check it with `validateCsaf`.
 *
 * CSAF 2.0 has no field for CVSS v4.0, so a v4.0 vector is carried as a vulnerability note
 * titled "CVSS v4.0" (CSAF 2.1 adds `cvss_v4`).
 */

export type CsafProfile = "csaf_security_advisory" | "csaf_vex";

type Json = Record<string, any>;

const TLP_URL = "https://www.first.org/tlp/";
function identificationHelper(entry: ProductEntry): Json | undefined {
  const v = entry.version;
  const helper: Json = {};
  if (v.cpe) helper.cpe = v.cpe;
  if (v.purl) helper.purl = v.purl;
  if (v.modelNumbers?.length) helper.model_numbers = v.modelNumbers;
  if (v.skus?.length) helper.skus = v.skus;
  return Object.keys(helper).length > 0 ? helper : undefined;
}

export function buildCsafProductTree(advisory: Pick<Advisory, "products">): Json {
  const index = productIndex(advisory);
  const versionBranch = (entry: ProductEntry): Json => {
    const helper = identificationHelper(entry);
    return {
      category: "product_version",
      name: entry.version.version,
      product: {
        name: entry.fullName,
        product_id: entry.productId,
        ...(helper ? { product_identification_helper: helper } : {}),
      },
    };
  };
  const productBranch = (vendor: string, family: string | undefined, name: string): Json => ({
    category: "product_name",
    name,
    branches: [...index.values()]
      .filter((e) => e.vendor === vendor && e.family === family && e.product === name)
      .map(versionBranch),
  });
  return {
    branches: advisory.products.vendors.map((vendor) => ({
      category: "vendor",
      name: vendor.name,
      branches: [
        ...vendor.families.map((family) => ({
          category: "product_family",
          name: family.name,
          branches: family.products.map((p) => productBranch(vendor.name, family.name, p.name)),
        })),
        ...vendor.products.map((p) => productBranch(vendor.name, undefined, p.name)),
      ],
    })),
  };
}

function acknowledgments(list: Advisory["acknowledgments"]): Json[] {
  return list.map((a) => ({
    ...(a.names ? { names: a.names } : {}),
    ...(a.organization ? { organization: a.organization } : {}),
    ...(a.summary ? { summary: a.summary } : {}),
    ...(a.urls ? { urls: a.urls } : {}),
  }));
}

function references(list: Advisory["references"]): Json[] {
  return list.map((r) => ({ category: r.category, summary: r.summary, url: r.url }));
}

function productStatusGroups(vuln: AdvisoryVulnerability): Record<string, string[]> {
  const groups: Record<string, string[]> = {};
  for (const ps of vuln.productStatus) {
    const { productStatus } = toCsaf(ps);
    groups[productStatus] ??= [];
    groups[productStatus].push(ps.productId);
  }
  const recommended = vuln.productStatus.filter((ps) => ps.recommended).map((ps) => ps.productId);
  if (recommended.length > 0) groups.recommended = recommended;
  return groups;
}

function flags(vuln: AdvisoryVulnerability): Json[] {
  const byLabel = new Map<string, string[]>();
  for (const ps of vuln.productStatus) {
    const { flag } = toCsaf(ps);
    if (flag) byLabel.set(flag, [...(byLabel.get(flag) ?? []), ps.productId]);
  }
  return [...byLabel].map(([label, ids]) => ({ label, product_ids: ids }));
}

function threats(vuln: AdvisoryVulnerability): Json[] {
  const out: Json[] = [];
  const byImpact = new Map<string, string[]>();
  for (const ps of vuln.productStatus) {
    if (ps.status === "not_affected" && ps.impactStatement) {
      byImpact.set(ps.impactStatement, [...(byImpact.get(ps.impactStatement) ?? []), ps.productId]);
    }
  }
  for (const [details, ids] of byImpact) out.push({ category: "impact", details, product_ids: ids });
  const exposed = vuln.productStatus
    .filter((ps) => ps.status === "affected" || ps.status === "under_investigation")
    .map((ps) => ps.productId);
  if (vuln.patientSafetyImpact && exposed.length > 0) {
    out.push({ category: "impact", details: `Patient safety: ${vuln.patientSafetyImpact}`, product_ids: exposed });
  }
  if (vuln.exploitStatus && exposed.length > 0) {
    out.push({ category: "exploit_status", details: vuln.exploitStatus, product_ids: exposed });
  }
  return out;
}

function scores(vuln: AdvisoryVulnerability): Json[] {
  const scored = vuln.productStatus.filter((ps) => ps.status !== "not_affected").map((ps) => ps.productId);
  if (!vuln.cvss.v31 || scored.length === 0) return [];
  const parsed = parseCvss(vuln.cvss.v31, { assumeVersion: "3.1" });
  if (!parsed.ok || parsed.score.version !== "3.1") return [];
  return [
    {
      cvss_v3: {
        version: "3.1",
        vectorString: parsed.score.vector,
        baseScore: parsed.score.baseScore,
        baseSeverity: parsed.score.severity.toUpperCase(),
      },
      products: scored,
    },
  ];
}

function vulnerability(vuln: AdvisoryVulnerability): Json {
  const notes: Json[] = [
    { category: "description", title: "Vulnerability description", text: vuln.description },
    ...vuln.notes.map((n) => ({ category: n.category, text: n.text, ...(n.title ? { title: n.title } : {}) })),
  ];
  if (vuln.cvss.v40) {
    const v4 = parseCvss(vuln.cvss.v40);
    if (v4.ok && v4.score.version === "4.0") {
      notes.push({
        category: "other",
        title: "CVSS v4.0",
        text: `${v4.score.vector} (base score ${v4.score.baseScore}, ${v4.score.severity})`,
      });
    }
  }
  const cweId = vuln.cwe?.id;
  const cweNameValue = vuln.cwe?.name ?? (cweId ? cweName(cweId) : undefined);
  const vulnFlags = flags(vuln);
  const vulnThreats = threats(vuln);
  const vulnScores = scores(vuln);
  return {
    ...(vuln.cve ? { cve: vuln.cve } : {}),
    ...(cweId && cweNameValue ? { cwe: { id: cweId, name: cweNameValue } } : {}),
    ...(vuln.ids.length > 0 ? { ids: vuln.ids.map((i) => ({ system_name: i.system, text: i.text })) } : {}),
    ...(vuln.title ? { title: vuln.title } : {}),
    ...(vuln.discoveryDate ? { discovery_date: vuln.discoveryDate } : {}),
    ...(vuln.releaseDate ? { release_date: vuln.releaseDate } : {}),
    notes,
    product_status: productStatusGroups(vuln),
    ...(vulnFlags.length > 0 ? { flags: vulnFlags } : {}),
    ...(vuln.remediations.length > 0
      ? {
          remediations: vuln.remediations.map((r) => ({
            category: r.category,
            details: r.details,
            product_ids: r.productIds,
            ...(r.url ? { url: r.url } : {}),
            ...(r.date ? { date: r.date } : {}),
          })),
        }
      : {}),
    ...(vulnScores.length > 0 ? { scores: vulnScores } : {}),
    ...(vulnThreats.length > 0 ? { threats: vulnThreats } : {}),
    ...(vuln.references.length > 0 ? { references: references(vuln.references) } : {}),
    ...(vuln.acknowledgments.length > 0 ? { acknowledgments: acknowledgments(vuln.acknowledgments) } : {}),
  };
}

export interface CsafBuildOptions {
  profile: CsafProfile;
  /** When the document is generated (tracking.generator.date); omitted when not given. */
  generatedAt?: string;
}

export function buildCsaf(advisory: Advisory, options: CsafBuildOptions): Json {
  const current = advisory.revisions[advisory.revisions.length - 1];
  const documentNotes: Json[] = [{ category: "summary", title: "Summary", text: advisory.summary }];
  if (advisory.details) documentNotes.push({ category: "details", title: "Details", text: advisory.details });
  return {
    document: {
      category: options.profile,
      csaf_version: "2.0",
      title: advisory.title,
      lang: advisory.language,
      distribution: { tlp: { label: advisory.tlp.label, url: advisory.tlp.url ?? TLP_URL } },
      publisher: {
        category: advisory.publisher.category,
        name: advisory.publisher.name,
        namespace: advisory.publisher.namespace,
        ...(advisory.publisher.contactDetails ? { contact_details: advisory.publisher.contactDetails } : {}),
        ...(advisory.publisher.issuingAuthority ? { issuing_authority: advisory.publisher.issuingAuthority } : {}),
      },
      notes: documentNotes,
      ...(advisory.references.length > 0 ? { references: references(advisory.references) } : {}),
      ...(advisory.acknowledgments.length > 0 ? { acknowledgments: acknowledgments(advisory.acknowledgments) } : {}),
      tracking: {
        id: advisory.trackingId,
        status: advisory.status,
        version: current.number,
        initial_release_date: advisory.initialReleaseDate,
        current_release_date: current.date,
        revision_history: advisory.revisions.map((r) => ({ date: r.date, number: r.number, summary: r.summary })),
        generator: {
          engine: { name: advisory.generator.name, version: advisory.generator.version },
          ...(options.generatedAt ? { date: options.generatedAt } : {}),
        },
      },
    },
    product_tree: buildCsafProductTree(advisory),
    vulnerabilities: advisory.vulnerabilities.map(vulnerability),
  };
}
