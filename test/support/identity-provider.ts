import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

export type IdpAccount = { email: string; name: string; groups: string[] };

export type TestIdentityProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Registers the client; called once Vigil's address, and so its redirect URI, is known. */
  register(redirectUri: string): void;
  stop(): Promise<void>;
};

/**
 * A real OpenID Connect provider (oidc-provider) on loopback, with its own login and consent pages. Its login accepts
 * any password; the login name picks one of `accounts`, whose groups come in the `groups` claim at the userinfo endpoint.
 */
export async function startIdentityProvider(accounts: Record<string, IdpAccount>): Promise<TestIdentityProvider> {
  const server: Server = createServer((_req, res) => {
    res.statusCode = 503;
    res.end("identity provider not ready");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = "vigil";
  const clientSecret = "vigil-test-client-secret-2026";
  return {
    issuer,
    clientId,
    clientSecret,
    register(redirectUri) {
      const provider = new Provider(issuer, {
        clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: [redirectUri], grant_types: ["authorization_code"], response_types: ["code"] }],
        claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"], groups: ["groups"] },
        scopes: ["openid", "email", "profile", "groups"],
        cookies: { keys: ["test-identity-provider-cookie-key"] },
        async findAccount(_ctx, id) {
          const account = accounts[id];
          if (!account) return undefined;
          return { accountId: id, claims: async () => ({ sub: id, email: account.email, email_verified: true, name: account.name, groups: account.groups }) };
        },
      });
      server.removeAllListeners("request");
      server.on("request", provider.callback());
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
