export * from "./calendar";
export * from "./clock-input";
export * from "./display";
export * from "./member-states";
export * from "./obligation-status";
export * from "./obligations";
export * from "./types";
