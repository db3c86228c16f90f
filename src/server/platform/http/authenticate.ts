import type { FastifyReply, FastifyRequest } from "fastify";
import { resolveApiToken, resolveSession, SESSION_COOKIE } from "../../accounts/sessions";
import { AppError } from "./errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Resolves the caller (session cookie or bearer token) and enforces the route's declared access.
 * Runs before body parsing and validation, so that an unauthorised caller learns nothing about the input.
 */
export async function authenticate(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  const access = request.routeOptions.config?.access;
  if (!access) return; // static files and the SPA
  const { db } = request.server.services.database;
  const now = request.server.services.now();

  const auth = request.headers.authorization;
  if (auth?.startsWith("Bearer ")) {
    request.principal = await resolveApiToken(db, auth.slice(7).trim(), now);
    if (!request.principal && access !== "public") {
      throw new AppError(401, "invalid_token", "The API token is unknown, revoked or expired");
    }
  } else {
    const cookie = request.cookies[SESSION_COOKIE];
    if (cookie) request.principal = await resolveSession(db, cookie, now);
    if (request.principal && !SAFE_METHODS.has(request.method)) {
      const sent = request.headers["x-csrf-token"];
      if (sent !== request.principal.csrfToken) {
        throw new AppError(403, "csrf_failed", "Missing or wrong X-CSRF-Token header for this session");
      }
    }
  }

  if (access === "public") return;
  if (!request.principal) {
    throw new AppError(401, "unauthenticated", cookieHint(request) ?? "Sign in first (session expired or missing)");
  }
  if (request.principal.mustChangePassword && !request.routeOptions.config?.duringPasswordChange) {
    throw new AppError(403, "password_change_required", "Change your one-time password first (POST /api/auth/password)");
  }
  if (access === "authenticated") return;
  if (access === "session") {
    if (request.principal.via !== "session") {
      throw new AppError(403, "session_required", "This action needs a signed-in session; an API token cannot manage its account's tokens or settings");
    }
    return;
  }
  if (!request.principal.permissions.has(access)) {
    throw new AppError(403, "forbidden", `This action needs the permission '${access}', which your role does not grant`);
  }
}

function cookieHint(request: FastifyRequest): string | null {
  return request.cookies[SESSION_COOKIE] ? "Your session has expired; sign in again" : null;
}
