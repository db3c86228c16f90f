import { beforeAll, describe, expect, test } from "vitest";
import { inspectCatalogDir } from "../../server/catalog/load";
import type { Catalog } from "../catalog";
import { type Assessment, assessApplicability } from "./assess";
import type { Classification } from "./classify";
import { maxFineFor, shareOfTurnover } from "./fines";
import { type Activity, type Designation, parseProfile, type Profile } from "./profile";

let catalog: Catalog;
beforeAll(async () => {
  const loaded = await inspectCatalogDir();
  expect(loaded.problems).toEqual([]);
  catalog = loaded.catalog;
});

const M = 1_000_000;
const SIZES = {
  micro: { staffHeadcount: 5, annualTurnoverEur: 1 * M, balanceSheetTotalEur: 1 * M },
  small: { staffHeadcount: 20, annualTurnoverEur: 5 * M, balanceSheetTotalEur: 5 * M },
  medium: { staffHeadcount: 100, annualTurnoverEur: 20 * M, balanceSheetTotalEur: 20 * M },
  large: { staffHeadcount: 300, annualTurnoverEur: 100 * M, balanceSheetTotalEur: 80 * M },
  veryLarge: { staffHeadcount: 2000, annualTurnoverEur: 900 * M, balanceSheetTotalEur: 700 * M },
};

function profile(
  size: keyof typeof SIZES,
  activities: Activity[],
  designations: Designation[] = [],
  establishments: string[] = ["DE"],
  offersServicesInEu?: boolean,
): Profile {
  const r = parseProfile({ establishments, ...SIZES[size], activities, designations, ...(offersServicesInEu === undefined ? {} : { offersServicesInEu }) });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.profile;
}

const assess = (p: Profile, today = "2026-11-23"): Assessment => assessApplicability(p, catalog, { today });

