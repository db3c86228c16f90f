import type { Key } from "openpgp";
import type { ProviderProblem } from "../../core/csaf-providers";

/** openpgp is loaded when a provider is checked, not at every start. */
const openpgp = () => import("openpgp");

export type ProviderKeys = { keys: Key[]; problems: ProviderProblem[] };

/**
 * The provider's OpenPGP public keys as its metadata names them. A key whose fingerprint is not the one the metadata
 * states is not used: it is a problem of the provider, and its documents' signatures are then not checked with it.
 */
export async function readProviderKeys(published: Array<{ url: string; fingerprint: string | null; armored: string | null; reason?: string }>): Promise<ProviderKeys> {
  const { readKeys } = await openpgp();
  const keys: Key[] = [];
  const problems: ProviderProblem[] = [];
  for (const k of published) {
    if (k.armored === null) {
      problems.push({ path: k.url, reason: `the OpenPGP key could not be downloaded: ${k.reason ?? "no answer"}` });
      continue;
    }
    try {
      const read = await readKeys({ armoredKeys: k.armored });
      const match = read.filter((key) => !k.fingerprint || key.getFingerprint().toLowerCase() === k.fingerprint);
      if (match.length === 0) problems.push({ path: k.url, reason: `no key with the fingerprint the provider metadata states (${k.fingerprint})` });
      keys.push(...match);
    } catch (e) {
      problems.push({ path: k.url, reason: `not an armored OpenPGP public key: ${(e as Error).message}` });
    }
  }
  return { keys, problems };
}

export type SignatureCheck = { ok: true; state: string } | { ok: false; reason: string };

/** Verifies a detached armored signature over the document's bytes with the provider's keys. */
export async function checkSignature(body: Buffer, armoredSignature: string | null, keys: readonly Key[]): Promise<SignatureCheck> {
  if (armoredSignature === null) return { ok: true, state: "not published" };
  if (keys.length === 0) return { ok: true, state: "not checked (the provider publishes no usable OpenPGP key)" };
  const { createMessage, readSignature, verify } = await openpgp();
  try {
    const signature = await readSignature({ armoredSignature });
    const message = await createMessage({ binary: new Uint8Array(body) });
    const { signatures } = await verify({ message, signature, verificationKeys: [...keys] });
    for (const s of signatures) {
      try {
        await s.verified;
        const key = keys.find((k) => k.getKeyIDs().some((id) => id.equals(s.keyID)));
        return { ok: true, state: `valid (key ${key?.getFingerprint() ?? s.keyID.toHex()})` };
      } catch {
        // try the next signature packet
      }
    }
    return { ok: false, reason: "the OpenPGP signature does not verify with the provider's keys" };
  } catch (e) {
    return { ok: false, reason: `the OpenPGP signature could not be read: ${(e as Error).message}` };
  }
}
