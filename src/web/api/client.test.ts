import { afterEach, describe, expect, test, vi } from "vitest";
import { ApiError, api, onUnauthorized, setCsrfToken } from "./client";

type Call = { url: string; init: RequestInit };

function answer(status: number, body: unknown): { calls: Call[] } {
  const calls: Call[] = [];
  vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  });
  return { calls };
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
  onUnauthorized(null);
});

describe("api client", () => {
  test("sends the CSRF token with changing requests only, and JSON bodies", async () => {
    setCsrfToken("csrf-123");
    const { calls } = answer(200, { ok: true });
    await api.get("/api/users");
    await api.put("/api/organisation", { legalName: "X" });
    const headers = calls.map((c) => c.init.headers as Record<string, string>);
    expect(headers[0]["X-CSRF-Token"]).toBeUndefined();
    expect(headers[1]["X-CSRF-Token"]).toBe("csrf-123");
    expect(headers[1]["Content-Type"]).toBe("application/json");
    expect(calls[1].init.body).toBe('{"legalName":"X"}');
  });

  test("turns the error shape into an ApiError with field details", async () => {
    answer(400, {
      error: { code: "validation_failed", message: "Invalid body", details: [{ path: "body/legalName", message: "required" }] },
    });
    const err = await api.put("/api/organisation", {}).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: "validation_failed", message: "Invalid body", details: [{ path: "body/legalName", message: "required" }] });
  });

  test("keeps only well-formed details (some errors carry other data there)", async () => {
    answer(429, { error: { code: "too_many_attempts", message: "Too many", details: { retryAfterSeconds: 30 } } });
    const err = (await api.post("/api/auth/login", {}).catch((e) => e)) as ApiError;
    expect(err.details).toEqual([]);
    expect(err.code).toBe("too_many_attempts");
  });

  test("reports a 401 to the app unless the caller handles it itself", async () => {
    const seen: string[] = [];
    onUnauthorized((e) => seen.push(e.code));
    answer(401, { error: { code: "unauthenticated", message: "Sign in first" } });
    await api.get("/api/devices").catch(() => {});
    await api.get("/api/auth/session", { redirectOn401: false }).catch(() => {});
    expect(seen).toEqual(["unauthenticated"]);
  });

  test("explains answers that are not the API's error shape and unreachable servers", async () => {
    answer(502, undefined);
    const bad = (await api.get("/api/devices").catch((e) => e)) as ApiError;
    expect(bad).toMatchObject({ status: 502, code: "http_error" });
    vi.stubGlobal("fetch", async () => {
      throw new TypeError("fetch failed");
    });
    const down = (await api.get("/api/devices").catch((e) => e)) as ApiError;
    expect(down).toMatchObject({ status: 0, code: "network_error" });
  });
});
