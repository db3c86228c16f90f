export * from "./policy";
export * from "./role-mapping";
