import { describe, expect, test } from "vitest";
import { addWorkingDays, sanitiseFileName, spamSignal, transitionProblem } from "./disclosure";
import { defaultCpe, defaultPurl, inventoryProductId, nextRevision, productsFromInventory } from "./inventory";
import { changesCsv, csafFileName, indexTxt, relativePath, securityTxt } from "./provider";

const entry = (trackingId: string, initial: string, current: string) => ({ trackingId, title: trackingId, tlp: "WHITE" as const, initialReleaseDate: initial, currentReleaseDate: current });

describe("CSAF provider layout", () => {
  test("file names follow CSAF 2.0 section 5.1", () => {
    expect(csafFileName("DM-SA-2026-001")).toBe("dm-sa-2026-001.json");
    expect(csafFileName("Acme SA/2026:7 (rev)")).toBe("acme_sa_2026_7_rev_.json");
    expect(relativePath({ trackingId: "X+1", initialReleaseDate: "2025-12-31T23:00:00Z" })).toBe("2025/x+1.json");
  });

  test("index.txt is sorted, changes.csv is newest first", () => {
    const entries = [entry("B", "2026-01-01T00:00:00Z", "2026-03-01T00:00:00Z"), entry("A", "2025-05-01T00:00:00Z", "2026-04-01T00:00:00Z")];
    expect(indexTxt(entries)).toBe("2025/a.json\n2026/b.json\n");
    expect(changesCsv(entries)).toBe('"2025/a.json","2026-04-01T00:00:00Z"\n"2026/b.json","2026-03-01T00:00:00Z"\n');
  });

  test("security.txt carries the RFC 9116 fields and the CSAF field", () => {
    const txt = securityTxt({ baseUrl: "https://x.example", contacts: ["mailto:s@x.example"], expires: "2027-01-01T00:00:00Z", policyUrl: "https://x.example/p" });
    expect(txt.split("\n")).toEqual([
      "Contact: mailto:s@x.example",
      "Expires: 2027-01-01T00:00:00Z",
      "Policy: https://x.example/p",
      "Preferred-Languages: en",
      "Canonical: https://x.example/.well-known/security.txt",
      "CSAF: https://x.example/.well-known/csaf/provider-metadata.json",
      "",
    ]);
  });
});

describe("inventory products", () => {
  test("ids, purl and CPE are derived from model number and version", () => {
    expect(inventoryProductId("IS-300", "3.1.0 beta")).toBe("IS-300-3.1.0_beta");
    expect(defaultPurl("Demo Medical GmbH", "IS-300", "3.1.0")).toBe("pkg:generic/demo-medical-gmbh/is-300@3.1.0");
    expect(defaultCpe("Demo Medical GmbH", "IS-300", "3.1.0")).toBe("cpe:2.3:h:demo_medical_gmbh:is-300:3.1.0:*:*:*:*:*:*:*");
  });

  test("the product tree groups versions under product and family", () => {
    const row = (product: string, version: string, family?: string) => ({ productId: `${product}-${version}`, vendor: "V", family, product, version, modelNumber: product });
    const tree = productsFromInventory([row("P", "1", "F"), row("P", "2", "F"), row("Q", "1")]);
    expect(tree.vendors[0].families?.[0]).toMatchObject({ name: "F", products: [{ name: "P", versions: [{ version: "1" }, { version: "2" }] }] });
    expect(tree.vendors[0].products?.[0]).toMatchObject({ name: "Q" });
  });

  test("revisions start at 1.0.0 and bump semantically", () => {
    expect(nextRevision(null, "minor")).toBe("1.0.0");
    expect(nextRevision("1.0.0", "minor")).toBe("1.1.0");
    expect(nextRevision("1.1.0", "patch")).toBe("1.1.1");
    expect(nextRevision("1.1.1", "major")).toBe("2.0.0");
  });
});

describe("disclosure rules", () => {
  test("working days skip weekends", () => {
    expect(addWorkingDays(new Date("2026-11-20T09:00:00Z"), 5).toISOString()).toBe("2026-11-27T09:00:00.000Z");
    expect(addWorkingDays(new Date("2026-11-21T09:00:00Z"), 1).toISOString()).toBe("2026-11-23T09:00:00.000Z");
  });

  test("status moves forward; closed from anywhere; nothing after closed", () => {
    expect(transitionProblem("received", "validated")).toBeNull();
    expect(transitionProblem("validated", "received")).toMatch(/cannot go back/);
    expect(transitionProblem("received", "closed")).toBeNull();
    expect(transitionProblem("closed", "received")).toMatch(/closed/);
  });

  test("file names lose directories and reserved characters", () => {
    expect(sanitiseFileName("../../etc/passwd")).toBe("passwd");
    expect(sanitiseFileName("C:\\a\\..\\x<y>.txt")).toBe("x_y_.txt");
    expect(sanitiseFileName("...hidden")).toBe("hidden");
    expect(sanitiseFileName("../..")).toBeNull();
  });

  test("spam signals", () => {
    expect(spamSignal({ honeypot: "x", elapsedMs: 10_000, minimumMs: 3000 })).toBe("honeypot");
    expect(spamSignal({ elapsedMs: 500, minimumMs: 3000 })).toBe("too_fast");
    expect(spamSignal({ honeypot: "", elapsedMs: 5000, minimumMs: 3000 })).toBeNull();
  });
});
