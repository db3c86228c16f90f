/**
 * Reading a supplier's CSAF provider (CSAF 2.0 section 7): provider-metadata.json, the directory's index.txt
 * and changes.csv, ROLIE feeds and the .sha256/.sha512 files. Pure parsing of text already fetched; the
 * result names what to fetch next. A problem is returned with the path it concerns and a reason.
 */

export type ProviderProblem = { path: string; reason: string };

export interface ProviderDistributions {
  publisher: string | null;
  /** Directory URLs, each ending in "/". */
  directories: string[];
  /** ROLIE feed URLs with the TLP label the metadata gives them. */
  feeds: Array<{ url: string; tlp: string | null }>;
  /** The provider's OpenPGP public keys (public_openpgp_keys), with the fingerprint the metadata states. */
  openpgpKeys: Array<{ url: string; fingerprint: string | null }>;
}

const obj = (v: unknown): Record<string, unknown> | null => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const str = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v : null);

function absolute(href: string, base: string): string | null {
  try {
    const url = new URL(href, base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.toString() : null;
  } catch {
    return null;
  }
}

export function parseProviderMetadata(text: string, metadataUrl: string): { ok: true; value: ProviderDistributions } | { ok: false; problem: ProviderProblem } {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    return { ok: false, problem: { path: "provider-metadata.json", reason: `not valid JSON: ${(e as Error).message}` } };
  }
  const root = obj(doc);
  if (!root || !Array.isArray(root.distributions)) {
    return { ok: false, problem: { path: "provider-metadata.json: distributions", reason: "a provider metadata document lists its distributions (directory_url or rolie feeds)" } };
  }
  const directories: string[] = [];
  const feeds: ProviderDistributions["feeds"] = [];
  for (const d of root.distributions) {
    const dist = obj(d);
    const dir = str(dist?.directory_url);
    const dirUrl = dir ? absolute(dir.endsWith("/") ? dir : `${dir}/`, metadataUrl) : null;
    if (dirUrl && !directories.includes(dirUrl)) directories.push(dirUrl);
    const rolieFeeds = obj(dist?.rolie)?.feeds;
    if (Array.isArray(rolieFeeds)) {
      for (const f of rolieFeeds) {
        const url = str(obj(f)?.url);
        const href = url ? absolute(url, metadataUrl) : null;
        if (href && !feeds.some((x) => x.url === href)) feeds.push({ url: href, tlp: str(obj(f)?.tlp_label)?.toUpperCase() ?? null });
      }
    }
  }
  if (directories.length === 0 && feeds.length === 0) {
    return { ok: false, problem: { path: "provider-metadata.json: distributions", reason: "names neither a directory_url nor a ROLIE feed" } };
  }
  const openpgpKeys = (Array.isArray(root.public_openpgp_keys) ? root.public_openpgp_keys : []).flatMap((k) => {
    const url = str(obj(k)?.url);
    const href = url ? absolute(url, metadataUrl) : null;
    return href ? [{ url: href, fingerprint: str(obj(k)?.fingerprint)?.replace(/\s+/g, "").toLowerCase() ?? null }] : [];
  });
  return { ok: true, value: { publisher: str(obj(root.publisher)?.name), directories, feeds, openpgpKeys } };
}

export interface ListedDocument {
  url: string;
  /** Hash file URLs as the feed names them; a directory's are the document URL plus .sha256 / .sha512. */
  sha256Url: string | null;
  sha512Url: string | null;
  /** The detached OpenPGP signature (.asc) the provider may publish beside the document. */
  signatureUrl: string;
  /** TLP label of the feed that lists it, if any. */
  feedTlp: string | null;
}

const directoryEntry = (url: string, feedTlp: string | null): ListedDocument => ({ url, sha256Url: `${url}.sha256`, sha512Url: `${url}.sha512`, signatureUrl: `${url}.asc`, feedTlp });

