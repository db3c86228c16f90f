import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

type Mail = { to: string; raw: string };
type Hook = { headers: IncomingMessage["headers"]; body: string };

/** A local SMTP server that keeps every message, and a webhook receiver that answers with `hookStatus`. */
export async function startReceivers() {
  const mails: Mail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disableReverseLookup: true,
    onData(stream, session, done) {
      let raw = "";
      stream.on("data", (c) => {
        raw += c;
      });
      stream.on("end", () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(","), raw });
        done();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, "127.0.0.1", () => r()));
  const hooks: Hook[] = [];
  const state = { hookStatus: 200 };
  const http = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      hooks.push({ headers: req.headers, body });
      res.statusCode = state.hookStatus;
      res.end();
    });
  });
  await new Promise<void>((r) => http.listen(0, "127.0.0.1", () => r()));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const hookUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}/hook`;
  return {
    mails,
    hooks,
    state,
    smtpUrl: `smtp://127.0.0.1:${smtpPort}?ignoreTLS=true`,
    hookUrl,
    async close() {
      await new Promise<void>((r) => smtp.close(() => r()));
      await new Promise<void>((r) => http.close(() => r()));
    },
  };
}

/** A quoted-printable mail body as text. */
export const decoded = (raw: string) => raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(Number.parseInt(h, 16)));
