export * from "./messages";
export * from "./webhook-signature";