describe("classification decision table", () => {
  const cases: [string, Profile, Classification, string, RegExp?][] = [
    ["medium MD manufacturer", profile("medium", ["medical_devices"]), "important", "annex-ii-medium"],
    ["large MD manufacturer stays important (Annex II)", profile("veryLarge", ["medical_devices"]), "important", "annex-ii-large"],
    ["small MD manufacturer", profile("small", ["medical_devices"]), "out_of_scope", "below-size-cap"],
    ["micro MD manufacturer", profile("micro", ["medical_devices"]), "out_of_scope", "below-size-cap"],
    ["large IVD manufacturer", profile("large", ["in_vitro_diagnostics"]), "important", "annex-ii-large"],
    ["medium electromedical (NACE C26)", profile("medium", ["electromedical_equipment"]), "important", "annex-ii-medium"],
    ["medium research organisation", profile("medium", ["research_organisation"]), "important", "annex-ii-medium"],
    ["large pharma manufacturer (Annex I)", profile("veryLarge", ["pharmaceutical_manufacturing"]), "essential", "annex-i-large"],
    ["medium pharma manufacturer", profile("medium", ["pharmaceutical_manufacturing"]), "important", "annex-i-medium"],
    ["small pharma manufacturer", profile("small", ["pharmaceutical_manufacturing"]), "out_of_scope", "below-size-cap"],
    ["large critical-devices-list manufacturer", profile("veryLarge", ["critical_devices_list"]), "essential", "annex-i-large", /critical devices list exists only/],
    ["large medicinal R&D", profile("veryLarge", ["medicinal_rd"]), "essential", "annex-i-large"],
    ["large healthcare provider", profile("veryLarge", ["healthcare_provider"]), "essential", "annex-i-large"],
    ["large MD + pharma: Annex I decides", profile("veryLarge", ["medical_devices", "pharmaceutical_manufacturing"]), "essential", "annex-i-large", /both annexes/],
    ["medium MD + pharma", profile("medium", ["medical_devices", "pharmaceutical_manufacturing"]), "important", "annex-i-medium", /both annexes/],
    ["large cloud provider", profile("veryLarge", ["cloud_computing_service"]), "essential", "annex-i-large", /2024\/2690/],
    ["medium cloud provider", profile("medium", ["cloud_computing_service"]), "important", "annex-i-medium", /2024\/2690/],
    ["small MD designated essential", profile("small", ["medical_devices"], ["designated_essential"]), "essential", "designated-essential"],
    ["micro MD designated important", profile("micro", ["medical_devices"], ["designated_important"]), "important", "designated-important"],
    ["micro MD, CER critical entity", profile("micro", ["medical_devices"], ["cer_critical_entity"]), "essential", "cer-critical-entity"],
    ["large MD, CER critical entity", profile("veryLarge", ["medical_devices"], ["cer_critical_entity"]), "essential", "cer-critical-entity"],
    ["small MD, retained NIS 1 operator", profile("small", ["medical_devices"], ["former_nis1_operator_essential"]), "essential", "former-nis1-operator"],
    ["large MD designated essential", profile("veryLarge", ["medical_devices"], ["designated_essential"]), "essential", "designated-essential"],
    [
      "large pharma designated important stays essential",
      profile("veryLarge", ["pharmaceutical_manufacturing"], ["designated_important"]),
      "essential",
      "annex-i-large",
      /does not downgrade a large Annex I entity/,
    ],
    ["medium pharma designated important", profile("medium", ["pharmaceutical_manufacturing"], ["designated_important"]), "important", "designated-important"],
    ["no EU establishment", profile("veryLarge", ["medical_devices"], [], ["US", "CH"]), "out_of_scope", "no-eu-establishment", /supply-chain/],
    ["no EU establishment beats designation", profile("veryLarge", ["medical_devices"], ["cer_critical_entity"], ["US"]), "out_of_scope", "no-eu-establishment"],
    ["no Annex activity", profile("veryLarge", []), "out_of_scope", "no-annex-activity"],
    // Regression: a designation without an Annex I or II entity type made the profile essential or important.
    ["designated essential without entity type", profile("small", [], ["designated_essential"]), "out_of_scope", "designation-without-entity-type", /supply-chain/],
    ["designated important without entity type", profile("micro", [], ["designated_important"]), "out_of_scope", "designation-without-entity-type"],
    ["CER critical entity without entity type stays in scope", profile("small", [], ["cer_critical_entity"]), "essential", "cer-critical-entity", /Art\. 2\(3\)/],
    // Regression: Annex II sector 5(c)–(f) manufacturers were missing.
    ["medium electrical equipment (NACE C27)", profile("medium", ["electrical_equipment"]), "important", "annex-ii-medium"],
    ["large machinery (NACE C28)", profile("veryLarge", ["machinery"]), "important", "annex-ii-large"],
    ["medium motor vehicles (NACE C29)", profile("medium", ["motor_vehicles"]), "important", "annex-ii-medium"],
    ["large other transport equipment (NACE C30)", profile("large", ["other_transport_equipment"]), "important", "annex-ii-large"],
    ["small device and electrical-equipment maker", profile("small", ["medical_devices", "electrical_equipment"]), "out_of_scope", "below-size-cap"],
    // Regression: a non-EU cloud provider offering services in the Union was out of scope (Art. 26(3)).
    ["non-EU cloud provider offering services in the EU", profile("veryLarge", ["cloud_computing_service"], [], ["US"], true), "essential", "annex-i-large", /designate a representative/],
    ["non-EU cloud provider not offering services in the EU", profile("veryLarge", ["cloud_computing_service"], [], ["US"], false), "out_of_scope", "no-eu-establishment"],
    ["non-EU device maker offering in the EU stays out of scope", profile("veryLarge", ["medical_devices"], [], ["US"], true), "out_of_scope", "no-eu-establishment"],
    ["EU and non-EU establishments", profile("medium", ["medical_devices"], [], ["US", "IE"]), "important", "annex-ii-medium", /outside the EU \(US\)/],
  ];

  test.each(cases)("%s → %s (%s)", (_name, p, expected, rule, note) => {
    const a = assess(p);
    expect(a.classification).toBe(expected);
    expect(a.basis.rule).toBe(rule);
    expect(a.basis.basis.items.length).toBeGreaterThan(0);
    expect(a.basis.basis.citation).toMatch(/NIS 2 Directive: /);
    if (note) expect(a.basis.notes.map((n) => n.text).join("\n")).toMatch(note);
  });

  test.each([
    ["non-EU cloud provider offering in the EU", profile("veryLarge", ["cloud_computing_service"], [], ["US"], true), true, /representative is established/],
    ["non-EU cloud provider not offering in the EU", profile("veryLarge", ["cloud_computing_service"], [], ["US"], false), false, /no Member State's jurisdiction/],
    ["non-EU device maker", profile("veryLarge", ["medical_devices"], [], ["US"], true), false, /not manufacturers/],
    ["EU device maker", profile("medium", ["medical_devices"], [], ["DE", "FR"]), false, /each Member State where the entity is established/],
    ["EU cloud provider", profile("medium", ["cloud_computing_service"], [], ["DE"]), false, /main establishment/],
  ])("jurisdiction: %s", (_name, p, representativeRequired, rule) => {
    const j = assess(p).jurisdiction;
    expect(j.representativeRequired).toBe(representativeRequired);
    expect(j.memberStateRule).toMatch(rule);
  });

  test("offersServicesInEu defaults to false and must be a boolean", () => {
    const r = parseProfile({ establishments: ["US"], ...SIZES.medium, activities: [] });
    expect(r.ok && r.profile.offersServicesInEu).toBe(false);
    expect(parseProfile({ establishments: ["US"], ...SIZES.medium, activities: [], offersServicesInEu: "yes" })).toMatchObject({
      ok: false,
      errors: [{ path: "offersServicesInEu", message: "offersServicesInEu must be true or false" }],
    });
  });

  test("the basis names the provisions that decided, with the weakest confidence", () => {
    const large = assess(profile("veryLarge", ["medical_devices"])).basis;
    expect(large.basis.items.map((i) => i.id)).toEqual(["nis2:annexII.5.a", "nis2:art2.1", "nis2:art3.2", "sme:annex.art2.1"]);
    expect(large.basis.confidence).toBe("V2");
    expect(large.explanation).toMatch(/never essential by size alone/);
    const pharma = assess(profile("veryLarge", ["pharmaceutical_manufacturing"])).basis;
    expect(pharma.basis.citation).toBe(
      "NIS 2 Directive: Annex I, point 5 (Health), fourth indent, Art. 3(1)(a); SME Recommendation 2003/361/EC: Annex, Art. 2(1)",
    );
    const noEu = assess(profile("veryLarge", ["medical_devices"], [], ["US"])).basis;
    expect(noEu.basis.confidence).toBe("UNVERIFIED");
  });

  test("pending small mid-cap proposal is noted only where it would change an essential result", () => {
    const smallMidcap = assess(profile("large", ["pharmaceutical_manufacturing"])).basis;
    expect(smallMidcap.value).toBe("essential");
    const note = smallMidcap.notes.find((n) => /Pending proposal/.test(n.text));
    expect(note?.basis?.confidence).toBe("V3");
    expect(assess(profile("veryLarge", ["pharmaceutical_manufacturing"])).basis.notes.some((n) => /Pending proposal/.test(n.text))).toBe(false);
    expect(assess(profile("large", ["medical_devices"])).basis.notes.some((n) => /Pending proposal/.test(n.text))).toBe(false);
  });
});

describe("supervision and fines", () => {
  test("essential: ex ante and ex post, monitoring officer, management ban; important: ex post without them", () => {
    const e = assess(profile("veryLarge", ["pharmaceutical_manufacturing"])).supervision;
    expect(e.regime).toBe("ex_ante_and_ex_post");
    expect(e.enforcementMeasures.join("\n")).toMatch(/monitoring officer/);
    expect(e.basis!.items.map((i) => i.id)).toContain("nis2:art32.5");
    const i = assess(profile("medium", ["medical_devices"])).supervision;
    expect(i.regime).toBe("ex_post");
    expect(i.basis!.citation).toBe("NIS 2 Directive: Art. 33, Art. 33(4)");
    expect(i.enforcementMeasures.at(-1)).toMatch(/^no monitoring officer/);
    expect(assess(profile("small", ["medical_devices"])).supervision).toMatchObject({ regime: "none", basis: null });
  });

  test.each([
    ["essential", 0, 10_000_000],
    ["essential", 499_999_999, 10_000_000],
    ["essential", 500_000_000, 10_000_000],
    ["essential", 500_000_050, 10_000_001],
    ["essential", 1_000_000_000, 20_000_000],
    ["important", 0, 7_000_000],
    ["important", 500_000_000, 7_000_000],
    ["important", 1_000_000_000, 14_000_000],
    ["important", 600_000_000, 8_400_000],
    ["important", 123_456_789_012, 1_728_395_046.17],
  ] as const)("%s entity with turnover %d → maximum at least %d", (classification, turnover, expected) => {
    const fine = maxFineFor(classification, turnover, catalog);
    expect(fine.amountEur).toBe(expected);
    expect(fine.basis!.items[0].id).toBe(classification === "essential" ? "nis2:art34.4" : "nis2:art34.5");
  });

  test("fine formula is spelled out and out-of-scope entities have none", () => {
    expect(maxFineFor("important", 1_000_000_000, catalog).formula).toBe(
      "max(€7,000,000, 1.4 % × €1,000,000,000 = €14,000,000) = €14,000,000",
    );
    expect(maxFineFor("essential", 100_000_000, catalog).formula).toBe(
      "max(€10,000,000, 2 % × €100,000,000 = €2,000,000) = €10,000,000",
    );
    expect(maxFineFor("out_of_scope", 1e9, catalog)).toMatchObject({ amountEur: null, basis: null });
    expect(shareOfTurnover(123_456_789.99, 20)).toBe(2_469_135.8);
    expect(shareOfTurnover(1e9, 14)).toBe(14_000_000);
    expect(assess(profile("veryLarge", ["pharmaceutical_manufacturing"])).maxFineEur).toBe(18_000_000);
  });
});

describe("member states", () => {
  test("several establishments: national law, authority, CSIRT, portal, zone, registration and deviations", () => {
    const a = assess(profile("medium", ["medical_devices"], [], ["DE", "FR", "PT", "CH"]));
    expect(a.memberStates.map((m) => [m.country, m.status])).toEqual([
      ["DE", "in_force"],
      ["FR", "bill"],
      ["PT", "in_force"],
      ["CH", "not_eu_member_state"],
    ]);
    const [de, fr, pt, ch] = a.memberStates;
    expect(de).toMatchObject({
      competentAuthority: "Federal Office for Information Security (BSI)",
      timeZone: "Europe/Berlin",
      confidence: "V3",
      registration: { required: true, deadline: "2026-03-06" },
    });
    expect(de.registration.basis!.items[0].id).toBe("nis2:art3.4");
    expect(fr.portal!.url).toBe("https://monespacenis2.cyber.gouv.fr");
    expect(pt.reportingDeviations.map((d) => d.summary).join("\n")).toMatch(/end of the impact within 24 hours/);
    expect(ch.registration.required).toBe(false);
    expect(pt).toMatchObject({ verifiedOn: "2026-12-06", source: { ref: expect.stringMatching(/Decreto-Lei 125\/2025/) } });
    expect(ch).toMatchObject({ verifiedOn: null, source: null });
    expect(a.basis.notes.map((n) => n.text).join("\n")).toMatch(/National law not \(yet\) applicable or not recorded in FR/);
  });

  test.each([
    ["AT", "2026-09-30", "adopted_not_yet_in_force"],
    ["AT", "2026-10-01", "in_force"],
    ["BG", "2026-02-16", "adopted_not_yet_in_force"],
    ["BG", "2026-02-17", "in_force"],
    ["MT", "2026-11-23", "in_force"],
    ["LU", "2026-05-09", "adopted_not_yet_in_force"],
    ["NL", "2026-11-23", "bill"],
    ["ES", "2026-11-23", "bill"],
    ["DE", "2025-12-05", "adopted_not_yet_in_force"],
  ])("%s on %s → %s", (country, today, status) => {
    const a = assess(profile("medium", ["medical_devices"], [], [country]), today);
    expect(a.memberStates[0].status).toBe(status);
  });

  test("out of scope: records are shown but no registration duty", () => {
    const a = assess(profile("small", ["medical_devices"], [], ["DE"]));
    expect(a.memberStates[0]).toMatchObject({ country: "DE", registration: { required: false, deadline: null, basis: null } });
  });
});

describe("obligations register", () => {
  test("in scope: governance, the ten Art. 21(2) measures, supply chain, every Art. 23 stage, registration — each with basis and feature", () => {
    const a = assess(profile("medium", ["medical_devices"], [], ["DE", "PT"]));
    const byId = new Map(a.obligations.map((o) => [o.id, o]));
    for (const letter of "abcdefghij") {
      const o = byId.get(`nis2.measures.${letter}`)!;
      expect(o.basis.items[0].id).toBe(`nis2:art21.2.${letter}`);
    }
    expect(byId.get("nis2.measures.b")!.feature).toBe("incidents");
    expect(byId.get("nis2.measures.d")!.feature).toBe("suppliers");
    expect(byId.get("nis2.measures.e")!.feature).toBe("vulnerabilities");
    expect(byId.get("nis2.management.approval")!.basis.citation).toBe("NIS 2 Directive: Art. 20(1)");
    expect(byId.get("nis2.management.training")!.feature).toBe("training");
    expect(byId.get("nis2.supply-chain.supplier-assessment")!.basis.items[0].id).toBe("nis2:art21.3");
    expect(byId.get("nis2.registration.keep-current")!.deadline!.duration).toBe("P14D");
    const stages = ["a", "b", "c", "d", "e"].map((s) => byId.get(`nis2.reporting.${s}`)!);
    expect(stages.map((s) => s.deadline?.duration)).toEqual(["PT24H", "PT72H", undefined, "P1M", "P1M"]);
    expect(stages.every((s) => s.feature === "incidents")).toBe(true);
    expect(byId.get("nis2.reporting.d")!.nationalDeviations).toContainEqual({
      country: "PT",
      summary: expect.stringMatching(/30 working days/),
    });
    expect(byId.get("nis2.measures.a")!.nationalDeviations).toEqual([]);
    // MDR duties in parallel
    expect(byId.get("mdr.vigilance.public-health-threat")!.deadline!.duration).toBe("P2D");
    expect(byId.get("mdr.gspr.software-security")!.basis.items.map((i) => i.id)).toContain("mdr:annexI.17.2");
    expect(byId.has("ivdr.vigilance.general")).toBe(false);
    expect(byId.has("cir2024-2690.technical-requirements")).toBe(false);
    for (const o of a.obligations) {
      expect(o.basis.citation.length).toBeGreaterThan(0);
      expect(o.feature).toBeTruthy();
    }
  });

  test("out of scope: only voluntary notification plus the device regulations, which apply regardless", () => {
    const a = assess(profile("small", ["medical_devices", "in_vitro_diagnostics"]));
    const ids = a.obligations.map((o) => o.id);
    expect(ids.filter((id) => id.startsWith("nis2."))).toEqual(["nis2.voluntary-notification"]);
    expect(a.obligations[0].status).toBe("voluntary");
    expect(ids).toContain("mdr.vigilance.general");
    expect(ids).toContain("ivdr.vigilance.death");
  });

  test("cloud providers get the 2024/2690 duties and the ENISA registry", () => {
    const ids = assess(profile("medium", ["cloud_computing_service"])).obligations.map((o) => o.id);
    expect(ids).toEqual(expect.arrayContaining(["cir2024-2690.technical-requirements", "cir2024-2690.significance", "nis2.enisa-registry"]));
    expect(ids.some((id) => id.startsWith("mdr."))).toBe(false);
  });
});

describe("key dates and the document", () => {
  test("directive and national dates in order, with past/upcoming relative to today", () => {
    const a = assess(profile("medium", ["medical_devices"], [], ["AT", "DE"]), "2026-11-23");
    const dates = a.keyDates.map((k) => k.date);
    expect([...dates].sort()).toEqual(dates);
    const find = (title: RegExp) => a.keyDates.find((k) => title.test(k.title))!;
    expect(find(/National measures apply/)).toMatchObject({ date: "2024-10-18", status: "past" });
    expect(find(/^AT: registration deadline/)).toMatchObject({ date: "2026-12-31", status: "upcoming", country: "AT" });
    expect(find(/^DE: national NIS2 law applies/)).toMatchObject({ date: "2025-12-06", status: "past" });
    expect(find(/Next review of national entity lists/).status).toBe("upcoming");
    const outOfScope = assess(profile("small", ["medical_devices"], [], ["AT"]));
    expect(outOfScope.keyDates.some((k) => /registration deadline/.test(k.title))).toBe(false);
  });

  test("the assessment is a plain JSON document stamped with date and catalog version", () => {
    const a = assess(profile("medium", ["medical_devices"]));
    const round = JSON.parse(JSON.stringify(a));
    expect(round).toEqual(a);
    expect(a).toMatchObject({ schema: "vigil.applicability/1", assessedOn: "2026-11-23", catalog: { version: catalog.version } });
    expect(a.sizeCategory).toBe("medium");
    expect(a.classification).toBe("important");
    expect(a.maxFineEur).toBe(7_000_000);
    expect(a.size.basis.items.map((i) => i.id)).toEqual(["sme:annex.art2.1", "sme:annex.art2.2"]);
  });

  test("an invalid date is a programming error", () => {
    expect(() => assessApplicability(profile("medium", ["medical_devices"]), catalog, { today: "23.11.2026" })).toThrow(
      /YYYY-MM-DD/,
    );
    expect(() => assessApplicability(profile("medium", ["medical_devices"]), catalog, { today: "2026-02-30" })).toThrow(
      /YYYY-MM-DD/,
    );
  });
});
