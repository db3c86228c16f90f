export * from "./case-record";
export * from "./cases";
export * from "./obligations";
export * from "./regime";
export * from "./report-drafts";
