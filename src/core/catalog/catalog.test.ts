import { beforeAll, describe, expect, test } from "vitest";
import { inspectCatalogDir } from "../../server/catalog/load";
import {
  buildCatalog,
  checkCatalog,
  type Catalog,
  type CatalogDocument,
  type CatalogProblem,
  formatProblem,
  mappingsOf,
  parseCatalogDocument,
  validateCatalog,
} from ".";

let real: Catalog;
beforeAll(async () => {
  const { catalog, problems } = await inspectCatalogDir();
  expect(problems).toEqual([]);
  real = catalog;
});

/** A deep copy of the real documents, to break one thing at a time. */
function copyDocs(): CatalogDocument[] {
  return structuredClone(real.documents) as CatalogDocument[];
}
function doc(docs: CatalogDocument[], file: string): CatalogDocument {
  const d = docs.find((x) => x.file === file);
  if (!d) throw new Error(`no ${file}`);
  return d;
}
function item(docs: CatalogDocument[], file: string, id: string): any {
  const found = doc(docs, file).content.items?.find((i) => i.id === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
}

describe("the real catalog", () => {
  test("loads with zero problems and indexes every framework", () => {
    expect([...real.frameworks.keys()].sort()).toEqual([
      "cir2024-2690",
      "cra",
      "fda524b",
      "iec81001-5-1",
      "imdrf-n60",
      "iso27001",
      "ivdr",
      "mdr",
      "nis2",
      "nis2-ms",
      "sme",
    ]);
    expect(real.version).toMatch(/^\d{4}-\d{2}-\d{2}\.[0-9a-f]{8}$/);
    for (const f of real.files) expect(f.version).toBeGreaterThanOrEqual(1);
  });

  test("ISO/IEC 27001:2022 has the 93 Annex A controls (37/8/14/34) with titles only", () => {
    const controls = real.itemsByFramework.get("iso27001")!.filter((i) => i.kind === "control");
    expect(controls).toHaveLength(93);
    const byTheme = (t: string) => real.children.get(`iso27001:${t}`)!.length;
    expect([byTheme("A.5"), byTheme("A.6"), byTheme("A.7"), byTheme("A.8")]).toEqual([37, 8, 14, 34]);
    expect(real.items.get("iso27001:A.5.19")!.title).toBe("Information security in supplier relationships");
    for (const c of real.itemsByFramework.get("iso27001")!) {
      expect(c.summary).toBeUndefined();
      expect(c.text).toBeUndefined();
    }
  });

  test("NIS2 Art. 21(2)(a)–(j) and every Art. 23(4) stage are present; stages carry deadlines", () => {
    for (const letter of "abcdefghij") expect(real.items.has(`nis2:art21.2.${letter}`)).toBe(true);
    expect(real.children.get("nis2:art21.2")!.map((i) => i.id)).toHaveLength(10);
    const stages = real.children.get("nis2:art23.4")!;
    expect(stages.map((s) => s.id)).toEqual(["nis2:art23.4.a", "nis2:art23.4.b", "nis2:art23.4.c", "nis2:art23.4.d", "nis2:art23.4.e"]);
    expect(stages.map((s) => s.deadline?.duration)).toEqual(["PT24H", "PT72H", undefined, "P1M", "P1M"]);
    expect(real.items.get("mdr:art87.4")!.deadline!.duration).toBe("P2D");
    expect(real.items.get("mdr:art87.5")!.deadline!.duration).toBe("P10D");
    expect(real.items.get("mdr:art87.3")!.deadline!.duration).toBe("P15D");
  });

  test("the 2024/2690 Annex has 13 sections, each pointing at its Art. 21(2) letters", () => {
    const sections = real.children.get("cir2024-2690:annex")!;
    expect(sections).toHaveLength(13);
    expect(real.items.get("cir2024-2690:annex.11")!.refs).toEqual(["nis2:art21.2.i", "nis2:art21.2.j"]);
    expect(real.items.get("cir2024-2690:annex.10.2")!.title).toBe("Verification of background");
    expect(real.items.get("cir2024-2690:annex.6.6.1")!.text).toMatch(/change management procedures referred to in point 6\.4\.1/);
  });

  test("member-state records cover the 27 Member States with IANA zones; Portugal's end-of-impact notice is recorded", () => {
    expect(real.memberStates.size).toBe(27);
    expect(real.memberStates.get("DE")).toMatchObject({ timeZone: "Europe/Berlin", inForceSince: "2025-12-06", confidence: "V3" });
    const pt = real.memberStates.get("PT")!;
    expect(pt.reportingDeviations!.some((d) => /end of the impact/.test(d.summary))).toBe(true);
    expect(real.memberStates.get("FR")!.status).toBe("bill");
  });

  test("mappings are indexed in both directions with their source and relationship", () => {
    const enisa = real.mappings.filter((m) => m.source === "enisa");
    expect(enisa).toHaveLength(926);
    expect(new Set(enisa.map((m) => m.relationship))).toEqual(new Set(["intersect"]));
    const toA88 = real.mappingsTo.get("iso27001:A.8.8")!.map((m) => m.from);
    expect(toA88).toContain("cir2024-2690:annex.6.10.1");
    expect(toA88).toContain("nis2:art21.2.e");
    const fromMdr = real.mappingsFrom.get("mdr:annexI.17.2")!;
    expect(fromMdr).toEqual([expect.objectContaining({ to: "ivdr:annexI.16.2", relationship: "equal", strength: "high" })]);
    const both = mappingsOf(real, "ivdr:annexI.16.2");
    expect(both.some((l) => l.direction === "to" && l.other === "mdr:annexI.17.2")).toBe(true);
    for (const m of real.mappings.filter((x) => x.source === "vigil-analysis")) expect(m.strength).toBeDefined();
  });
});

describe("integrity checks on a broken copy report the precise problem", () => {
  type Case = { name: string; break: (docs: CatalogDocument[]) => void; expected: Omit<Partial<CatalogProblem>, "reason"> & { reason: RegExp } };
  const cases: Case[] = [
    {
      name: "duplicate id",
      break: (d) => doc(d, "nis2.yaml").content.items!.push({ ...item(d, "nis2.yaml", "nis2:art21.2.a") }),
      expected: { file: "nis2.yaml", itemId: "nis2:art21.2.a", reason: /^duplicate id \(first defined in nis2\.yaml\)$/ },
    },
    {
      name: "mapping target that does not exist",
      break: (d) => {
        const m = doc(d, "mappings-nis2-iso27001.yaml").content.mappings!.find((x) => x.from === "nis2:art21.2.h")!;
        m.to = "iso27001:A.9.99";
      },
      expected: {
        file: "mappings-nis2-iso27001.yaml",
        itemId: "nis2:art21.2.h -> iso27001:A.9.99",
        reason: /^mapping target iso27001:A\.9\.99 does not exist$/,
      },
    },
    {
      name: "mapping source that does not exist",
      break: (d) => {
        doc(d, "mappings-mdr-ivdr.yaml").content.mappings![0].from = "mdr:annexI.99";
      },
      expected: { file: "mappings-mdr-ivdr.yaml", itemId: "mdr:annexI.99 -> ivdr:annexI.1", reason: /mapping source mdr:annexI\.99 does not exist/ },
    },
    {
      name: "illegal confidence value",
      break: (d) => {
        item(d, "nis2.yaml", "nis2:art23.4.a").confidence = "V4";
      },
      expected: { file: "nis2.yaml", itemId: "nis2:art23.4.a", reason: /"V1"\|"V2"\|"V3"\|"UNVERIFIED"/ },
    },
    {
      name: "illegal relationship",
      break: (d) => {
        (doc(d, "mappings-mdr-ivdr.yaml").content.mappings![1] as any).relationship = "similar";
      },
      expected: { file: "mappings-mdr-ivdr.yaml", path: "mappings[1].relationship", reason: /equal/ },
    },
    {
      name: "parent that does not exist",
      break: (d) => {
        item(d, "mdr.yaml", "mdr:annexI.18.8").parent = "mdr:annexII";
      },
      expected: { file: "mdr.yaml", itemId: "mdr:annexI.18.8", reason: /^parent mdr:annexII does not exist$/ },
    },
    {
      name: "reference that does not exist",
      break: (d) => {
        item(d, "nis2.yaml", "nis2:art21.3").refs = ["nis2:art21.2.k"];
      },
      expected: { file: "nis2.yaml", itemId: "nis2:art21.3", reason: /^reference nis2:art21\.2\.k does not exist$/ },
    },
    {
      name: "id prefix of another framework",
      break: (d) => {
        item(d, "fda-524b.yaml", "fda524b:d").id = "mdr:d";
      },
      expected: { file: "fda-524b.yaml", itemId: "mdr:d", reason: /does not match the file's framework "fda524b"/ },
    },
    {
      name: "ISO item carrying text",
      break: (d) => {
        item(d, "iso27001-2022.yaml", "iso27001:A.8.8").summary = "Paraphrase of the standard";
      },
      expected: { file: "iso27001-2022.yaml", itemId: "iso27001:A.8.8", reason: /identifiers and titles only/ },
    },
    {
      name: "item without summary or text",
      break: (d) => {
        const i = item(d, "imdrf-n60.yaml", "imdrf-n60:6.3");
        delete i.summary;
      },
      expected: { file: "imdrf-n60.yaml", itemId: "imdrf-n60:6.3", reason: /needs a summary/ },
    },
    {
      name: "own mapping without strength",
      break: (d) => {
        delete doc(d, "mappings-mdr-ivdr.yaml").content.mappings![2].strength;
      },
      expected: { file: "mappings-mdr-ivdr.yaml", itemId: "mdr:annexI.3 -> ivdr:annexI.3", reason: /must state a strength/ },
    },
    {
      name: "member-state record for a non-EU country",
      break: (d) => {
        doc(d, "nis2-transposition.yaml").content.memberStates![0].country = "CH";
      },
      expected: { file: "nis2-transposition.yaml", itemId: "nis2-ms:CH", reason: /^CH is not an EU Member State$/ },
    },
    {
      name: "unknown time zone",
      break: (d) => {
        doc(d, "nis2-transposition.yaml").content.memberStates!.find((m) => m.country === "PT")!.timeZone = "Europe/Atlantis";
      },
      expected: { file: "nis2-transposition.yaml", itemId: "nis2-ms:PT", reason: /unknown IANA time zone "Europe\/Atlantis"/ },
    },
    {
      name: "in-force record without date",
      break: (d) => {
        delete doc(d, "nis2-transposition.yaml").content.memberStates!.find((m) => m.country === "IT")!.inForceSince;
      },
      expected: { file: "nis2-transposition.yaml", itemId: "nis2-ms:IT", reason: /in_force needs inForceSince/ },
    },
    {
      name: "deviation pointing nowhere",
      break: (d) => {
        doc(d, "nis2-transposition.yaml").content.memberStates!.find((m) => m.country === "PT")!.reportingDeviations![0].affects = ["nis2:art23.9"];
      },
      expected: { file: "nis2-transposition.yaml", itemId: "nis2-ms:PT", reason: /deviation refers to nis2:art23\.9/ },
    },
    {
      name: "parent cycle",
      break: (d) => {
        item(d, "nis2.yaml", "nis2:art21").parent = "nis2:art21.2";
      },
      expected: { file: "nis2.yaml", itemId: "nis2:art21", reason: /cycle/ },
    },
    {
      name: "bad ISO 8601 duration",
      break: (d) => {
        item(d, "nis2.yaml", "nis2:art23.4.b").deadline.duration = "72 hours";
      },
      expected: { file: "nis2.yaml", itemId: "nis2:art23.4.b", path: "items[42].deadline.duration", reason: /ISO 8601 duration/ },
    },
    {
      name: "report content list on an item that is not a stage",
      break: (d) => {
        item(d, "cra.yaml", "cra:art14.1").content = [...item(d, "cra.yaml", "cra:art14.2.a").content];
      },
      expected: { file: "cra.yaml", itemId: "cra:art14.1", reason: /^a content list belongs to a report stage, not to a paragraph$/ },
    },
    {
      name: "report content key listed twice",
      break: (d) => {
        const stage = item(d, "cra.yaml", "cra:art14.4.c");
        stage.content.push({ ...stage.content[0] });
      },
      expected: { file: "cra.yaml", itemId: "cra:art14.4.c", reason: /^content key "incident_description" is listed twice$/ },
    },
    {
      name: "report content point without a source",
      break: (d) => {
        delete item(d, "cra.yaml", "cra:art14.2.c").content[1].source;
      },
      expected: { file: "cra.yaml", itemId: "cra:art14.2.c", path: "items[17].content[1].source", reason: /expected object/ },
    },
  ];

  test.each(cases)("$name", ({ break: breakIt, expected }) => {
    const docs = copyDocs();
    breakIt(docs);
    const problems = validateCatalog(buildCatalog(docs));
    const { reason, ...where } = expected;
    const match = problems.filter((p) => reason.test(p.reason) && Object.entries(where).every(([k, v]) => (p as any)[k] === v));
    expect(match, problems.map(formatProblem).join("\n")).toHaveLength(1);
  });

  test("the unbroken copy is clean", () => {
    expect(validateCatalog(buildCatalog(copyDocs()))).toEqual([]);
  });
});

describe("checkCatalog", () => {
  test("a file failing the schema is reported once, and references into it are summarised, not listed", () => {
    const raw = copyDocs().map((d) => ({ file: d.file, data: d.content as unknown }));
    const sme = raw.find((r) => r.file === "sme-recommendation.yaml")!;
    (sme.data as { version: unknown }).version = "one";
    const { problems } = checkCatalog(raw);
    expect(problems).toEqual([
      { file: "sme-recommendation.yaml", path: "version", reason: expect.stringMatching(/number/) },
      {
        file: "sme-recommendation.yaml",
        reason: expect.stringMatching(/^\d+ reference\(s\) to missing items not listed: fix the file\(s\) above first/),
      },
    ]);
  });

  test("sound files give the same catalog as buildCatalog", () => {
    const { catalog, problems } = checkCatalog(real.documents.map((d) => ({ file: d.file, data: d.content })));
    expect(problems).toEqual([]);
    expect(catalog.version).toBe(real.version);
    expect(catalog.items.size).toBe(real.items.size);
  });
});

describe("parseCatalogDocument", () => {
  test("names the path and the item when a file does not match the schema", () => {
    const { document, problems } = parseCatalogDocument("x.yaml", {
      version: 1,
      lastReviewed: "2026-13-01",
      framework: { id: "x", name: "X", document: "X", licence: "none" },
      items: [{ id: "x:1", kind: "article", title: "One", source: { ref: "Art. 1" }, confidence: "V1", summary: "s", colour: "red" }],
    });
    expect(document).toBeUndefined();
    expect(problems).toEqual([
      { file: "x.yaml", path: "lastReviewed", reason: expect.stringMatching(/date/i) },
      { file: "x.yaml", itemId: "x:1", path: "items[0]", reason: 'Unrecognized key: "colour"' },
    ]);
  });

  test("accepts a minimal mapping-only file", () => {
    const { document, problems } = parseCatalogDocument("m.yaml", { version: 2, lastReviewed: "2026-01-01", mappings: [] });
    expect(problems).toEqual([]);
    expect(document!.content.version).toBe(2);
  });
});
