import { getTableName, sql, type Table } from "drizzle-orm";
import fc from "fast-check";
import { tablesInOrder } from "../../src/server/platform/db/schema";
import { call, demoEmail, type Session, signInAs, type TestVigil } from "../support/app";

/** Malformed and oversized JSON bodies for every write route, and the checks that each is refused cleanly. */

export const writeMethods = ["POST", "PUT", "PATCH", "DELETE"];
const placeholderId = "00000000-0000-4000-8000-000000000000";
const huge = "x".repeat(100 * 1024);

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  minimum?: number;
  minLength?: number;
  minItems?: number;
  $ref?: string;
};

export type Case = { label: string; payload: string | Buffer };

/** A plausible value for a JSON schema: required properties only, first enum member, formats honoured. */
function sample(schema: JsonSchema | undefined, depth = 0): unknown {
  if (!schema || depth > 6) return null;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const variant = schema.anyOf ?? schema.oneOf;
  if (variant?.length) return sample(variant.find((s) => s.type !== "null") ?? variant[0], depth + 1);
  if (schema.allOf?.length) return sample(schema.allOf[0], depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = sample(schema.properties?.[key], depth + 1);
      return out;
    }
    case "array":
      return Array.from({ length: schema.minItems ?? 0 }, () => sample(schema.items, depth + 1));
    case "string":
      if (schema.format === "uuid") return placeholderId;
      if (schema.format === "date-time") return "2026-11-23T10:00:00.000Z";
      if (schema.format === "date") return "2026-11-23";
      if (schema.format === "email") return "fuzz@example.org";
      if (schema.format === "uri" || schema.format === "url") return "https://example.org/x";
      return "fuzz".padEnd(schema.minLength ?? 4, "z");
    case "integer":
    case "number":
      return schema.minimum ?? 1;
    case "boolean":
      return true;
    default:
      return "fuzz";
  }
}

function deeplyNested(levels: number): string {
  return `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`;
}

