/** One field-level problem reported by the server; `path` looks like `body/legalName`. */
export type ErrorDetail = { path: string; message: string };

/** An error answer of the API, parsed from `{error:{code,message,details?}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

const CSRF_COOKIE = "vigil_csrf";
const SAFE_METHODS = new Set(["GET", "HEAD"]);

let csrfToken: string | null = null;
let unauthorizedHandler: ((error: ApiError) => void) | null = null;

/** Remembers the CSRF token of the current session (from sign-in or the session answer). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

function csrfFromCookie(): string | null {
  if (typeof document === "undefined") return null;
  for (const part of document.cookie.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === CSRF_COOKIE) return decodeURIComponent(rest.join("="));
  }
  return null;
}

/** Called when a request of a signed-in page answers 401 (the session ended); the app sends the user to sign-in. */
export function onUnauthorized(handler: ((error: ApiError) => void) | null): void {
  unauthorizedHandler = handler;
}

function isErrorDetail(v: unknown): v is ErrorDetail {
  return typeof v === "object" && v !== null && typeof (v as ErrorDetail).path === "string" && typeof (v as ErrorDetail).message === "string";
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON: a proxy error page or an empty body
  }
  const err = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (err && typeof err.message === "string") {
    const details = Array.isArray(err.details) ? err.details.filter(isErrorDetail) : [];
    return new ApiError(res.status, typeof err.code === "string" ? err.code : "error", err.message, details);
  }
  return new ApiError(res.status, "http_error", `The server answered ${res.status} ${res.statusText}`.trim());
}

/** The CSRF header for state-changing requests made without `apiRequest` (uploads with progress). */
export function csrfHeaders(): Record<string, string> {
  const token = csrfToken ?? csrfFromCookie();
  return token ? { "X-CSRF-Token": token } : {};
}

export type RequestOptions = {
  /** When false, a 401 answer is returned to the caller instead of ending the session in the app (sign-in, session check). */
  redirectOn401?: boolean;
  signal?: AbortSignal;
};

/** Sends a JSON request (or a FormData as multipart/form-data) to the API; throws ApiError for every non-2xx answer. */
export async function apiRequest<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  const form = typeof FormData !== "undefined" && body instanceof FormData;
  if (body !== undefined && !form) headers["Content-Type"] = "application/json";
  if (!SAFE_METHODS.has(method)) {
    const token = csrfToken ?? csrfFromCookie();
    if (token) headers["X-CSRF-Token"] = token;
  }
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : form ? (body as FormData) : JSON.stringify(body),
      credentials: "same-origin",
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error).name === "AbortError") throw err;
    throw new ApiError(0, "network_error", "The server cannot be reached; check your connection and try again");
  }
  if (!res.ok) {
    const error = await toApiError(res);
    if (res.status === 401 && opts.redirectOn401 !== false) unauthorizedHandler?.(error);
    throw error;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, opts?: RequestOptions) => apiRequest<T>("GET", path, undefined, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => apiRequest<T>("POST", path, body ?? {}, opts),
  put: <T>(path: string, body: unknown, opts?: RequestOptions) => apiRequest<T>("PUT", path, body, opts),
  patch: <T>(path: string, body: unknown, opts?: RequestOptions) => apiRequest<T>("PATCH", path, body, opts),
  delete: <T>(path: string, opts?: RequestOptions) => apiRequest<T>("DELETE", path, undefined, opts),
};

/** A message for any thrown value, for alerts and notifications. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
