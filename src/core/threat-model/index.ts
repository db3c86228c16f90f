export * from "./diagram";
export * from "./diff";
export * from "./inheritance";
export * from "./metrics";
export * from "./stride";
export * from "./traceability";
export * from "./types";
export * from "./validate";
