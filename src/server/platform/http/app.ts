import { auditDownload } from "../../audit/downloads";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyCookie from "@fastify/cookie";
import fastifyHelmet from "@fastify/helmet";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyServerOptions } from "fastify";
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from "fastify-type-provider-zod";
import type { Logger } from "pino";
import { registerDomainRoutes } from "../../routes";
import { errorSummary, isDatabaseUnavailable, loggableError } from "../db/errors";
import { DEFAULT_ADMISSION, guardAdmission } from "./admission";
import { authenticate } from "./authenticate";
import { rejectUnstorableText } from "./body-text";
import { AppError, type ErrorBody } from "./errors";
import type { RouteEntry, Services, VigilApp } from "./types";

export const webDistDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../dist/web");
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * Every schema is zod. Given to the constructor (not set afterwards), the compilers keep fastify from loading ajv
 * and fast-json-stringify for its defaults at every start; its types describe ajv's factories, hence the cast.
 */
const zodCompilers = { buildValidator: () => validatorCompiler, buildSerializer: () => serializerCompiler } as unknown as NonNullable<
  FastifyServerOptions["schemaController"]
>["compilersFactory"];

export async function buildApp(services: Services, logger: Logger): Promise<VigilApp> {
  const { trustProxy } = services.config;
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: DEFAULT_BODY_LIMIT,
    trustProxy: typeof trustProxy === "number" ? (_address: string, hop: number) => hop < trustProxy : trustProxy,
    genReqId: () => crypto.randomUUID(),
    schemaController: { compilersFactory: zodCompilers },
  }).withTypeProvider() as unknown as VigilApp;

  app.decorate("services", services);
  app.decorate("routeTable", [] as RouteEntry[]);
  app.decorateRequest("principal", null);

  app.addHook("onRoute", (route) => {
    const url = route.url ?? route.path;
    if (!url.startsWith("/api/") || route.method === "HEAD") return;
    if (url.startsWith("/api/docs")) route.config = { ...route.config, access: "public" }; // the API browser itself
    const access = route.config?.access;
    if (!access) throw new Error(`Route ${String(route.method)} ${url} declares no access permission`);
    for (const method of [route.method].flat()) app.routeTable.push({ method: String(method), url, access });
  });

  await app.register(fastifyCookie);
  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"], // the component library sets inline styles
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
    hsts: services.config.publicUrl?.startsWith("https:") ? undefined : false,
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Vigil API",
        version: "1",
        description:
          "NIS2 compliance and product security for medical device manufacturers. Authenticate with a session " +
          "cookie (state-changing requests also send the X-CSRF-Token header) or an API token as `Authorization: Bearer vgl_…`.",
      },
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: "vigil_session" },
          token: { type: "http", scheme: "bearer" },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/api/docs", staticCSP: true });

  // The embedded database runs every query on one thread: past a few requests at once, more only lengthen every answer.
  app.decorate("admission", services.database.kind === "embedded" ? guardAdmission(app, services.config.admission ?? DEFAULT_ADMISSION) : null);
  app.addHook("onRequest", authenticate);
  app.addHook("preHandler", rejectUnstorableText);
  // What a signed-in caller receives (pages of data, downloads) must not stay in a browser or proxy cache.
  app.addHook("onSend", async (request, reply) => {
    if (request.principal) reply.header("cache-control", "no-store");
  });
  app.addHook("onSend", auditDownload);

  app.setErrorHandler((err, request, reply) => {
    const send = (status: number, body: ErrorBody) => reply.status(status).type("application/json").send(body);
    if (err instanceof AppError) {
      return send(err.statusCode, { error: { code: err.code, message: err.message, details: err.details } });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = (err as { validationContext?: string }).validationContext ?? "request";
      const details = err.validation.map((v) => ({
        path: `${where}${v.instancePath || ""}`,
        message: v.message ?? "invalid",
      }));
      return send(400, {
        error: { code: "validation_failed", message: `Invalid ${where}: ${details.map((d) => `${d.path}: ${d.message}`).join("; ")}`, details },
      });
    }
    const e = err as { code?: string; statusCode?: number; message?: string };
    if (e.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      return send(413, { error: { code: "payload_too_large", message: "Request body is larger than this endpoint accepts" } });
    }
    if (e.code === "FST_ERR_CTP_INVALID_JSON_BODY" || e.code === "FST_ERR_CTP_EMPTY_JSON_BODY" || (err instanceof SyntaxError && e.statusCode === 400)) {
      return send(400, { error: { code: "malformed_json", message: `Malformed JSON body: ${e.message}` } });
    }
    if (e.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
      return send(415, { error: { code: "unsupported_media_type", message: "Unsupported Content-Type for this endpoint" } });
    }
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      return send(e.statusCode, { error: { code: e.code?.toLowerCase() ?? "bad_request", message: e.message ?? "Bad request" } });
    }
    if (isDatabaseUnavailable(err)) {
      request.log.error({ err: errorSummary(err) }, "database unavailable");
      return send(503, { error: { code: "database_unavailable", message: "The database is not reachable; try again shortly" } });
    }
    request.log.error({ err: loggableError(err) }, "unhandled error");
    return send(500, { error: { code: "internal", message: "Internal error", details: { requestId: request.id } } });
  });

  app.get("/api/openapi.json", { config: { access: "public" }, schema: { hide: true } }, async () => app.swagger());

  await registerDomainRoutes(app);

  if (existsSync(webDistDir)) {
    // Files are looked up per request, so a rebuilt bundle is served without a restart.
    await app.register(fastifyStatic, { root: webDistDir, prefix: "/", wildcard: true, index: false });
    app.get("/", (_request, reply) => reply.type("text/html").sendFile("index.html"));
  }
  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split("?")[0];
    if (url.startsWith("/api/") || url === "/api" || request.method !== "GET") {
      return reply.status(404).send({ error: { code: "not_found", message: `No route ${request.method} ${url}` } });
    }
    // A missing file (a stale asset name) is a 404; any other path is a page of the single-page app.
    if (/\.[a-z0-9]+$/i.test(url)) return reply.status(404).type("text/plain").send("Not found");
    if (existsSync(path.join(webDistDir, "index.html"))) return reply.type("text/html").sendFile("index.html");
    return reply
      .status(503)
      .type("text/plain")
      .send("The web interface has not been built. Run `npm start` (it builds it) or `npm run build:web`.");
  });

  return app;
}
