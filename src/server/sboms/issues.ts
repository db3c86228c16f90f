import type { SbomIssue } from "../../core/sbom";
import { AppError } from "../platform/http/errors";

export type IssueDetail = { file: string; code: string; message: string; pointer?: string; line?: number; column?: number };

/** At most this many issues go into one response; the message says how many there were. */
const MAX_DETAILS = 200;

export function issueDetails(issues: SbomIssue[]): IssueDetail[] {
  return issues.slice(0, MAX_DETAILS).map((i) => ({ ...i }));
}

/** 422 `invalid_sbom` with every problem located: `details: [{file, pointer|line, message}]`. */
export function invalidSbom(fileName: string, errors: SbomIssue[]): AppError {
  const first = errors[0];
  const where = first ? (first.pointer !== undefined ? ` at ${first.pointer || "/"}` : first.line !== undefined ? ` at line ${first.line}` : "") : "";
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length === 2 ? "" : "s"})` : "";
  return new AppError(422, "invalid_sbom", `${fileName} was rejected${where}: ${first?.message ?? "invalid SBOM"}${more}`, issueDetails(errors));
}
