import type { VigilApp } from "./types";

export type AdmissionLimits = {
  /** API requests executing at once. */
  maxConcurrent: number;
  /** Further requests that may wait for a turn; past it a request is refused at once. */
  queueLimit: number;
  /** How long a request may wait for a turn before it is refused. */
  queueTimeoutMs: number;
};

export const DEFAULT_ADMISSION: AdmissionLimits = { maxConcurrent: 8, queueLimit: 64, queueTimeoutMs: 10_000 };
const RETRY_AFTER_SECONDS = 2;
/** Liveness must answer while the API is saturated. */
const EXEMPT_ROUTES = new Set(["/api/health"]);

type Waiter = { admit(): void; timer: NodeJS.Timeout };

/** A counting gate with a bounded first-in-first-out wait queue. */
export class AdmissionGate {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(private readonly limits: AdmissionLimits) {}

  get load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  /** Resolves with the function that frees the slot, or with null when the request is refused (queue full or waited too long). */
  enter(): Promise<(() => void) | null> {
    if (this.running < this.limits.maxConcurrent) {
      this.running++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.limits.queueLimit) return Promise.resolve(null);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        admit: () => {
          clearTimeout(waiter.timer);
          resolve(this.releaser());
        },
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          resolve(null);
        }, this.limits.queueTimeoutMs),
      };
      this.waiting.push(waiter);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // The slot passes straight to the next waiter, so the running count never dips below the limit under load.
      const next = this.waiting.shift();
      if (next) next.admit();
      else this.running--;
    };
  }
}

/**
 * Bounds the API work of one process, authentication included (it queries the database too). The gate is entered
 * before anything else, so a refused request, a write among them, has done nothing; an admitted one runs to its end.
 * An admitted request's body is read within its slot; Node's request timeout bounds a client that sends it slowly.
 */
export function guardAdmission(app: VigilApp, limits: AdmissionLimits): AdmissionGate {
  const gate = new AdmissionGate(limits);
  app.addHook("onRequest", async (request, reply) => {
    const route = request.routeOptions.url;
    if (!route?.startsWith("/api/") || EXEMPT_ROUTES.has(route)) return;
    let release: (() => void) | null = null;
    let closed = false;
    reply.raw.once("close", () => {
      closed = true;
      release?.();
    });
    release = await gate.enter();
    if (release && closed) release(); // the client left while it waited
    if (!release || closed) {
      return reply
        .status(503)
        .header("retry-after", String(RETRY_AFTER_SECONDS))
        .type("application/json")
        .send({ error: { code: "overloaded", message: `Vigil is busy; retry in ${RETRY_AFTER_SECONDS} seconds` } });
    }
  });
  return gate;
}
