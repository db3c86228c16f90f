// Load generator for the workspace benchmark, run as its own process so that it does not share the server's event
// loop: autocannon against one URL on loopback, every response time kept, the summary printed as one JSON line.
// Arguments: a JSON object { url, cookie, connections, amount } (amount: requests in all).
import autocannon from "autocannon";
import { percentile } from "../support";

export type LoadResult = {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Percentiles of the requests answered 2xx alone, and the slowest refusal (503 past the admission queue). */
  answered: { p50: number; p95: number };
  refusedMax: number;
  non2xx: number;
  errors: number;
  timeouts: number;
};

const options = JSON.parse(process.argv[2] ?? "{}") as { url: string; cookie: string; connections: number; amount: number };
const url = new URL(options.url);
if (!["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)) throw new Error(`the load client only targets loopback, not ${url.hostname}`);

const times: number[] = [];
const answeredTimes: number[] = [];
const refusedTimes: number[] = [];
const started = performance.now();
const result = await new Promise<autocannon.Result>((resolve, reject) => {
  const instance = autocannon(
    {
      url: options.url,
      connections: options.connections,
      amount: options.amount,
      timeout: 600,
      headers: options.cookie ? { cookie: options.cookie } : {},
    },
    (err, r) => (err ? reject(err) : resolve(r)),
  );
  instance.on("response", (_client, status, _bytes, responseTime) => {
    times.push(responseTime);
    (status >= 200 && status < 300 ? answeredTimes : refusedTimes).push(responseTime);
  });
});
const seconds = (performance.now() - started) / 1000;
for (const list of [times, answeredTimes, refusedTimes]) list.sort((a, b) => a - b);
const summary: LoadResult = {
  requests: times.length,
  seconds,
  requestsPerSecond: times.length / seconds,
  p50: percentile(times, 50),
  p95: percentile(times, 95),
  p99: percentile(times, 99),
  max: times[times.length - 1] ?? Number.NaN,
  answered: { p50: percentile(answeredTimes, 50), p95: percentile(answeredTimes, 95) },
  refusedMax: refusedTimes[refusedTimes.length - 1] ?? Number.NaN,
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
};
process.stdout.write(`${JSON.stringify(summary)}\n`);
