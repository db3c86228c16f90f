import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { call, signInAs, type Session, startTestVigil, type TestVigil } from "../support/app";

const profile = {
  establishments: ["DE"],
  staffHeadcount: 120,
  annualTurnoverEur: 30_000_000,
  balanceSheetTotalEur: 20_000_000,
  activities: ["medical_devices"],
  designations: [],
};

function hasPdftotext(): boolean {
  try {
    execFileSync("pdftotext", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe("applicability API", () => {
  let vigil: TestVigil;
  let user: Session;
  beforeAll(async () => {
    vigil = await startTestVigil("embedded");
    user = await signInAs(vigil, "compliance_manager");
  });
  afterAll(async () => vigil?.stop());

  test("assesses a profile statelessly with the documented fields", async () => {
    const res = await call(vigil, user, "POST", "/api/applicability/assess", profile);
    expect(res.statusCode).toBe(200);
    const a = res.json();
    expect(a).toMatchObject({ sizeCategory: "medium", classification: "important", maxFineEur: 7_000_000, supervision: { regime: "ex_post" } });
    expect(a.basis.basis.citation).toMatch(/Annex II/);
    expect(a.memberStates[0].country).toBe("DE");
    expect(a.obligations.length).toBeGreaterThan(10);
  });

  test("bad input gets field-level errors", async () => {
    const res = await call(vigil, user, "POST", "/api/applicability/assess", {
      ...profile,
      establishments: ["XX"],
      staffHeadcount: -3,
      activities: ["brewing"],
      designations: ["designated_essential", "designated_important"],
    });
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["body/establishments/0", "body/staffHeadcount", "body/activities/0", "body/designations"]));
  });

  test("the stored organisation profile is assessed", async () => {
    const res = await call(vigil, user, "GET", "/api/applicability");
    expect(res.json()).toMatchObject({ ready: true, assessment: { classification: "important" } });
    expect(res.json().assessment.memberStates.map((m: { country: string }) => m.country)).toEqual(["DE", "AT", "NL"]);
    // Each national fact says when it was last checked and against what.
    expect(res.json().assessment.memberStates[2]).toMatchObject({ country: "NL", verifiedOn: "2026-12-06", source: { ref: expect.stringMatching(/Kamerstuk 36 764/) } });
  });

  test("the memo is a PDF whose text carries the result and its basis", async () => {
    const res = await vigil.app.inject({
      method: "POST",
      url: "/api/applicability/memo",
      headers: { cookie: user.cookie, "x-csrf-token": user.csrf },
      payload: { ...profile, organisation: "Demo Medical GmbH" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toBe("application/pdf");
    expect(res.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    if (!hasPdftotext()) {
      if (process.env.CI === "true") throw new Error("pdftotext (poppler-utils) is missing on CI");
      return;
    }
    const dir = mkdtempSync(path.join(os.tmpdir(), "vigil-memo-"));
    const file = path.join(dir, "memo.pdf");
    writeFileSync(file, res.rawPayload);
    const text = execFileSync("pdftotext", ["-layout", file, "-"]).toString();
    expect(text).toContain("NIS2 applicability memo");
    expect(text).toContain("IMPORTANT");
    expect(text).toMatch(/Art\. 34/);
    expect(text).toContain("Demo Medical GmbH");
    expect(text).toMatch(/Last verified: 2026-12-06 against/);
  });
});
