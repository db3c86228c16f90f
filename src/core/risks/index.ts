export * from "./matrix";
export * from "./rules";
export * from "./types";
export * from "./views";
export * from "./templates";
export * from "./rows";
export * from "./from-record";
