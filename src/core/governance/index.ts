export * from "./completion-csv";
export * from "./policies";
export * from "./responsibilities";
export * from "./training";
