import { describe, expect, test } from "vitest";
import { splitServerErrors } from "./field-errors";

const fields = ["legalName", "otherMemberStates", "productLines", "staffHeadcount"];

describe("splitServerErrors", () => {
  test("puts a body field's problem on that field", () => {
    expect(splitServerErrors([{ path: "body/legalName", message: "required" }], fields)).toEqual({
      fieldErrors: { legalName: "required" },
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
    expect(result.fieldErrors).toEqual({ otherMemberStates: "entry 3: must be an EU member state code; entry 1: duplicate" });
  });

  test("keeps problems of unknown fields and of the whole body for the form's alert", () => {
    const details = [
      { path: "body", message: "Unrecognized key: \"extra\"" },
      { path: "body/password", message: "too short" },
      { path: "querystring/legalName", message: "not a body field" },
      { path: "body/staffHeadcount", message: "whole number" },
    ];
    const result = splitServerErrors(details, fields);
    expect(result.fieldErrors).toEqual({ staffHeadcount: "whole number" });
    expect(result.unmatched).toEqual(details.slice(0, 3));
  });
});
