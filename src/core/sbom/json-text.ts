import type { IssueCollector } from "./issues";
import { LineIndex } from "./text";

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function stringField(obj: JsonObject, key: string): string | null {
  const v = obj[key];
  return typeof v === "string" && v.trim() !== "" ? v : null;
}

/** JSON.parse that reports syntax errors with line and column instead of throwing. */
export function parseJsonText(text: string, issues: IssueCollector): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const match = /at position (\d+)/.exec(message) ?? /\(char (\d+)\)/.exec(message);
    const offset = match ? Number(match[1]) : /end of JSON input/.test(message) ? text.length : null;
    const at = offset === null ? {} : new LineIndex(text).position(offset);
    issues.error("syntax", `invalid JSON: ${message.replace(/^JSON\.parse: /, "")}`, at);
    return { ok: false };
  }
}
