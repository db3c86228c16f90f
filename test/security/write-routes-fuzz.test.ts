import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTestVigil, type TestVigil } from "../support/app";
import { fuzzWriteRoutes } from "./write-routes-fuzz";

// `npm test` sends a few mutated bodies per route on the embedded database; `npm run fuzz` raises the count.
const mutationsPerRoute = Number(process.env.VIGIL_FUZZ_HTTP_CASES ?? 4);
const seed = Number(process.env.VIGIL_FUZZ_SEED ?? 20261123);

describe("HTTP body fuzz of every write route (embedded)", () => {
  let vigil: TestVigil;
  beforeAll(async () => {
    vigil = await startTestVigil("embedded");
  });
  afterAll(async () => vigil?.stop());

  test("property: malformed, oversized and mistyped bodies get a 4xx JSON error or succeed, never a 5xx or a partial write", async () => {
    const result = await fuzzWriteRoutes(vigil, { mutationsPerRoute, seed });
    console.log(
      `write-route fuzz: ${result.routes} routes, ${result.sent} requests, ${result.refused} refused (4xx), ${result.accepted} accepted, ${result.findings.length} violations (seed ${seed})`,
    );
    expect(result.routes).toBeGreaterThan(50);
    expect(result.refused).toBeGreaterThan(result.routes * 5);
    expect(result.findings).toEqual([]);
  }, 600_000);
});
