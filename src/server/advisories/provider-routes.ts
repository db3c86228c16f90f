import { z } from "zod";
import {
  changesCsv,
  csafFileName,
  indexTxt,
  type ProviderEntry,
  providerMetadata,
  rolieFeed,
  securityTxt,
  type TlpLabel,
  WELL_KNOWN_CSAF,
} from "../../core/advisories/provider";
import { advisoryListPage, directoryListing, providerRootNames, tlpFolderNames, yearFolderNames } from "../../core/advisories/public-pages";
import { baseUrlOf, getPolicy, PUBLIC_URL_REQUIRED, publisherOf } from "../disclosure/settings";
import type { VigilApp } from "../platform/http/types";
import { currentRevisions, type PublishedRevision } from "./published";

/** Only TLP:WHITE documents are served without authentication; others reach customers through the portal. */
const PUBLIC_TLPS: TlpLabel[] = ["WHITE"];
const YEAR_AGO_MS = 365 * 24 * 3600 * 1000;

function entryOf(r: PublishedRevision): ProviderEntry {
  return {
    trackingId: r.trackingId,
    title: r.title,
    tlp: r.tlp,
    initialReleaseDate: r.initialReleaseDate.toISOString(),
    currentReleaseDate: r.date.toISOString(),
  };
}

/**
 * The public CSAF provider (CSAF 2.0 section 7) and security.txt (RFC 9116). No authentication:
 * everything here is meant for the world.
 */
