export * from "./clauses";
export * from "./questionnaire";
export * from "./risk";
export * from "./schedule";
export * from "./tier";
export * from "./import";
