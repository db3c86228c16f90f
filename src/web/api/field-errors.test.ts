import { describe, expect, test } from "vitest";
import { plainMessage, splitServerErrors } from "./field-errors";

const fields = ["legalName", "otherMemberStates", "productLines", "staffHeadcount"];

describe("splitServerErrors", () => {
  test("puts a body field's problem on that field", () => {
    expect(splitServerErrors([{ path: "body/legalName", message: "required" }], fields)).toEqual({
      fieldErrors: { legalName: "This is required" },
      unmatched: [],
    });
  });

  test("names the entry of a list and joins several problems of one field", () => {
    const result = splitServerErrors(
      [
        { path: "body/otherMemberStates/2", message: "must be an EU member state code" },
        { path: "body/otherMemberStates/0", message: "duplicate" },
      ],
      fields,
    );
    expect(result.fieldErrors).toEqual({ otherMemberStates: "Entry 3: must be an EU member state code; entry 1: duplicate" });
  });

  test("keeps problems of unknown fields and of the whole body for the form's alert", () => {
    const details = [
      { path: "body", message: "Unrecognized key: \"extra\"" },
      { path: "body/password", message: "too short" },
      { path: "querystring/legalName", message: "not a body field" },
      { path: "body/staffHeadcount", message: "whole number" },
    ];
    const result = splitServerErrors(details, fields);
    expect(result.fieldErrors).toEqual({ staffHeadcount: "Whole number" });
    expect(result.unmatched).toEqual(details.slice(0, 3));
  });

  test("says each problem of a field once", () => {
    const result = splitServerErrors(
      [
        { path: "body/title", message: "required" },
        { path: "body/title", message: "Invalid input: expected string, received undefined" },
      ],
      ["title"],
    );
    expect(result.fieldErrors).toEqual({ title: "This is required" });
  });
});

describe("plainMessage", () => {
  test.each([
    ["required", "This is required"],
    ["Invalid input: expected string, received undefined", "This is required"],
    ["Too small: expected string to have >=1 characters", "This is required"],
    ["Invalid input: expected number, received string", "Enter a number"],
    ["Invalid ISO date", "Enter a valid date"],
    ['Invalid option: expected one of "low"|"high"', "Choose one of the offered options"],
    ["Too big: expected string to have <=300 characters", "Too long: at most 300 characters"],
    ["Too small: expected number to be >=1", "Must be at least 1"],
    ["must be an EU member state code", "must be an EU member state code"],
  ])("%s → %s", (message, plain) => {
    expect(plainMessage(message)).toBe(plain);
  });
});
