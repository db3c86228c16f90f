import { and, desc, eq, isNull } from "drizzle-orm";
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { roleDescriptions, roles } from "../../core/access/roles";
import { tokenScopeNames } from "../../core/access/scopes";
import { audited } from "../audit/store";
import { AppError, forbidden, notFound } from "../platform/http/errors";
import { actorOf, type Principal } from "../platform/http/principal";
import type { VigilApp } from "../platform/http/types";
import { afterPassword } from "../sign-in/gate";
import { login } from "./login";
import { generatePassword, verifyPassword } from "./passwords";
import { apiTokens } from "./schema";
import { CSRF_COOKIE, deleteSession, newApiTokenValue, SESSION_COOKIE } from "./sessions";
import { sha256 } from "./secrets";
import { createUser, getUser, listUsers, publicUser, setPassword, unlockUser, updateUser } from "./users";

const roleSchema = z.enum(roles);
const email = z.email({ message: "must be an e-mail address" }).max(254);
const idParams = z.object({ id: z.string().min(1).max(100) });

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  status: z.enum(["active", "disabled"]),
  customerId: z.string().nullable(),
  mustChangePassword: z.boolean(),
  locked: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});

const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  userId: z.string(),
});

function isHttps(request: FastifyRequest): boolean {
  return request.protocol === "https" || !!request.server.services.config.publicUrl?.startsWith("https:");
}

function setSessionCookies(request: FastifyRequest, reply: FastifyReply, token: string, csrfToken: string, expires: Date) {
  const secure = isHttps(request);
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: "lax", secure, path: "/", expires });
  reply.setCookie(CSRF_COOKIE, csrfToken, { httpOnly: false, sameSite: "strict", secure, path: "/", expires });
}

function me(p: Principal) {
  return {
    id: p.userId,
    email: p.email,
    name: p.name,
    role: p.role,
    customerId: p.customerId,
    permissions: [...p.permissions].sort(),
    via: p.via,
  };
}

const meSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  customerId: z.string().nullable(),
  permissions: z.array(z.string()),
  via: z.enum(["session", "token"]),
});

