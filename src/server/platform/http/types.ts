import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Access } from "../../../core/access/roles";
import type { Catalog } from "../../../core/catalog";
import type { Config } from "../config";
import type { Database } from "../db/client";
import type { JobQueue } from "../jobs/queue";
import type { AdmissionGate } from "./admission";
import type { Principal } from "./principal";

/** What every route handler can reach: the database, configuration and the job queue. */
export type Services = {
  database: Database;
  config: Config;
  jobs: JobQueue;
  /** The regulatory catalog, loaded and checked once at start-up. */
  catalog: Catalog;
  now: () => Date;
};

export type VigilApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** A route as the access-control layer sees it; the role matrix test walks this table. */
export type RouteEntry = { method: string; url: string; access: Access };

declare module "fastify" {
  interface FastifyContextConfig {
    /** The permission this route requires. Registration fails for an /api route without one. */
    access?: Access;
    /** Reachable while the user must still change a one-time password (the change itself, the session, sign-out). */
    duringPasswordChange?: boolean;
    /** Routes that accept a larger body (uploads) name their limit here. */
    bodyLimit?: number;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyInstance {
    services: Services;
    routeTable: RouteEntry[];
    /** The embedded database's admission gate (null on PostgreSQL, which serves requests on several connections). */
    admission: AdmissionGate | null;
  }
}
