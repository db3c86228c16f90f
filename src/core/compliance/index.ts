/**
 * The compliance workspace (pure): the harmonised control library (`library.ts`, data/controls), requirement status
 * derived from mapped controls with its chain of mappings (`derive.ts`), coverage per framework and article/clause
 * (`model.ts`), the Statement of Applicability (`soa.ts`), snapshot comparison (`snapshots.ts`) and the import
 * format of custom frameworks (`custom-framework.ts`).
 */
export * from "./custom-framework";
export * from "./derive";
export * from "./library";
export * from "./model";
export * from "./snapshots";
export * from "./soa";
export { RELATIONSHIPS, STRENGTHS, type MappingSource, type Relationship, type Strength } from "../catalog";
