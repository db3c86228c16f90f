import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["./test/support/global-setup.ts"],
    pool: "forks",
    maxWorkers: 2,
    // Test files share their worker's module cache: each would otherwise load the whole server again (6.5 of the
    // suite's 15.5 minutes on two cores went to imports). Every file opens its own databases and apps.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ["default", "./test/support/summary-reporter.ts"],
  },
});
