import type { FastifyRequest } from "fastify";
import { z } from "zod";
import { getUser } from "../accounts/users";
import { signedInAnswer, signedInSchema } from "../accounts/session-response";
import { audited } from "../audit/store";
import { AppError } from "../platform/http/errors";
import type { VigilApp } from "../platform/http/types";
import { type Challenge, countFailedAttempt, deleteChallenge, findChallenge } from "./challenges";
import { auditOidcFailure, finishOidc, OIDC_COOKIE, OidcError, startOidc } from "./oidc";
import { openSession } from "./open-session";
import { countSecondFactorFailure } from "./second-factor-failures";
import { confirmEnrolment, replaceRecoveryCodes, startEnrolment, verifySecondFactor } from "./totp";

const challengeField = z.string().min(10).max(200);
const code = z.string().trim().min(6).max(20);
const enrolmentSchema = z.object({ secret: z.string(), otpauthUri: z.string(), qrCode: z.string() });

/** One answer for an unknown, expired or used challenge, so nothing is learned from it. */
const expired = () => new AppError(401, "sign_in_expired", "This sign-in has expired or was already used; sign in again with your password");

export async function signInAuthRoutes(app: VigilApp) {
  const { services } = app;
  const db = () => services.database.db;
  const meta = (request: FastifyRequest) => ({
    ip: request.ip,
    userAgent: request.headers["user-agent"],
    sessionHours: services.config.sessionHours,
    now: services.now(),
  });

  async function activeChallenge(token: string, kind: "totp" | "totp_enrol"): Promise<Challenge & { userId: string }> {
    const challenge = await findChallenge(db(), token, kind, services.now());
    if (!challenge?.userId) throw expired();
    const user = await getUser(db(), challenge.userId);
    if (user.status !== "active" || (user.lockedUntil && user.lockedUntil > services.now())) {
      await deleteChallenge(db(), challenge);
      throw expired();
    }
    return challenge as Challenge & { userId: string };
  }

  async function wrongCode(request: FastifyRequest, challenge: Challenge & { userId: string }): Promise<never> {
    await countSecondFactorFailure(db(), challenge.userId, meta(request));
    const { exhausted } = await countFailedAttempt(db(), challenge);
    if (exhausted) throw expired();
    throw new AppError(401, "invalid_second_factor", "Wrong or already used code");
  }

  app.get(
    "/api/auth/methods",
    {
      config: { access: "public" },
      schema: {
        tags: ["auth"],
        summary: "How one signs in here: passwords for everyone or only break-glass administrators, and single sign-on",
        response: {
          200: z.object({
            passwordSignIn: z.enum(["everyone", "break_glass"]),
            singleSignOn: z.object({ label: z.string(), startUrl: z.string() }).nullable(),
          }),
        },
      },
    },
    async () => {
      const signIn = services.config.signIn;
      return {
        passwordSignIn: signIn && !signIn.localSignIn ? ("break_glass" as const) : ("everyone" as const),
        singleSignOn: signIn?.oidc ? { label: signIn.oidc.label, startUrl: "/api/auth/oidc/start" } : null,
      };
    },
  );

  app.post(
    "/api/auth/second-factor",
    {
      config: { access: "public" },
      schema: {
        tags: ["auth"],
        summary: "Finish a password sign-in with a TOTP code or a one-time recovery code",
        body: z.object({ challenge: challengeField, code: code.optional(), recoveryCode: code.optional() }).refine((b) => !!b.code !== !!b.recoveryCode, {
          message: "give either code or recoveryCode",
          path: ["code"],
        }),
        response: { 200: signedInSchema },
      },
    },
    async (request, reply) => {
      const challenge = await activeChallenge(request.body.challenge, "totp");
      const used = await verifySecondFactor(db(), challenge.userId, request.body, services.now());
      if (!used) return wrongCode(request, challenge);
      if (!(await deleteChallenge(db(), challenge))) throw expired();
      const opened = await openSession(db(), await getUser(db(), challenge.userId), meta(request), used === "totp" ? "password+totp" : "password+recovery_code");
      return signedInAnswer(request, reply, opened);
    },
  );

  app.post(
    "/api/auth/second-factor/enrolment",
    {
      config: { access: "public" },
      schema: {
        tags: ["auth"],
        summary: "Your role requires a second factor: start enrolling an authenticator app (secret and QR code)",
        body: z.object({ challenge: challengeField }),
        response: { 200: enrolmentSchema },
      },
    },
    async (request) => {
      const challenge = await activeChallenge(request.body.challenge, "totp_enrol");
      return startEnrolment(db(), await getUser(db(), challenge.userId), services.now());
    },
  );

  app.post(
    "/api/auth/second-factor/enrolment/confirm",
    {
      config: { access: "public" },
      schema: {
        tags: ["auth"],
        summary: "Confirm the enrolment with a code from the app; signs in and shows the recovery codes once",
        body: z.object({ challenge: challengeField, code }),
        response: { 200: signedInSchema.extend({ recoveryCodes: z.array(z.string()) }) },
      },
    },
    async (request, reply) => {
      const challenge = await activeChallenge(request.body.challenge, "totp_enrol");
      const user = await getUser(db(), challenge.userId);
      const now = services.now();
      const recoveryCodes = await audited(db(), { id: user.id, label: user.email }, async (tx) => {
        if (!(await confirmEnrolment(tx, user.id, request.body.code, now))) return { result: null, changes: [] };
        const codes = await replaceRecoveryCodes(tx, user.id, now);
        return { result: codes, changes: [{ action: "second_factor_enabled", entityType: "user", entityId: user.id, after: { method: "totp", at: now } }] };
      });
      if (!recoveryCodes) return wrongCode(request, challenge);
      if (!(await deleteChallenge(db(), challenge))) throw expired();
      const opened = await openSession(db(), user, meta(request), "password+totp");
      return { ...(await signedInAnswer(request, reply, opened)), recoveryCodes };
    },
  );

  app.get(
    "/api/auth/oidc/start",
    { config: { access: "public" }, schema: { tags: ["auth"], summary: "Single sign-on: redirects to the identity provider (authorisation code flow with PKCE)" } },
    async (request, reply) => {
      const oidc = services.config.signIn?.oidc;
      if (!oidc) return reply.redirect("/sign-in?sso_error=not_configured");
      try {
        const started = await startOidc(db(), oidc, services.now());
        reply.setCookie(OIDC_COOKIE, started.cookieToken, { httpOnly: true, sameSite: "lax", secure: request.protocol === "https", path: "/api/auth/oidc", maxAge: 600 });
        return reply.redirect(started.redirectTo);
      } catch (err) {
        if (!(err instanceof OidcError)) throw err;
        request.log.warn({ code: err.code, detail: err.detail }, "single sign-on failed");
        await auditOidcFailure(db(), err, request.ip);
        return reply.redirect(`/sign-in?sso_error=${err.code}`);
      }
    },
  );

  app.get(
    "/api/auth/oidc/callback",
    { config: { access: "public" }, schema: { tags: ["auth"], summary: "Single sign-on: the identity provider returns here; opens the session" } },
    async (request, reply) => {
      const oidc = services.config.signIn?.oidc;
      if (!oidc) return reply.redirect("/sign-in?sso_error=not_configured");
      reply.clearCookie(OIDC_COOKIE, { path: "/api/auth/oidc" });
      try {
        const callbackUrl = new URL(oidc.redirectUri);
        const queryAt = request.url.indexOf("?");
        callbackUrl.search = queryAt >= 0 ? request.url.slice(queryAt) : "";
        const opened = await finishOidc(db(), oidc, services.config.signIn?.breakGlassAdmins ?? [], callbackUrl, request.cookies[OIDC_COOKIE], meta(request));
        await signedInAnswer(request, reply, opened);
        return reply.redirect(opened.user.role === "customer" ? "/portal" : "/");
      } catch (err) {
        if (!(err instanceof OidcError)) throw err;
        request.log.warn({ code: err.code, detail: err.detail }, "single sign-on failed");
        await auditOidcFailure(db(), err, request.ip);
        return reply.redirect(`/sign-in?sso_error=${err.code}`);
      }
    },
  );
}
