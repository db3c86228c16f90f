import { and, desc, eq, gt } from "drizzle-orm";
import { z } from "zod";
import { roles } from "../../core/access/roles";
import { sessions } from "../accounts/schema";
import { clearSessionCookies } from "../accounts/session-response";
import { sha256 } from "../accounts/secrets";
import { getUser, publicUser } from "../accounts/users";
import { verifyPassword } from "../accounts/passwords";
import { audited } from "../audit/store";
import { AppError, conflict, forbidden, notFound } from "../platform/http/errors";
import { actorOf, type Principal } from "../platform/http/principal";
import type { VigilApp } from "../platform/http/types";
import { userSchema } from "../accounts/routes";
import { secondFactorRoles, setSecondFactorRoles } from "./required-roles";
import { confirmEnrolment, removeSecondFactor, replaceRecoveryCodes, startEnrolment, totpOf, unusedRecoveryCodes, verifySecondFactor } from "./totp";

const code = z.string().trim().min(6).max(20);
const sessionView = z.object({ id: z.string(), current: z.boolean(), createdAt: z.string(), lastSeenAt: z.string(), ip: z.string().nullable(), userAgent: z.string().nullable() });

/** Account security belongs to a signed-in person, never to an API token: the routes declare access "session", and this narrows the type. */
function sessionOnly(p: Principal): Principal & { sessionId: string } {
  if (p.via !== "session" || !p.sessionId) throw forbidden("This is managed in a signed-in session, not with an API token");
  return p as Principal & { sessionId: string };
}

/** Sessions are shown by a second hash of their stored key: the list never hands out what identifies one. */
const publicSessionId = (storedId: string) => sha256(`session-view:${storedId}`).slice(0, 24);

