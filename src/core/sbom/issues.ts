import type { SbomIssue, SbomIssueCode } from "./types";

export interface IssueLocation {
  pointer?: string;
  line?: number;
  column?: number;
}

/** Collects errors and warnings for one file; parsers report here instead of throwing. */
export class IssueCollector {
  readonly errors: SbomIssue[] = [];
  readonly warnings: SbomIssue[] = [];

  constructor(readonly file: string) {}

  error(code: SbomIssueCode, message: string, at: IssueLocation = {}): void {
    this.errors.push(this.make(code, message, at));
  }

  warn(code: SbomIssueCode, message: string, at: IssueLocation = {}): void {
    this.warnings.push(this.make(code, message, at));
  }

  get hasErrors(): boolean {
    return this.errors.length > 0;
  }

  private make(code: SbomIssueCode, message: string, at: IssueLocation): SbomIssue {
    const issue: SbomIssue = { file: this.file, code, message };
    if (at.pointer !== undefined) issue.pointer = at.pointer;
    if (at.line !== undefined) issue.line = at.line;
    if (at.column !== undefined) issue.column = at.column;
    return issue;
  }
}

/** `bom.xml:12:5 /bom/components/component[3]: message` — one line for logs and CLI output. */
export function formatIssue(issue: SbomIssue): string {
  let where = issue.file;
  if (issue.line !== undefined) where += `:${issue.line}${issue.column !== undefined ? `:${issue.column}` : ""}`;
  if (issue.pointer !== undefined) where += ` ${issue.pointer || "/"}`;
  return `${where}: ${issue.message}`;
}

/** Escapes one JSON pointer segment (RFC 6901). */
export function pointerSegment(segment: string | number): string {
  if (typeof segment === "number") return String(segment);
  return segment.includes("~") || segment.includes("/") ? segment.replaceAll("~", "~0").replaceAll("/", "~1") : segment;
}

export function joinPointer(base: string, ...segments: Array<string | number>): string {
  let out = base;
  for (const s of segments) out += `/${pointerSegment(s)}`;
  return out;
}
