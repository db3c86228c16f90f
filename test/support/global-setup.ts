import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    vigilRunId: string;
  }
}

/** One id per test run: templates seeded during the run carry it and are dropped when the run ends. */
export default function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  project.provide("vigilRunId", runId);
  return async () => {
    const { dropSeededTemplates } = await import("./templates");
    await dropSeededTemplates(runId);
  };
}
