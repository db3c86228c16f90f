export * from "./obligations";
export * from "./regime";
