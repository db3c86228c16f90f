/**
 * Server-generated HTML for the public side of the CSAF provider: the directory listings that CSAF 2.0
 * requirement 14 (directory-based distribution) asks for, and a readable list of published advisories.
 * Plain HTML without scripts or inline styles (the Content-Security-Policy allows neither); no I/O.
 */
import { type ProviderEntry, relativePath, tlpFolder } from "./provider";

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

function page(title: string, body: string): string {
  return `<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>\n<body>\n<h1>${escapeHtml(title)}</h1>\n${body}\n</body>\n</html>\n`;
}

/** A directory listing: one link per name; names ending in "/" are folders. */
export function directoryListing(path: string, names: string[]): string {
  const items = ["../", ...names].map((n) => `<li><a href="${escapeHtml(n)}">${escapeHtml(n)}</a></li>`).join("\n");
  return page(`Index of ${path}`, `<ul>\n${items}\n</ul>`);
}

/** The folders and files of the provider's root, of one TLP folder and of one year folder. */
export const providerRootNames = (tlps: ProviderEntry["tlp"][]) => ["provider-metadata.json", ...tlps.map((t) => `${tlpFolder(t)}/`)];

export function tlpFolderNames(tlp: ProviderEntry["tlp"], entries: ProviderEntry[]): string[] {
  const years = [...new Set(entries.map((e) => `${relativePath(e).split("/")[0]}/`))].sort();
  return [...years, "changes.csv", `csaf-feed-tlp-${tlpFolder(tlp)}.json`, "index.txt"];
}

export function yearFolderNames(year: string, entries: ProviderEntry[]): string[] {
  return entries
    .map(relativePath)
    .filter((p) => p.startsWith(`${year}/`))
    .map((p) => p.slice(year.length + 1))
    .sort()
    .flatMap((f) => [f, `${f}.sha256`, `${f}.sha512`]);
}

/** Published advisories for people: newest first, each linking to its CSAF document. */
export function advisoryListPage(publisherName: string, folderPath: string, entries: ProviderEntry[]): string {
  const sorted = [...entries].sort((a, b) => b.currentReleaseDate.localeCompare(a.currentReleaseDate) || a.trackingId.localeCompare(b.trackingId));
  const rows = sorted
    .map((e) => {
      const href = `${folderPath}${relativePath(e)}`;
      return `<tr><td>${escapeHtml(e.trackingId)}</td><td>${escapeHtml(e.title)}</td><td>${e.currentReleaseDate.slice(0, 10)}</td><td><a href="${escapeHtml(href)}">CSAF</a></td></tr>`;
    })
    .join("\n");
  const body =
    sorted.length === 0
      ? "<p>No security advisory has been published.</p>"
      : `<table>\n<caption>Published security advisories (TLP:WHITE)</caption>\n<thead><tr><th>Advisory</th><th>Title</th><th>Updated</th><th>Document</th></tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>`;
  return page(`Security advisories of ${publisherName}`, `${body}\n<p>Machine-readable: <a href="/.well-known/csaf/provider-metadata.json">CSAF provider metadata</a>.</p>`);
}
