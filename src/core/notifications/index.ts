export * from "./messages";
export * from "./webhook-signature";
export * from "./events";