export async function accountRoutes(app: VigilApp) {
  const { services } = app;
  const db = () => services.database.db;

  app.post(
    "/api/auth/login",
    {
      config: { access: "public" },
      schema: {
        tags: ["auth"],
        summary: "Sign in with e-mail and password; sets the session cookie",
        body: z.object({ email: z.string().min(1).max(254), password: z.string().min(1).max(500) }),
        response: {
          200: z.union([
            z.object({ user: meSchema, csrfToken: z.string(), mustChangePassword: z.boolean() }),
            z.object({ secondFactor: z.enum(["totp", "enrol"]), challenge: z.string() }).describe("the password was right; give the second factor (or enrol one) to finish"),
          ]),
        },
      },
    },
    async (request, reply) => {
      const result = await login(db(), {
        email: request.body.email,
        password: request.body.password,
        ip: request.ip,
        userAgent: request.headers["user-agent"],
        sessionHours: services.config.sessionHours,
        now: services.now(),
        afterPassword: (user) => afterPassword(db(), services.config.signIn, user, { ip: request.ip, now: services.now() }),
      });
      if ("pending" in result) return result.pending;
      setSessionCookies(request, reply, result.token, result.csrfToken, result.expiresAt);
      const { resolveSession } = await import("./sessions");
      const principal = (await resolveSession(db(), result.token, services.now()))!;
      return { user: me(principal), csrfToken: result.csrfToken, mustChangePassword: result.user.mustChangePassword };
    },
  );

  app.post(
    "/api/auth/logout",
    { config: { access: "authenticated", duringPasswordChange: true }, schema: { tags: ["auth"], summary: "Sign out (ends this session)" } },
    async (request, reply) => {
      const p = request.principal!;
      const sessionId = p.sessionId;
      if (sessionId) {
        await audited(db(), actorOf(p), async (tx) => {
          await deleteSession(tx, sessionId);
          return { result: null, changes: [{ action: "logout", entityType: "user", entityId: p.userId, after: { ip: request.ip } }] };
        });
      }
      reply.clearCookie(SESSION_COOKIE, { path: "/" }).clearCookie(CSRF_COOKIE, { path: "/" });
      return { ok: true };
    },
  );

  app.get(
    "/api/auth/session",
    {
      config: { access: "authenticated", duringPasswordChange: true },
      schema: { tags: ["auth"], summary: "The signed-in user, permissions and CSRF token", response: { 200: z.object({ user: meSchema, csrfToken: z.string().nullable(), mustChangePassword: z.boolean() }) } },
    },
    async (request) => {
      const p = request.principal!;
      const u = await getUser(db(), p.userId);
      return { user: me(p), csrfToken: p.csrfToken ?? null, mustChangePassword: u.mustChangePassword };
    },
  );

  app.post(
    "/api/auth/password",
    {
      config: { access: "session", duringPasswordChange: true },
      schema: {
        tags: ["auth"],
        summary: "Change your own password (other sessions are signed out, API tokens revoked)",
        body: z.object({ currentPassword: z.string().min(1).max(500), newPassword: z.string().min(1).max(500) }),
      },
    },
    async (request) => {
      const p = request.principal!;
      if (p.via !== "session") throw forbidden("Passwords are changed in a signed-in session, not with an API token");
      const u = await getUser(db(), p.userId);
      if (!u.passwordHash || !(await verifyPassword(request.body.currentPassword, u.passwordHash))) {
        throw new AppError(400, "validation_failed", "The current password is wrong", [{ path: "body/currentPassword", message: "wrong password" }]);
      }
      await setPassword(db(), actorOf(p), p.userId, request.body.newPassword, { mustChange: false, keepSessionId: p.sessionId });
      return { ok: true };
    },
  );

  app.get(
    "/api/roles",
    {
      config: { access: "authenticated" },
      schema: { tags: ["users"], summary: "Roles and what they may do", response: { 200: z.array(z.object({ role: roleSchema, description: z.string() })) } },
    },
    async () => roles.map((role) => ({ role, description: roleDescriptions[role] })),
  );

  app.get(
    "/api/users",
    { config: { access: "users:manage" }, schema: { tags: ["users"], summary: "List users", response: { 200: z.array(userSchema) } } },
    async () => (await listUsers(db())).map(publicUser),
  );

  app.post(
    "/api/users",
    {
      config: { access: "users:manage" },
      schema: {
        tags: ["users"],
        summary: "Create (invite) a user. Without a password, a one-time password is generated and returned once.",
        body: z.object({
          email,
          name: z.string().trim().min(1).max(200),
          role: roleSchema,
          password: z.string().max(200).optional(),
          customerId: z.string().max(100).nullable().optional(),
        }),
        response: { 201: z.object({ user: userSchema, temporaryPassword: z.string().nullable() }) },
      },
    },
    async (request, reply) => {
      const temporaryPassword = request.body.password ? null : generatePassword();
      const user = await createUser(db(), actorOf(request.principal!), {
        ...request.body,
        password: request.body.password ?? temporaryPassword!,
        mustChangePassword: !request.body.password,
      });
      return reply.status(201).send({ user: publicUser(user), temporaryPassword });
    },
  );

  app.patch(
    "/api/users/:id",
    {
      config: { access: "users:manage" },
      schema: {
        tags: ["users"],
        summary: "Change a user's name, role, status or customer organisation",
        params: idParams,
        body: z
          .object({
            name: z.string().trim().min(1).max(200).optional(),
            role: roleSchema.optional(),
            status: z.enum(["active", "disabled"]).optional(),
            customerId: z.string().max(100).nullable().optional(),
          })
          .strict(),
        response: { 200: userSchema },
      },
    },
    async (request) => {
      const p = request.principal!;
      if (request.params.id === p.userId && (request.body.role && request.body.role !== "admin" || request.body.status === "disabled")) {
        throw new AppError(409, "conflict", "You cannot demote or disable your own account");
      }
      return publicUser(await updateUser(db(), actorOf(p), request.params.id, request.body));
    },
  );

  app.post(
    "/api/users/:id/unlock",
    { config: { access: "users:manage" }, schema: { tags: ["users"], summary: "Unlock an account locked by failed sign-ins", params: idParams, response: { 200: userSchema } } },
    async (request) => publicUser(await unlockUser(db(), actorOf(request.principal!), request.params.id)),
  );

  app.post(
    "/api/users/:id/reset-password",
    {
      config: { access: "users:manage" },
      schema: { tags: ["users"], summary: "Set a one-time password the user must change at next sign-in", params: idParams, response: { 200: z.object({ temporaryPassword: z.string() }) } },
    },
    async (request) => {
      const temporaryPassword = generatePassword();
      await setPassword(db(), actorOf(request.principal!), request.params.id, temporaryPassword, { mustChange: true });
      return { temporaryPassword };
    },
  );

  // API tokens: each user manages their own; administrators see and revoke all.
  app.get(
    "/api/tokens",
    { config: { access: "session" }, schema: { tags: ["tokens"], summary: "Your API tokens (all tokens for administrators)", response: { 200: z.array(tokenSchema) } } },
    async (request) => {
      const p = request.principal!;
      const rows = await db()
        .select()
        .from(apiTokens)
        .where(p.permissions.has("users:manage") ? undefined : eq(apiTokens.userId, p.userId))
        .orderBy(desc(apiTokens.createdAt));
      return rows.map(tokenView);
    },
  );

  app.post(
    "/api/tokens",
    {
      config: { access: "session" },
      schema: {
        tags: ["tokens"],
        summary: "Create an API token; its value is shown once",
        body: z.object({
          name: z.string().trim().min(1).max(100),
          scopes: z.array(z.enum(tokenScopeNames as [string, ...string[]])).min(1).max(20),
          expiresInDays: z.number().int().min(1).max(3650).optional(),
        }),
        response: { 201: z.object({ token: z.string(), apiToken: tokenSchema }) },
      },
    },
    async (request, reply) => {
      const p = request.principal!;
      if (p.via !== "session") throw forbidden("API tokens are created in a signed-in session");
      const { token, prefix } = newApiTokenValue();
      const now = services.now();
      const row = await audited(db(), actorOf(p), async (tx) => {
        const [r] = await tx
          .insert(apiTokens)
          .values({
            userId: p.userId,
            name: request.body.name,
            prefix,
            tokenHash: sha256(token),
            scopes: [...new Set(request.body.scopes)],
            createdAt: now,
            expiresAt: request.body.expiresInDays ? new Date(now.getTime() + request.body.expiresInDays * 86_400_000) : null,
          })
          .returning();
        return { result: r, changes: [{ action: "create", entityType: "api_token", entityId: r.id, after: r }] };
      });
      return reply.status(201).send({ token, apiToken: tokenView(row) });
    },
  );

  app.delete(
    "/api/tokens/:id",
    { config: { access: "session" }, schema: { tags: ["tokens"], summary: "Revoke an API token", params: idParams, response: { 200: tokenSchema } } },
    async (request) => {
      const p = request.principal!;
      const ownerFilter = p.permissions.has("users:manage") ? undefined : eq(apiTokens.userId, p.userId);
      const [before] = await db().select().from(apiTokens).where(and(eq(apiTokens.id, request.params.id), ownerFilter)).limit(1);
      if (!before) throw notFound("API token");
      if (before.revokedAt) return tokenView(before);
      const after = await audited(db(), actorOf(p), async (tx) => {
        const [r] = await tx.update(apiTokens).set({ revokedAt: services.now() }).where(and(eq(apiTokens.id, before.id), isNull(apiTokens.revokedAt))).returning();
        return { result: r, changes: [{ action: "revoke", entityType: "api_token", entityId: r.id, before, after: r }] };
      });
      return tokenView(after);
    },
  );
}

function tokenView(t: typeof apiTokens.$inferSelect) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    scopes: t.scopes,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
    userId: t.userId,
  };
}
