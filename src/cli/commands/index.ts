import type { Command } from "commander";

/** Each sub-command module exports `register(program)`. Add new ones to this list. */
export type CommandModule = { register(program: Command): void };

export const commandModules: Array<() => Promise<CommandModule>> = [
  () => import("./serve"),
  () => import("./migrate"),
  () => import("./user"),
  () => import("./audit"),
  () => import("./backup"),
  () => import("./incident"),
  () => import("./catalog"),
  () => import("./applicability"),
  () => import("./scan"),
  () => import("./sbom"),
  () => import("./vulns"),
  () => import("./report"),
  () => import("./gate"),
  () => import("./advisory"),
  () => import("./vex"),
  () => import("./policy"),
  () => import("./csaf-provider"),
  () => import("./component-support"),
];
