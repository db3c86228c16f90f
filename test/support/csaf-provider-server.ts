import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createMessage, generateKey, readPrivateKey, sign } from "openpgp";
import { changesCsv, indexTxt, type ProviderEntry, providerMetadata, relativePath, rolieFeed, type TlpLabel } from "../../src/core/advisories/provider";

/** One document a provider serves: its bytes, and optionally a .sha256 or an OpenPGP signature that does not match them. */
export type ServedDocument = { json: string; tlp: TlpLabel; wrongSha256?: boolean; wrongSignature?: boolean };

const at = (doc: unknown, ...keys: string[]) => keys.reduce<unknown>((cur, k) => (cur as Record<string, unknown> | undefined)?.[k], doc);
const sha = (algorithm: string, text: string) => createHash(algorithm).update(text).digest("hex");

function entryOf(d: ServedDocument): ProviderEntry {
  const doc = JSON.parse(d.json);
  return {
    trackingId: String(at(doc, "document", "tracking", "id")),
    title: String(at(doc, "document", "title")),
    tlp: d.tlp,
    initialReleaseDate: String(at(doc, "document", "tracking", "initial_release_date")),
    currentReleaseDate: String(at(doc, "document", "tracking", "current_release_date")),
  };
}

/**
 * A CSAF provider on 127.0.0.1 in the layout of CSAF 2.0 section 7 (Vigil's own provider builders): the
 * provider-metadata.json names the TLP:WHITE directory (index.txt, changes.csv, documents with .sha256/.sha512) and
 * a ROLIE feed per other TLP label, and its OpenPGP key, which signs every document (.asc). `documents` may be
 * changed between fetches; `stop()` makes it unreachable.
 */
export async function startCsafProvider(publisher = "Wind River Systems") {
  const documents: ServedDocument[] = [];
  const generated = await generateKey({ type: "ecc", curve: "curve25519Legacy", userIDs: [{ name: publisher, email: "psirt@windriver.example" }], format: "armored" });
  const privateKey = await readPrivateKey({ armoredKey: generated.privateKey });
  const fingerprint = privateKey.getFingerprint().toUpperCase();
  const signatures = new Map<string, string>();
  const signatureOf = async (text: string) => {
    if (!signatures.has(text)) signatures.set(text, String(await sign({ message: await createMessage({ binary: new Uint8Array(Buffer.from(text)) }), signingKeys: privateKey, detached: true, format: "armored" })));
    return signatures.get(text)!;
  };
  const files = async (): Promise<Map<string, { type: string; body: string }>> => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const root = `${base}/.well-known/csaf`;
    const out = new Map<string, { type: string; body: string }>();
    const byTlp = new Map<TlpLabel, ServedDocument[]>();
    for (const d of documents) byTlp.set(d.tlp, [...(byTlp.get(d.tlp) ?? []), d]);
    const metadata = providerMetadata({ baseUrl: base, publisher: { name: publisher, namespace: "https://www.windriver.com" }, publicTlps: ["WHITE"], lastUpdated: "2026-09-15T08:00:00.000Z" }) as {
      distributions: Array<{ rolie?: { feeds: Array<Record<string, string>> } }>;
      public_openpgp_keys?: Array<{ fingerprint: string; url: string }>;
    };
    metadata.public_openpgp_keys = [{ fingerprint, url: `${root}/openpgp/${fingerprint}.asc` }];
    out.set(`/.well-known/csaf/openpgp/${fingerprint}.asc`, { type: "application/pgp-keys", body: generated.publicKey });
    // The WHITE documents are read from the directory, the others from their ROLIE feeds only.
    metadata.distributions[1].rolie!.feeds = [...byTlp.keys()]
      .filter((t) => t !== "WHITE")
      .map((t) => ({ summary: `TLP:${t}`, tlp_label: t, url: `${root}/${t.toLowerCase()}/csaf-feed-tlp-${t.toLowerCase()}.json` }));
    out.set("/.well-known/csaf/provider-metadata.json", { type: "application/json", body: JSON.stringify(metadata) });
    for (const [tlp, docs] of byTlp) {
      const folder = `/.well-known/csaf/${tlp.toLowerCase()}/`;
      const entries = docs.map(entryOf);
      out.set(`${folder}index.txt`, { type: "text/plain", body: indexTxt(entries) });
      out.set(`${folder}changes.csv`, { type: "text/csv", body: changesCsv(entries) });
      const feed = rolieFeed(entries, { folderUrl: `${base}${folder}`, feedUrl: `${base}${folder}csaf-feed-tlp-${tlp.toLowerCase()}.json`, tlp, publisherName: publisher, emptyUpdated: "1970-01-01T00:00:00.000Z" });
      out.set(`${folder}csaf-feed-tlp-${tlp.toLowerCase()}.json`, { type: "application/json", body: JSON.stringify(feed) });
      for (const [i, d] of docs.entries()) {
        const path = `${folder}${relativePath(entries[i])}`;
        out.set(`${path}.asc`, { type: "application/pgp-signature", body: await signatureOf(d.wrongSignature ? `${d.json}\n` : d.json) });
        out.set(path, { type: "application/json", body: d.json });
        out.set(`${path}.sha256`, { type: "text/plain", body: `${sha("sha256", d.wrongSha256 ? `${d.json} ` : d.json)}  ${path.split("/").pop()}\n` });
        out.set(`${path}.sha512`, { type: "text/plain", body: `${sha("sha512", d.json)}  ${path.split("/").pop()}\n` });
      }
    }
    return out;
  };
  const requests: string[] = [];
  const server: Server = createServer(async (req, res) => {
    requests.push(req.url ?? "");
    const file = (await files()).get(req.url ?? "");
    if (!file) {
      res.writeHead(404, { "content-type": "text/plain" }).end("Not found");
      return;
    }
    res.writeHead(200, { "content-type": file.type }).end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    documents,
    requests,
    fingerprint,
    metadataUrl: `http://127.0.0.1:${port}/.well-known/csaf/provider-metadata.json`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
