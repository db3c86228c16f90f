import type {
  CatalogFileContent,
  Confidence,
  FrameworkInfo,
  ItemData,
  KeyDateData,
  MappingData,
  MemberStateData,
} from "./schema";

/** One catalog file as handed to the core: its name (for problem reports) and its parsed content. */
export interface CatalogDocument {
  file: string;
  content: CatalogFileContent;
}

/** A precise integrity or schema problem: which file, which item (or path inside the file), why. */
export interface CatalogProblem {
  file: string;
  itemId?: string;
  path?: string;
  reason: string;
}

export interface Framework extends FrameworkInfo {
  file: string;
  version: number;
  lastReviewed: string;
}

/** An item with its framework, file and review date resolved; `source.document` defaults to the framework's. */
export interface CatalogItem extends ItemData {
  framework: string;
  file: string;
  lastReviewed: string;
  source: { document: string; ref: string; url?: string };
}

export interface Mapping extends MappingData {
  file: string;
  lastReviewed: string;
}

export interface KeyDate extends KeyDateData {
  file: string;
}

export interface MemberStateRecord extends MemberStateData {
  file: string;
  lastReviewed: string;
}

export interface CatalogFileInfo {
  file: string;
  version: number;
  lastReviewed: string;
  framework?: string;
}

export interface Catalog {
  /** Short fingerprint of the file names and versions, to stamp assessments with. */
  version: string;
  /** Latest `lastReviewed` of all files. */
  lastReviewed: string;
  documents: readonly CatalogDocument[];
  files: readonly CatalogFileInfo[];
  frameworks: ReadonlyMap<string, Framework>;
  items: ReadonlyMap<string, CatalogItem>;
  itemsByFramework: ReadonlyMap<string, readonly CatalogItem[]>;
  children: ReadonlyMap<string, readonly CatalogItem[]>;
  mappings: readonly Mapping[];
  /** Mappings indexed by their `from` endpoint. */
  mappingsFrom: ReadonlyMap<string, readonly Mapping[]>;
  /** Mappings indexed by their `to` endpoint (the reverse direction). */
  mappingsTo: ReadonlyMap<string, readonly Mapping[]>;
  keyDates: readonly KeyDate[];
  memberStates: ReadonlyMap<string, MemberStateRecord>;
}

export type { Confidence };