/** index.txt: one path per line, relative to the directory. Lines that are not a .json path are problems. */
export function parseIndexTxt(text: string, directoryUrl: string): { documents: ListedDocument[]; problems: ProviderProblem[] } {
  const documents: ListedDocument[] = [];
  const problems: ProviderProblem[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "") return;
    const url = line.endsWith(".json") ? absolute(line, directoryUrl) : null;
    if (!url?.startsWith(directoryUrl)) problems.push({ path: `index.txt line ${i + 1}`, reason: `not a document path inside the directory: ${JSON.stringify(line.slice(0, 200))}` });
    else if (!documents.some((d) => d.url === url)) documents.push(directoryEntry(url, null));
  });
  return { documents, problems };
}

/** A ROLIE feed: each entry's content.src (or self link) and its hash links. */
export function parseRolieFeed(text: string, feedUrl: string, feedTlp: string | null): { documents: ListedDocument[]; problems: ProviderProblem[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    return { documents: [], problems: [{ path: feedUrl, reason: `not valid JSON: ${(e as Error).message}` }] };
  }
  const feed = obj(obj(doc)?.feed);
  if (!feed) return { documents: [], problems: [{ path: `${feedUrl}: feed`, reason: "a ROLIE feed has a feed object" }] };
  const entries = Array.isArray(feed.entry) ? feed.entry : [];
  const documents: ListedDocument[] = [];
  const problems: ProviderProblem[] = [];
  entries.forEach((e, i) => {
    const entry = obj(e);
    const links = (Array.isArray(entry?.link) ? entry.link : []).map(obj).filter((l): l is Record<string, unknown> => l !== null);
    const src = str(obj(entry?.content)?.src) ?? str(links.find((l) => l.rel === "self")?.href);
    const url = src ? absolute(src, feedUrl) : null;
    if (!url) {
      problems.push({ path: `${feedUrl}: feed.entry[${i}]`, reason: "names no document (content.src or a self link)" });
      return;
    }
    const hashes = links.filter((l) => l.rel === "hash").map((l) => (str(l.href) ? absolute(String(l.href), feedUrl) : null));
    const sha256Url = hashes.find((h) => h?.endsWith(".sha256")) ?? null;
    const sha512Url = hashes.find((h) => h?.endsWith(".sha512")) ?? null;
    const signature = str(links.find((l) => l.rel === "signature")?.href);
    const signatureUrl = (signature ? absolute(signature, feedUrl) : null) ?? `${url}.asc`;
    if (!documents.some((d) => d.url === url)) documents.push({ url, sha256Url, sha512Url, signatureUrl, feedTlp });
  });
  return { documents, problems };
}

/** Documents listed by several distributions are fetched once; a feed's TLP label is kept. */
export function mergeListings(...lists: ListedDocument[][]): ListedDocument[] {
  const byUrl = new Map<string, ListedDocument>();
  for (const d of lists.flat()) {
    const seen = byUrl.get(d.url);
    byUrl.set(d.url, seen ? { ...seen, sha256Url: seen.sha256Url ?? d.sha256Url, sha512Url: seen.sha512Url ?? d.sha512Url, feedTlp: seen.feedTlp ?? d.feedTlp } : d);
  }
  return [...byUrl.values()];
}

/** A .sha256 / .sha512 file: the hex digest, optionally followed by the file name (sha256sum format). */
export function parseHashFile(text: string, algorithm: "sha256" | "sha512"): string | null {
  const digest = text.trim().split(/\s+/)[0]?.toLowerCase() ?? "";
  return new RegExp(`^[0-9a-f]{${algorithm === "sha256" ? 64 : 128}}$`).test(digest) ? digest : null;
}

/** TLP labels that may be shared beyond the workspace: WHITE (CSAF 2.0) and CLEAR (TLP 2.0). */
export function tlpIsPublic(label: string | null): boolean {
  return label === null || ["WHITE", "CLEAR"].includes(label.toUpperCase());
}

const TLP_ORDER = ["CLEAR", "WHITE", "GREEN", "AMBER", "AMBER+STRICT", "RED"];

/** The stricter of the document's own label and its feed's label. */
export function effectiveTlp(documentTlp: string | null, feedTlp: string | null): string | null {
  const labels = [documentTlp, feedTlp].filter((l): l is string => l !== null).map((l) => l.toUpperCase());
  if (labels.length === 0) return null;
  return labels.sort((a, b) => TLP_ORDER.indexOf(b) - TLP_ORDER.indexOf(a))[0];
}
