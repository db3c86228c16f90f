import pino, { type Logger } from "pino";

/** Paths that may carry secrets; pino replaces their values before a line is written. */
export const redactPaths = [
  "password",
  "*.password",
  "*.currentPassword",
  "*.newPassword",
  "token",
  "*.token",
  "secret",
  "*.secret",
  "req.headers.authorization",
  "req.headers.cookie",
  "req.headers[\"x-csrf-token\"]",
  "res.headers[\"set-cookie\"]",
  "databaseUrl",
];

/** URL paths whose next segment is a bearer secret (a supplier's questionnaire link). */
const SECRET_PATH_SEGMENT = /(\/api\/public\/questionnaires\/|\/q\/)[^/?#]+/g;
const SECRET_QUERY_KEY = /^(token|access_token|code|state|password|secret)$/i;

/** A request URL as it may be logged: secrets in the path or query replaced. */
export function urlForLog(url: string): string {
  const [path, query] = url.split(/\?(.*)/s, 2);
  const safePath = path.replace(SECRET_PATH_SEGMENT, "$1[redacted]");
  if (!query) return safePath;
  const params = new URLSearchParams(query);
  for (const key of [...params.keys()]) if (SECRET_QUERY_KEY.test(key)) params.set(key, "[redacted]");
  return `${safePath}?${params.toString()}`;
}

type LoggedRequest = { method: string; url: string; ip?: string; host?: string; socket?: { remotePort?: number } };

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: redactPaths, censor: "[redacted]" },
      base: { app: "vigil", pid: process.pid },
      serializers: {
        req: (req: LoggedRequest) => ({ method: req.method, url: urlForLog(req.url), host: req.host, remoteAddress: req.ip, remotePort: req.socket?.remotePort }),
      },
    },
    destination,
  );
}

export type { Logger };