/** Fixed malformed bodies every write route receives. */
export function fixedCases(): Case[] {
  return [
    { label: "null", payload: "null" },
    { label: "array instead of object", payload: "[1,2,3]" },
    { label: "bare string", payload: '"text"' },
    { label: "bare number", payload: "1e309" },
    { label: "truncated JSON", payload: '{"title": "unterminated' },
    { label: "prototype pollution", payload: '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}' },
    { label: "deeply nested", payload: deeplyNested(5000) },
    {
      label: "wrong types in common fields",
      payload: JSON.stringify({ title: 42, name: [], description: {}, status: 7, severity: true, id: -1, email: null, date: "yesterday" }),
    },
    { label: "invalid UTF-8 bytes", payload: Buffer.concat([Buffer.from('{"title":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]) },
  ];
}

type Mutation = (value: unknown) => unknown;
const stringMutations: Array<[string, Mutation]> = [
  ["100 KB string", () => huge],
  ["NUL character", (v) => `${typeof v === "string" ? v : "x"}\u0000tail`],
  ["lone surrogate", () => "a\ud800b"],
  ["number for string", () => 1],
];
const numberMutations: Array<[string, Mutation]> = [
  ["huge number", () => 1e308],
  ["negative number", () => -2147483649],
  ["fraction", () => 0.5],
  ["string for number", () => "12"],
];
const otherMutations: Array<[string, Mutation]> = [
  ["null", () => null],
  ["object for scalar", () => ({ nested: { deeper: [1] } })],
];

/**
 * Bodies that are valid but for one field: a plausible body from the route's OpenAPI schema, then one property at a
 * time replaced (fast-check picks which mutation, seeded so the run repeats).
 */
export function mutatedCases(bodySchema: JsonSchema | undefined, perRoute: number, seed: number): Case[] {
  if (!bodySchema) return [];
  const base = sample(bodySchema);
  if (!base || typeof base !== "object" || Array.isArray(base)) return [{ label: "schema sample", payload: JSON.stringify(base) }];
  const keys = Object.keys(bodySchema.properties ?? {});
  const out: Case[] = [{ label: "schema sample", payload: JSON.stringify(base) }];
  if (keys.length === 0) return out;
  const all = [...stringMutations, ...numberMutations, ...otherMutations];
  const picks = fc.sample(
    fc.tuple(fc.constantFrom(...keys), fc.nat({ max: all.length - 1 })),
    { numRuns: perRoute, seed },
  );
  for (const [key, index] of picks) {
    const prop = bodySchema.properties?.[key];
    const type = Array.isArray(prop?.type) ? prop.type[0] : prop?.type;
    const pool = type === "string" ? stringMutations : type === "number" || type === "integer" ? numberMutations : all;
    const [label, mutate] = pool[index % pool.length]!;
    const body = { ...(base as Record<string, unknown>), [key]: mutate((base as Record<string, unknown>)[key] ?? sample(prop)) };
    out.push({ label: `${key}: ${label}`, payload: JSON.stringify(body) });
  }
  return out;
}

function resolveRef(spec: { components?: { schemas?: Record<string, JsonSchema> } }, s?: JsonSchema): JsonSchema | undefined {
  if (s?.$ref) return spec.components?.schemas?.[s.$ref.split("/").pop()!];
  return s;
}

/** The request body schema of a route in the served OpenAPI document. */
export function bodySchemaOf(spec: Record<string, any>, method: string, url: string): JsonSchema | undefined {
  const key = url.replace(/:([A-Za-z]+)/g, "{$1}");
  const op = spec.paths?.[key]?.[method.toLowerCase()];
  return resolveRef(spec, op?.requestBody?.content?.["application/json"]?.schema);
}

/** Row counts of every backed-up table, in one round trip. */
export async function tableCounts(vigil: TestVigil): Promise<Record<string, number>> {
  const names = Object.values(tablesInOrder)
    .map((t) => getTableName(t as Table))
    .filter((n) => n !== "audit_log");
  const query = names.map((n) => `select '${n}' as t, count(*)::int as n from "${n}"`).join(" union all ");
  const res = (await vigil.database.db.execute(sql.raw(query))) as unknown as { rows: Array<{ t: string; n: number }> };
  return { ...Object.fromEntries(res.rows.map((r) => [r.t, Number(r.n)])), audit_log: await auditCount(vigil) };
}

/** Refused sign-in and second-factor attempts are security events, audited on purpose (brute-force evidence). */
const refusalSecurityEvents = ["login_failed", "lockout", "second_factor_failed", "oidc_error"];

/** Audit entries other than the security events a refusal is expected to leave. */
export async function auditCount(vigil: TestVigil): Promise<number> {
  const events = refusalSecurityEvents.map((a) => `'${a}'`).join(", ");
  const res = (await vigil.database.db.execute(sql.raw(`select count(*)::int as n from audit_log where action not in (${events})`))) as unknown as {
    rows: Array<{ n: number }>;
  };
  return Number(res.rows[0]!.n);
}

/** Existing record ids for a route's first path parameter, so bodies reach handlers and not only the 404. */
export async function concreteUrl(vigil: TestVigil, session: Session, url: string): Promise<string> {
  const m = /^(.*?)\/:[A-Za-z]+/.exec(url);
  let id = placeholderId;
  if (m) {
    const list = await call(vigil, session, "GET", m[1]!);
    if (list.statusCode === 200) {
      const body = list.json() as unknown;
      const rows = Array.isArray(body) ? body : ((body as { items?: unknown[]; rows?: unknown[] }).items ?? (body as { rows?: unknown[] }).rows);
      // Never the caller's own account: a password reset or deactivation would end the run's session.
      const first = Array.isArray(rows) ? (rows as Array<{ id?: unknown; email?: unknown }>).find((r) => r?.email !== demoEmail("admin")) : undefined;
      if (first && (typeof first.id === "string" || typeof first.id === "number")) id = String(first.id);
    }
  }
  let first = true;
  return url
    .replace(/:[A-Za-z]+/g, () => {
      const v = first ? id : placeholderId;
      first = false;
      return encodeURIComponent(v);
    })
    .replace(/\*$/, "x");
}

export type Finding = string;

/**
 * Sends every case to every write route as the admin and returns the violations: 5xx, a 4xx without
 * `{error:{code,message}}`, or an audit entry / row-count change after a refused request.
 */
export async function fuzzWriteRoutes(
  vigil: TestVigil,
  opts: { mutationsPerRoute: number; seed: number },
): Promise<{ findings: Finding[]; sent: number; refused: number; accepted: number; routes: number }> {
  let admin = await signInAs(vigil, "admin");
  const spec = (await call(vigil, admin, "GET", "/api/openapi.json")).json() as Record<string, any>;
  const routes = vigil.app.routeTable.filter(
    (r) => writeMethods.includes(r.method) && r.url.startsWith("/api/") && r.url !== "/api/auth/logout",
  );
  const findings: Finding[] = [];
  let sent = 0;
  let refused = 0;
  let accepted = 0;
  for (const [i, route] of routes.entries()) {
    const url = await concreteUrl(vigil, admin, route.url);
    const cases = [...fixedCases(), ...mutatedCases(bodySchemaOf(spec, route.method, route.url), opts.mutationsPerRoute, opts.seed + i)];
    let countsBefore = await tableCounts(vigil);
    let allRefused = true;
    for (const c of cases) {
      const auditBefore = await auditCount(vigil);
      const res = await vigil.app.inject({
        method: route.method as "POST",
        url,
        payload: c.payload,
        headers: { cookie: admin.cookie, "x-csrf-token": admin.csrf, "content-type": "application/json" },
      });
      sent++;
      const where = `${route.method} ${route.url} [${c.label}]`;
      if (res.statusCode >= 500) {
        findings.push(`${where}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        allRefused = false;
        continue;
      }
      if (res.statusCode >= 400) {
        refused++;
        let body: { error?: { code?: unknown; message?: unknown } } | null = null;
        try {
          body = res.json();
        } catch {
          body = null;
        }
        if (typeof body?.error?.code !== "string" || typeof body.error.message !== "string") {
          findings.push(`${where}: ${res.statusCode} without {error:{code,message}}: ${res.body.slice(0, 120)}`);
        }
        const auditAfter = await auditCount(vigil);
        if (auditAfter !== auditBefore) findings.push(`${where}: refused with ${res.statusCode} but wrote ${auditAfter - auditBefore} audit entries`);
        if (res.statusCode === 401) {
          // Signing the run's admin in again writes rows of its own; they are not the route's.
          const beforeSignIn = await tableCounts(vigil);
          try {
            admin = await signInAs(vigil, "admin");
          } catch (err) {
            throw new Error(`after ${where} -> 401 ${res.body.slice(0, 200)}: ${(err as Error).message}`);
          }
          const afterSignIn = await tableCounts(vigil);
          for (const [table, n] of Object.entries(afterSignIn)) countsBefore[table] = (countsBefore[table] ?? 0) + n - (beforeSignIn[table] ?? 0);
        }
      } else {
        accepted++;
        allRefused = false;
      }
    }
    const countsAfter = await tableCounts(vigil);
    // A refused sign-in may still count the failed attempt against the account.
    if (allRefused && route.url !== "/api/auth/login") {
      for (const [table, n] of Object.entries(countsAfter)) {
        if (countsBefore[table] !== n) findings.push(`${route.method} ${route.url}: every case refused, yet ${table} went from ${countsBefore[table]} to ${n} rows`);
      }
    }
    countsBefore = countsAfter;
  }
  return { findings, sent, refused, accepted, routes: routes.length };
}
