import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { roles } from "../../core/access/roles";
import type { Principal } from "../platform/http/principal";
import { CSRF_COOKIE, resolveSession, SESSION_COOKIE } from "./sessions";

export function isHttps(request: FastifyRequest): boolean {
  return request.protocol === "https" || !!request.server.services.config.publicUrl?.startsWith("https:");
}

/** The session cookie (HttpOnly) and the CSRF cookie the web app reads to send X-CSRF-Token. */
export function setSessionCookies(request: FastifyRequest, reply: FastifyReply, token: string, csrfToken: string, expires: Date) {
  const secure = isHttps(request);
  reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: "lax", secure, path: "/", expires });
  reply.setCookie(CSRF_COOKIE, csrfToken, { httpOnly: false, sameSite: "strict", secure, path: "/", expires });
}

export function clearSessionCookies(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: "/" }).clearCookie(CSRF_COOKIE, { path: "/" });
}

export function me(p: Principal) {
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

export const meSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(roles),
  customerId: z.string().nullable(),
  permissions: z.array(z.string()),
  via: z.enum(["session", "token"]),
});

export const signedInSchema = z.object({ user: meSchema, csrfToken: z.string(), mustChangePassword: z.boolean() });

/** Sets the cookies of a session just opened and answers as POST /api/auth/login does. */
export async function signedInAnswer(
  request: FastifyRequest,
  reply: FastifyReply,
  opened: { token: string; csrfToken: string; expiresAt: Date; user: { mustChangePassword: boolean } },
) {
  const { services } = request.server;
  setSessionCookies(request, reply, opened.token, opened.csrfToken, opened.expiresAt);
  const principal = await resolveSession(services.database.db, opened.token, services.now());
  if (!principal) throw new Error("a session just opened did not resolve");
  return { user: me(principal), csrfToken: opened.csrfToken, mustChangePassword: opened.user.mustChangePassword };
}
