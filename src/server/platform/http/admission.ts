import { performance } from "node:perf_hooks";
import type { VigilApp } from "./types";

export type AdmissionLimits = {
  /** API requests executing at once. */
  maxConcurrent: number;
  /** Further requests that may wait for a turn; past it a request is refused at once. */
  queueLimit: number;
  /** How long a request may wait for a turn before it is refused. */
  queueTimeoutMs: number;
  /** The longest wait a request is queued for: one expected to wait longer is refused at once. */
  queueTargetMs: number;
};

export const DEFAULT_ADMISSION: AdmissionLimits = { maxConcurrent: 8, queueLimit: 64, queueTimeoutMs: 10_000, queueTargetMs: 2_000 };
/** Weight of the latest request in the moving average of service times: about the last ten requests count. */
const SERVICE_TIME_WEIGHT = 0.2;
/** Liveness must answer while the API is saturated. */
const EXEMPT_ROUTES = new Set(["/api/health"]);

/** `release(false)` frees a slot whose request was never served (its client left), so it teaches the estimate nothing. */
export type Admission = { admitted: true; release: (served?: boolean) => void } | { admitted: false; retryAfterSeconds: number };
type Waiter = { since: number; serviceMs: number; admit(): void; refuse(): void; timer: NodeJS.Timeout };

/**
 * A counting gate with a bounded first-in-first-out wait queue that also refuses by expected wait: the service times
 * of the requests ahead, plus one turn for a slot to free, divided by the requests served at once. Service times
 * (from admission to release) are moving averages, per route and over all routes; a route not yet seen counts as the
 * latter. Per route, because a dashboard costs tens of times what an audit page costs, and a burst of one after the
 * other would otherwise be judged by the last.
 */
export class AdmissionGate {
  private running = 0;
  private readonly waiting: Waiter[] = [];
  private queuedServiceMs = 0;
  private meanServiceMs: number | null = null;
  private readonly routeServiceMs = new Map<string, number>();

  constructor(
    private readonly limits: AdmissionLimits,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get load(): { running: number; waiting: number; meanServiceMs: number | null } {
    return { running: this.running, waiting: this.waiting.length, meanServiceMs: this.meanServiceMs };
  }

  /** How long a request arriving now would wait for a turn, by the recent service times (0 while none is known). */
  expectedWaitMs(): number {
    if (this.running < this.limits.maxConcurrent) return 0;
    return (this.queuedServiceMs + (this.meanServiceMs ?? 0)) / this.limits.maxConcurrent;
  }

  /**
   * Resolves once the request may run, or is refused: queue full, expected to wait past the target, or waited past
   * the timeout. `route` names what the request is (method and route pattern) for its service-time estimate.
   */
  enter(route = ""): Promise<Admission> {
    if (this.running < this.limits.maxConcurrent) {
      this.running++;
      return Promise.resolve(this.admission(route));
    }
    if (this.waiting.length >= this.limits.queueLimit || this.expectedWaitMs() > this.limits.queueTargetMs) return Promise.resolve(this.refusal());
    return new Promise((resolve) => {
      const waiter: Waiter = {
        since: this.now(),
        serviceMs: this.routeServiceMs.get(route) ?? this.meanServiceMs ?? 0,
        admit: () => {
          clearTimeout(waiter.timer);
          resolve(this.admission(route));
        },
        refuse: () => {
          clearTimeout(waiter.timer);
          resolve(this.refusal());
        },
        timer: setTimeout(() => {
          this.dequeue(waiter);
          resolve(this.refusal());
        }, this.limits.queueTimeoutMs),
      };
      this.waiting.push(waiter);
      this.queuedServiceMs += waiter.serviceMs;
    });
  }

  private dequeue(waiter: Waiter): void {
    this.waiting.splice(this.waiting.indexOf(waiter), 1);
    this.queuedServiceMs = this.waiting.length === 0 ? 0 : this.queuedServiceMs - waiter.serviceMs;
  }

  private refusal(): Admission {
    return { admitted: false, retryAfterSeconds: Math.max(1, Math.ceil(this.expectedWaitMs() / 1000)) };
  }

  private admission(route: string): Admission {
    const admittedAt = this.now();
    let released = false;
    const release = (served = true) => {
      if (released) return;
      released = true;
      if (served) {
        const ms = this.now() - admittedAt;
        this.meanServiceMs = movingAverage(this.meanServiceMs, ms);
        this.routeServiceMs.set(route, movingAverage(this.routeServiceMs.get(route) ?? null, ms));
      }
      this.handOver();
    };
    return { admitted: true, release };
  }

  /**
   * The slot passes straight to the next waiter, so the running count never dips below the limit under load. A waiter
   * whose timeout is due is refused here too: on the embedded database a long query holds the event loop, so its
   * timer may not have fired yet.
   */
  private handOver(): void {
    for (let next = this.waiting[0]; next; next = this.waiting[0]) {
      this.dequeue(next);
      if (this.now() - next.since < this.limits.queueTimeoutMs) {
        next.admit();
        return;
      }
      next.refuse();
    }
    this.running--;
  }
}

const movingAverage = (mean: number | null, sample: number) => (mean === null ? sample : mean + SERVICE_TIME_WEIGHT * (sample - mean));

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
    const admission = await gate.enter(`${request.method} ${route}`);
    if (admission.admitted) {
      if (closed) admission.release(false); // the client left while it waited
      else release = admission.release;
    }
    if (!admission.admitted || closed) {
      const seconds = admission.admitted ? 1 : admission.retryAfterSeconds;
      return reply
        .status(503)
        .header("retry-after", String(seconds))
        .type("application/json")
        .send({ error: { code: "overloaded", message: `Vigil is busy; retry in ${seconds} second${seconds === 1 ? "" : "s"}` } });
    }
  });
  return gate;
}
