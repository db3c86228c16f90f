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

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: redactPaths, censor: "[redacted]" }, base: { app: "vigil" } }, destination);
}

export type { Logger };