export async function providerRoutes(app: VigilApp) {
  const db = () => app.services.database.db;
  const config = { access: "public" as const };
  const schema = { hide: true };
  const tlpParams = z.object({ tlp: z.string().max(10) });
  const publicTlp = (folder: string) => PUBLIC_TLPS.find((t) => t.toLowerCase() === folder);
  const notFound = (reply: { status(n: number): { type(t: string): { send(b: string): unknown } } }) => reply.status(404).type("text/plain").send("Not found");
  const published = async (tlp: TlpLabel) => currentRevisions(db(), { tlps: [tlp] });
  type Reply = Parameters<typeof notFound>[0];
  /** Files that name absolute URLs are served only when those URLs are known (see baseUrlOf). */
  const misdirected = (reply: Reply) => reply.status(421).type("text/plain").send(PUBLIC_URL_REQUIRED);
  const html = (reply: { type(t: string): { send(b: string): unknown } }, body: string) => reply.type("text/html; charset=utf-8").send(body);

  app.get(`${WELL_KNOWN_CSAF}/`, { config, schema }, async (_request, reply) => html(reply, directoryListing(`${WELL_KNOWN_CSAF}/`, providerRootNames(PUBLIC_TLPS))));

  app.get(`${WELL_KNOWN_CSAF}/:tlp/`, { config, schema: { ...schema, params: tlpParams } }, async (request, reply) => {
    const tlp = publicTlp(request.params.tlp);
    if (!tlp) return notFound(reply);
    return html(reply, directoryListing(`${WELL_KNOWN_CSAF}/${request.params.tlp}/`, tlpFolderNames(tlp, (await published(tlp)).map(entryOf))));
  });

  app.get(
    `${WELL_KNOWN_CSAF}/:tlp/:year/`,
    { config, schema: { ...schema, params: z.object({ tlp: z.string().max(10), year: z.string().max(10) }) } },
    async (request, reply) => {
      const tlp = publicTlp(request.params.tlp);
      const names = tlp && /^\d{4}$/.test(request.params.year) ? yearFolderNames(request.params.year, (await published(tlp)).map(entryOf)) : [];
      if (names.length === 0) return notFound(reply);
      return html(reply, directoryListing(`${WELL_KNOWN_CSAF}/${request.params.tlp}/${request.params.year}/`, names));
    },
  );

  app.get("/security-advisories", { config, schema }, async (_request, reply) => {
    const publisher = await publisherOf(db(), app.services.config);
    return html(reply, advisoryListPage(publisher.name, `${WELL_KNOWN_CSAF}/white/`, (await published("WHITE")).map(entryOf)));
  });

  app.get(`${WELL_KNOWN_CSAF}/provider-metadata.json`, { config, schema }, async (request, reply) => {
    const baseUrl = baseUrlOf(app.services.config, request);
    if (!baseUrl) return misdirected(reply);
    const all = await currentRevisions(db(), { tlps: PUBLIC_TLPS });
    const newest = all.map((r) => r.createdAt.toISOString()).sort().pop();
    const doc = providerMetadata({
      baseUrl,
      publisher: await publisherOf(db(), app.services.config),
      publicTlps: PUBLIC_TLPS,
      lastUpdated: newest ?? new Date(0).toISOString(),
    });
    return reply.type("application/json").send(JSON.stringify(doc, null, 2));
  });

  app.get(`${WELL_KNOWN_CSAF}/:tlp/index.txt`, { config, schema: { ...schema, params: tlpParams } }, async (request, reply) => {
    const tlp = publicTlp(request.params.tlp);
    if (!tlp) return notFound(reply);
    return reply.type("text/plain; charset=utf-8").send(indexTxt((await published(tlp)).map(entryOf)));
  });

  app.get(`${WELL_KNOWN_CSAF}/:tlp/changes.csv`, { config, schema: { ...schema, params: tlpParams } }, async (request, reply) => {
    const tlp = publicTlp(request.params.tlp);
    if (!tlp) return notFound(reply);
    return reply.type("text/csv; charset=utf-8").send(changesCsv((await published(tlp)).map(entryOf)));
  });

  app.get(
    `${WELL_KNOWN_CSAF}/:tlp/:file`,
    { config, schema: { ...schema, params: z.object({ tlp: z.string().max(10), file: z.string().max(200) }) } },
    async (request, reply) => {
      const tlp = publicTlp(request.params.tlp);
      if (!tlp || request.params.file !== `csaf-feed-tlp-${tlp.toLowerCase()}.json`) return notFound(reply);
      const base = baseUrlOf(app.services.config, request);
      if (!base) return misdirected(reply);
      const folderUrl = `${base}${WELL_KNOWN_CSAF}/${tlp.toLowerCase()}/`;
      const feed = rolieFeed((await published(tlp)).map(entryOf), {
        folderUrl,
        feedUrl: `${folderUrl}${request.params.file}`,
        tlp,
        publisherName: (await publisherOf(db(), app.services.config)).name,
        emptyUpdated: new Date(0).toISOString(),
      });
      return reply.type("application/json").send(JSON.stringify(feed, null, 2));
    },
  );

  app.get(
    `${WELL_KNOWN_CSAF}/:tlp/:year/:file`,
    { config, schema: { ...schema, params: z.object({ tlp: z.string().max(10), year: z.string().max(10), file: z.string().max(200) }) } },
    async (request, reply) => {
      const tlp = publicTlp(request.params.tlp);
      const match = /^(.+\.json)(\.sha256|\.sha512)?$/.exec(request.params.file);
      if (!tlp || !match || !/^\d{4}$/.test(request.params.year)) return notFound(reply);
      const revision = (await published(tlp)).find(
        (r) => csafFileName(r.trackingId) === match[1] && r.initialReleaseDate.toISOString().slice(0, 4) === request.params.year,
      );
      if (!revision) return notFound(reply);
      reply.header("last-modified", revision.date.toUTCString());
      if (match[2] === ".sha256") return reply.type("text/plain").send(`${revision.sha256}  ${match[1]}\n`);
      if (match[2] === ".sha512") return reply.type("text/plain").send(`${revision.sha512}  ${match[1]}\n`);
      return reply.type("application/json").send(revision.csafJson);
    },
  );

  app.get("/.well-known/security.txt", { config, schema }, async (request, reply) => {
    const base = baseUrlOf(app.services.config, request);
    if (!base) return misdirected(reply);
    const policy = await getPolicy(db(), app.services.config);
    const expires = policy.securityTxtExpires ?? new Date(app.services.now().getTime() + YEAR_AGO_MS - 24 * 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
    return reply.type("text/plain; charset=utf-8").send(
      securityTxt({
        baseUrl: base,
        contacts: [`mailto:${policy.contactEmail}`, `${base}/report-vulnerability`],
        expires,
        policyUrl: `${base}/vulnerability-disclosure-policy`,
      }),
    );
  });
}
