/**
 * The CSAF 2.0 provider layout (CSAF 2.0 section 7.1): file names, the directory of one TLP
 * label, index.txt, changes.csv, the ROLIE feed, provider-metadata.json, and security.txt
 * (RFC 9116). Everything here is text built from what the caller passes; no I/O.
 */

export type TlpLabel = "WHITE" | "GREEN" | "AMBER" | "RED";

/** CSAF 2.0 section 5.1: lower case, every run of characters outside [+\-a-z0-9] becomes "_". */
export function csafFileName(trackingId: string): string {
  return `${trackingId.toLowerCase().replace(/[^+\-a-z0-9]+/g, "_")}.json`;
}

export interface ProviderEntry {
  trackingId: string;
  title: string;
  tlp: TlpLabel;
  /** tracking.initial_release_date: the year folder comes from it. */
  initialReleaseDate: string;
  /** tracking.current_release_date: changes.csv and the feed order by it. */
  currentReleaseDate: string;
  summary?: string;
}

/** Path of a document relative to the TLP folder, e.g. `2026/vigil-sa-2026-001.json`. */
export function relativePath(entry: Pick<ProviderEntry, "trackingId" | "initialReleaseDate">): string {
  return `${entry.initialReleaseDate.slice(0, 4)}/${csafFileName(entry.trackingId)}`;
}

export const tlpFolder = (tlp: TlpLabel) => tlp.toLowerCase();

const newestFirst = (a: ProviderEntry, b: ProviderEntry) =>
  b.currentReleaseDate.localeCompare(a.currentReleaseDate) || a.trackingId.localeCompare(b.trackingId);

/** index.txt: one relative path per line. */
export function indexTxt(entries: ProviderEntry[]): string {
  return entries
    .map(relativePath)
    .sort()
    .map((p) => `${p}\n`)
    .join("");
}

/** changes.csv: `"path","current release date"`, newest first (CSAF 2.0 requirement 13). */
export function changesCsv(entries: ProviderEntry[]): string {
  return [...entries]
    .sort(newestFirst)
    .map((e) => `"${relativePath(e)}","${e.currentReleaseDate}"\n`)
    .join("");
}

export interface FeedOptions {
  /** URL of the TLP folder, ending in "/". */
  folderUrl: string;
  feedUrl: string;
  tlp: TlpLabel;
  publisherName: string;
  /** Feed "updated": the newest entry's date, or the given fallback for an empty feed. */
  emptyUpdated: string;
}

/** ROLIE feed (RFC 8322) of one TLP label, as CSAF 2.0 requirement 15 describes it. */
export function rolieFeed(entries: ProviderEntry[], options: FeedOptions): Record<string, unknown> {
  const sorted = [...entries].sort(newestFirst);
  return {
    feed: {
      id: `${options.publisherName.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-csaf-feed-tlp-${tlpFolder(options.tlp)}`,
      title: `${options.publisherName} CSAF feed (TLP:${options.tlp})`,
      link: [{ rel: "self", href: options.feedUrl }],
      category: [{ scheme: "urn:ietf:params:rolie:category:information-type", term: "csaf" }],
      updated: sorted[0]?.currentReleaseDate ?? options.emptyUpdated,
      entry: sorted.map((e) => {
        const href = `${options.folderUrl}${relativePath(e)}`;
        return {
          id: e.trackingId,
          title: e.title,
          link: [
            { rel: "self", href },
            { rel: "hash", href: `${href}.sha256` },
            { rel: "hash", href: `${href}.sha512` },
          ],
          published: e.initialReleaseDate,
          updated: e.currentReleaseDate,
          ...(e.summary ? { summary: { content: e.summary } } : {}),
          content: { type: "application/json", src: href },
          format: { schema: "https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json", version: "2.0" },
        };
      }),
    },
  };
}

export interface ProviderMetadataOptions {
  /** Base URL of the public site, without a trailing slash. */
  baseUrl: string;
  publisher: { name: string; namespace: string; contactDetails?: string };
  /** TLP labels with a public feed. */
  publicTlps: TlpLabel[];
  lastUpdated: string;
}

export const WELL_KNOWN_CSAF = "/.well-known/csaf";

export function providerMetadata(options: ProviderMetadataOptions): Record<string, unknown> {
  const root = `${options.baseUrl}${WELL_KNOWN_CSAF}`;
  return {
    canonical_url: `${root}/provider-metadata.json`,
    distributions: [
      { directory_url: `${root}/${tlpFolder(options.publicTlps[0] ?? "WHITE")}/` },
      {
        rolie: {
          feeds: options.publicTlps.map((tlp) => ({
            summary: `Security advisories (TLP:${tlp})`,
            tlp_label: tlp,
            url: `${root}/${tlpFolder(tlp)}/csaf-feed-tlp-${tlpFolder(tlp)}.json`,
          })),
        },
      },
    ],
    last_updated: options.lastUpdated,
    list_on_CSAF_aggregators: true,
    metadata_version: "2.0",
    mirror_on_CSAF_aggregators: true,
    publisher: {
      category: "vendor",
      name: options.publisher.name,
      namespace: options.publisher.namespace,
      ...(options.publisher.contactDetails ? { contact_details: options.publisher.contactDetails } : {}),
    },
    role: "csaf_provider",
  };
}

export interface SecurityTxtOptions {
  baseUrl: string;
  contacts: string[];
  expires: string;
  policyUrl: string;
  languages?: string[];
}

/** RFC 9116 security.txt, with the CSAF field of CSAF 2.0 requirement 8. */
export function securityTxt(options: SecurityTxtOptions): string {
  const lines = [
    ...options.contacts.map((c) => `Contact: ${c}`),
    `Expires: ${options.expires}`,
    `Policy: ${options.policyUrl}`,
    `Preferred-Languages: ${(options.languages ?? ["en"]).join(", ")}`,
    `Canonical: ${options.baseUrl}/.well-known/security.txt`,
    `CSAF: ${options.baseUrl}${WELL_KNOWN_CSAF}/provider-metadata.json`,
  ];
  return `${lines.join("\n")}\n`;
}
