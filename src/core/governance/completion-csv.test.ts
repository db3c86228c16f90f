import { describe, expect, test } from "vitest";
import { parseCompletionCsv } from "./completion-csv";

const now = new Date("2026-11-23T12:00:00Z");
const hash = "a".repeat(64);

describe("training completion CSV", () => {
  test("reads rows with bare dates as UTC midnight, optional evidence hash and note, BOM and quoted fields", () => {
    const { rows, problems } = parseCompletionCsv(
      `\uFEFFemail,completed_at,evidence_sha256,note\nAnna@Example.org,2026-11-02,${hash.toUpperCase()},"certificate, page 2"\nbob@example.org,2026-11-03T09:30:00+01:00,,\n`,
      now,
    );
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { line: 2, email: "anna@example.org", completedAt: new Date("2026-11-02T00:00:00Z"), evidenceSha256: hash, note: "certificate, page 2" },
      { line: 3, email: "bob@example.org", completedAt: new Date("2026-11-03T08:30:00Z"), evidenceSha256: null, note: null },
    ]);
  });
  test("every bad row is listed with its line and reason; only sound rows are returned", () => {
    const csv = [
      "email,completed_at,evidence_sha256",
      "ok@example.org,2026-11-01,",
      "not-an-email,2026-11-01,",
      "late@example.org,2027-01-01,",
      "ok@example.org,2026-11-02,",
      "hash@example.org,2026-02-30,abc",
      "",
      "empty@example.org,,",
    ].join("\n");
    const { rows, problems } = parseCompletionCsv(csv, now);
    expect(rows.map((r) => r.line)).toEqual([2]);
    expect(problems).toEqual([
      { line: 3, message: '"not-an-email" is not an e-mail address' },
      { line: 4, message: "completed_at 2027-01-01 lies in the future" },
      { line: 5, message: "ok@example.org already appears on line 2" },
      { line: 6, message: 'completed_at "2026-02-30" is not a calendar date; evidence_sha256 must be 64 hexadecimal characters' },
      { line: 8, message: "completed_at is empty" },
    ]);
  });
  test("a header without the required columns, or with unknown ones, is refused on line 1", () => {
    expect(parseCompletionCsv("mail,date\nx@y.z,2026-01-01\n", now).problems).toEqual([
      { line: 1, message: "missing column(s): email, completed_at" },
      { line: 1, message: "unknown column(s): mail, date (expected email, completed_at, evidence_sha256, note)" },
    ]);
    expect(parseCompletionCsv("", now).problems).toEqual([{ line: 1, message: "the file is empty" }]);
    expect(parseCompletionCsv("email,completed_at\n", now).problems[0].message).toBe("no completion rows after the header");
  });
  test("an unterminated quote is a located parse error", () => {
    const { problems } = parseCompletionCsv('email,completed_at\n"x@y.z,2026-01-01\n', now);
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/not a readable CSV file/);
  });
});