export async function signInAccountRoutes(app: VigilApp) {
  const { services } = app;
  const db = () => services.database.db;

  app.get(
    "/api/account/second-factor",
    {
      config: { access: "session" },
      schema: {
        tags: ["account"],
        summary: "Your second factor: enrolled or not, required for your role, recovery codes left",
        response: { 200: z.object({ enabled: z.boolean(), enabledAt: z.string().nullable(), required: z.boolean(), recoveryCodesLeft: z.number() }) },
      },
    },
    async (request) => {
      const p = sessionOnly(request.principal!);
      const row = await totpOf(db(), p.userId);
      return {
        enabled: !!row?.secret,
        enabledAt: row?.enabledAt?.toISOString() ?? null,
        required: (await secondFactorRoles(db())).includes(p.role),
        recoveryCodesLeft: row?.secret ? await unusedRecoveryCodes(db(), p.userId) : 0,
      };
    },
  );

  app.post(
    "/api/account/second-factor/enrolment",
    {
      config: { access: "session" },
      schema: {
        tags: ["account"],
        summary: "Start enrolling an authenticator app: a new secret and its QR code (the current factor stays until confirmed)",
        response: { 200: z.object({ secret: z.string(), otpauthUri: z.string(), qrCode: z.string() }) },
      },
    },
    async (request) => {
      const p = sessionOnly(request.principal!);
      return startEnrolment(db(), { id: p.userId, email: p.email }, services.now());
    },
  );

  app.post(
    "/api/account/second-factor/confirm",
    {
      config: { access: "session" },
      schema: {
        tags: ["account"],
        summary: "Confirm the enrolment with a code from the app; returns ten one-time recovery codes, shown once",
        body: z.object({ code }),
        response: { 200: z.object({ recoveryCodes: z.array(z.string()) }) },
      },
    },
    async (request) => {
      const p = sessionOnly(request.principal!);
      const now = services.now();
      const codes = await audited(db(), actorOf(p), async (tx) => {
        if (!(await confirmEnrolment(tx, p.userId, request.body.code, now))) return { result: null, changes: [] };
        const recoveryCodes = await replaceRecoveryCodes(tx, p.userId, now);
        return { result: recoveryCodes, changes: [{ action: "second_factor_enabled", entityType: "user", entityId: p.userId, after: { method: "totp", at: now } }] };
      });
      if (!codes) throw new AppError(400, "validation_failed", "The code does not match the new secret", [{ path: "body/code", message: "wrong code" }]);
      return { recoveryCodes: codes };
    },
  );

  app.post(
    "/api/account/second-factor/recovery-codes",
    {
      config: { access: "session" },
      schema: {
        tags: ["account"],
        summary: "Replace your recovery codes (a current code from the app proves it is you)",
        body: z.object({ code }),
        response: { 200: z.object({ recoveryCodes: z.array(z.string()) }) },
      },
    },
    async (request) => {
      const p = sessionOnly(request.principal!);
      const now = services.now();
      if (!(await verifySecondFactor(db(), p.userId, { code: request.body.code }, now))) {
        throw new AppError(400, "validation_failed", "Wrong or already used code", [{ path: "body/code", message: "wrong code" }]);
      }
      const recoveryCodes = await audited(db(), actorOf(p), async (tx) => ({
        result: await replaceRecoveryCodes(tx, p.userId, now),
        changes: [{ action: "recovery_codes_replaced", entityType: "user", entityId: p.userId }],
      }));
      return { recoveryCodes };
    },
  );

  app.post(
    "/api/account/second-factor/disable",
    {
      config: { access: "session" },
      schema: {
        tags: ["account"],
        summary: "Remove your second factor (your password proves it is you); refused where your role requires one",
        body: z.object({ password: z.string().min(1).max(500) }),
      },
    },
    async (request) => {
      const p = sessionOnly(request.principal!);
      const user = await getUser(db(), p.userId);
      if (!user.passwordHash || !(await verifyPassword(request.body.password, user.passwordHash))) {
        throw new AppError(400, "validation_failed", "The password is wrong", [{ path: "body/password", message: "wrong password" }]);
      }
      if ((await secondFactorRoles(db())).includes(p.role)) throw conflict("Your role requires a second factor; an administrator can reset it if the device is lost");
      await audited(db(), actorOf(p), async (tx) => {
        await removeSecondFactor(tx, p.userId);
        return { result: null, changes: [{ action: "second_factor_disabled", entityType: "user", entityId: p.userId }] };
      });
      return { ok: true };
    },
  );

  app.get(
    "/api/account/sessions",
    {
      config: { access: "session" },
      schema: { tags: ["account"], summary: "Your signed-in sessions: device (browser), address, last seen", response: { 200: z.array(sessionView) } },
    },
    async (request) => {
      const p = sessionOnly(request.principal!);
      const rows = await db()
        .select()
        .from(sessions)
        .where(and(eq(sessions.userId, p.userId), gt(sessions.expiresAt, services.now())))
        .orderBy(desc(sessions.lastSeenAt));
      return rows.map((s) => ({
        id: publicSessionId(s.id),
        current: s.id === p.sessionId,
        createdAt: s.createdAt.toISOString(),
        lastSeenAt: s.lastSeenAt.toISOString(),
        ip: s.ip,
        userAgent: s.userAgent,
      }));
    },
  );

  app.delete(
    "/api/account/sessions/:id",
    {
      config: { access: "session" },
      schema: { tags: ["account"], summary: "Sign out one of your sessions", params: z.object({ id: z.string().min(1).max(100) }) },
    },
    async (request, reply) => {
      const p = sessionOnly(request.principal!);
      const mine = await db().select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, p.userId));
      const target = mine.find((s) => publicSessionId(s.id) === request.params.id);
      if (!target) throw notFound("Session");
      await audited(db(), actorOf(p), async (tx) => {
        await tx.delete(sessions).where(eq(sessions.id, target.id));
        return { result: null, changes: [{ action: "logout", entityType: "user", entityId: p.userId, after: { ip: request.ip, session: request.params.id } }] };
      });
      if (target.id === p.sessionId) clearSessionCookies(reply);
      return { ok: true };
    },
  );

  app.post(
    "/api/account/sessions/sign-out-everywhere",
    { config: { access: "session" }, schema: { tags: ["account"], summary: "Sign out every session of yours, this one included" } },
    async (request, reply) => {
      const p = sessionOnly(request.principal!);
      const ended = await audited(db(), actorOf(p), async (tx) => {
        const gone = await tx.delete(sessions).where(eq(sessions.userId, p.userId)).returning({ id: sessions.id });
        return { result: gone.length, changes: [{ action: "logout_everywhere", entityType: "user", entityId: p.userId, after: { ip: request.ip, sessions: gone.length } }] };
      });
      clearSessionCookies(reply);
      return { ok: true, sessionsEnded: ended };
    },
  );

  app.get(
    "/api/admin/sign-in-policy",
    {
      config: { access: "users:manage" },
      schema: {
        tags: ["users"],
        summary: "Sign-in policy: roles that must use a second factor, password sign-in, single sign-on",
        response: {
          200: z.object({
            secondFactorRoles: z.array(z.enum(roles)),
            passwordSignIn: z.enum(["everyone", "break_glass"]),
            breakGlassAdmins: z.array(z.string()),
            singleSignOn: z.object({ issuer: z.string(), roleClaim: z.string(), createUsers: z.boolean() }).nullable(),
          }),
        },
      },
    },
    async () => {
      const signIn = services.config.signIn;
      return {
        secondFactorRoles: await secondFactorRoles(db()),
        passwordSignIn: signIn && !signIn.localSignIn ? ("break_glass" as const) : ("everyone" as const),
        breakGlassAdmins: signIn?.breakGlassAdmins ?? [],
        singleSignOn: signIn?.oidc ? { issuer: signIn.oidc.issuer, roleClaim: signIn.oidc.roleClaim, createUsers: signIn.oidc.createUsers } : null,
      };
    },
  );

  app.put(
    "/api/admin/sign-in-policy",
    {
      config: { access: "users:manage" },
      schema: {
        tags: ["users"],
        summary: "Choose the roles that must use a second factor with their password (API tokens are not affected)",
        body: z.object({ secondFactorRoles: z.array(z.enum(roles)).max(roles.length) }).strict(),
        response: { 200: z.object({ secondFactorRoles: z.array(z.enum(roles)) }) },
      },
    },
    async (request) => ({
      secondFactorRoles: await setSecondFactorRoles(db(), actorOf(request.principal!), request.body.secondFactorRoles, services.now()),
    }),
  );

  app.post(
    "/api/users/:id/second-factor/reset",
    {
      config: { access: "users:manage" },
      schema: {
        tags: ["users"],
        summary: "Remove a user's second factor (lost device); they enrol again at next sign-in where their role requires it",
        params: z.object({ id: z.string().min(1).max(100) }),
        response: { 200: userSchema },
      },
    },
    async (request) => {
      const user = await getUser(db(), request.params.id);
      await audited(db(), actorOf(request.principal!), async (tx) => {
        await removeSecondFactor(tx, user.id);
        await tx.delete(sessions).where(eq(sessions.userId, user.id));
        return { result: null, changes: [{ action: "second_factor_reset", entityType: "user", entityId: user.id }] };
      });
      return publicUser(user);
    },
  );
}
