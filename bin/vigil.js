#!/usr/bin/env node
// Entry point of the `vigil` command: runs the compiled JavaScript (dist/node, built here when a source is newer);
// where it cannot be built, it loads the TypeScript sources through tsx.
import { compiledEntry } from "./compile.js";

const compiled = await compiledEntry();
if (compiled) {
  await import(compiled);
} else {
  const { register } = await import("tsx/esm/api");
  register();
  await import("../src/cli/main.ts");
}
