import path from "node:path";
import { z } from "zod";
import { type AdmissionLimits, DEFAULT_ADMISSION } from "./http/admission";
import { parseAddressOrRange } from "./net/addresses";
import { parseProcesses } from "./processes";
import { type SignInConfig, signInConfigFrom } from "../sign-in/config";

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");

const configSchema = z.object({
  PORT: z.coerce
    .number({ message: "must be a port number" })
    .int("must be a whole number")
    .min(0, "must be between 0 and 65535")
    .max(65535, "must be between 0 and 65535")
    .default(8080),
  HOST: z.string().min(1).default("127.0.0.1"),
  VIGIL_DATA_DIR: z.string().min(1).default("./vigil-data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  VIGIL_DEMO: booleanFlag.default(true),
  VIGIL_PUBLIC_URL: z.url({ message: "must be an absolute URL such as https://vigil.example.com" }).optional(),
  VIGIL_SESSION_HOURS: z.coerce.number().positive("must be a positive number of hours").default(12),
  VIGIL_TRUST_PROXY: z
    .string()
    .transform((v, ctx): TrustProxy => {
      if (["false", "no", "0"].includes(v)) return false;
      if (/^\d{1,2}$/.test(v)) return Number(v);
      const entries = v.split(",").map((e) => e.trim());
      if (entries.every((e) => parseAddressOrRange(e))) return entries;
      ctx.addIssue({
        code: "custom",
        message:
          v === "true" || v === "yes"
            ? "trusting every proxy lets any client choose its address; give the number of proxies in front of Vigil (e.g. 1) or their addresses (e.g. 10.0.0.0/8)"
            : "must be false, a number of proxies (e.g. 1), or comma-separated proxy addresses or CIDR ranges (e.g. 10.0.0.0/8)",
      });
      return z.NEVER;
    })
    .default(false),
  VIGIL_WEBHOOK_ALLOW: z
    .string()
    .transform((v) => v.split(",").map((e) => e.trim()).filter(Boolean))
    .refine((entries) => entries.every((e) => parseAddressOrRange(e) || /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i.test(e)), "must be comma-separated host names, IP addresses or CIDR ranges")
    .default([]),
  VIGIL_WORKERS: z.coerce.number().int().min(0, "must be 0 or more").default(1),
  VIGIL_PROCESSES: z
    .string()
    .transform((v, ctx) => {
      const count = parseProcesses(v);
      if (typeof count === "number") return count;
      ctx.addIssue({ code: "custom", message: count });
      return z.NEVER;
    })
    .default(1),
  VIGIL_MAX_CONCURRENT: z.coerce.number({ message: "must be a number" }).int("must be a whole number").min(1, "must be 1 or more").default(DEFAULT_ADMISSION.maxConcurrent),
  VIGIL_QUEUE_LIMIT: z.coerce.number({ message: "must be a number" }).int("must be a whole number").min(0, "must be 0 or more").default(DEFAULT_ADMISSION.queueLimit),
  VIGIL_QUEUE_TIMEOUT: z.coerce.number({ message: "must be a number of seconds" }).positive("must be a positive number of seconds").default(DEFAULT_ADMISSION.queueTimeoutMs / 1000),
  VIGIL_QUEUE_TARGET: z.coerce.number({ message: "must be a number of seconds" }).positive("must be a positive number of seconds").default(DEFAULT_ADMISSION.queueTargetMs / 1000),
  VIGIL_SMTP_URL: z.string().regex(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL").optional(),
  VIGIL_MAIL_FROM: z.string().min(3).default("Vigil <vigil@localhost>"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type TrustProxy = false | number | string[];

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  demo: boolean;
  publicUrl?: string;
  sessionHours: number;
  /** Which reverse proxies' X-Forwarded-* headers to believe: none, the nearest N hops, or these addresses. */
  trustProxy: TrustProxy;
  /** Internal webhook targets an administrator allowed (host names, addresses, CIDR ranges); others are refused. */
  webhookAllow?: string[];
  workers: number;
  /** HTTP processes `vigil serve` runs on one port (PostgreSQL only); absent means one. */
  processes?: number;
  /** Bounds on concurrent API work on the embedded database; absent means the defaults. */
  admission?: AdmissionLimits;
  logLevel: z.infer<typeof configSchema>["LOG_LEVEL"];
  /** SMTP server for e-mail notifications; without it notifications stay in the app (and go to the webhook). */
  smtpUrl?: string;
  mailFrom?: string;
  /** Single sign-on and password sign-in policy; absent means passwords only. */
  signIn?: SignInConfig;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Reads configuration from environment variables; a bad variable is named in the error. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = configSchema.safeParse(cleaned);
  const signIn = signInConfigFrom(cleaned, parsed.data?.VIGIL_PUBLIC_URL?.replace(/\/$/, ""));
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const key = String(i.path[0]);
        // URLs may carry passwords: never echo one back.
        const shown = key.endsWith("_URL") ? redactUrl(cleaned[key] ?? "") : (cleaned[key] ?? "");
        return `${key}=${JSON.stringify(shown)}: ${i.message}`;
      }),
    );
  }
  if (signIn.problems.length > 0) throw new ConfigError(signIn.problems);
  const c = parsed.data;
  return {
    port: c.PORT,
    host: c.HOST,
    dataDir: path.resolve(c.VIGIL_DATA_DIR),
    databaseUrl: c.DATABASE_URL,
    demo: c.VIGIL_DEMO,
    publicUrl: c.VIGIL_PUBLIC_URL?.replace(/\/$/, ""),
    sessionHours: c.VIGIL_SESSION_HOURS,
    trustProxy: c.VIGIL_TRUST_PROXY,
    webhookAllow: c.VIGIL_WEBHOOK_ALLOW,
    workers: c.VIGIL_WORKERS,
    processes: c.VIGIL_PROCESSES,
    admission: { maxConcurrent: c.VIGIL_MAX_CONCURRENT, queueLimit: c.VIGIL_QUEUE_LIMIT, queueTimeoutMs: c.VIGIL_QUEUE_TIMEOUT * 1000, queueTargetMs: c.VIGIL_QUEUE_TARGET * 1000 },
    logLevel: c.LOG_LEVEL,
    smtpUrl: c.VIGIL_SMTP_URL,
    mailFrom: c.VIGIL_MAIL_FROM,
    signIn: signIn.config,
  };
}

/** The database URL with any password replaced, for logs and messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "<unparseable URL>";
  }
}
