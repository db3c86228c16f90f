import { describe, expect, test } from "vitest";
import { advisoryAlert, CUSTOMER_TLPS, disclosureAlert, findingAlert, isSupportedVersion, kevListedAlert, needsFindingAlert } from "./events";

const f = (id: string, vulnerabilityId: string, priority: string, kev: boolean) => ({ id, vulnerabilityId, component: "openssl 3.0.1", priority, kev });

describe("event notices", () => {
  test("a version is supported until its end-of-support day, and never once marked end of support", () => {
    expect(isSupportedVersion({ supportStatus: "supported", endOfSupport: null }, "2026-12-06")).toBe(true);
    expect(isSupportedVersion({ supportStatus: "supported", endOfSupport: "2026-12-06" }, "2026-12-06")).toBe(true);
    expect(isSupportedVersion({ supportStatus: "supported", endOfSupport: "2026-12-05" }, "2026-12-06")).toBe(false);
    expect(isSupportedVersion({ supportStatus: "end_of_support", endOfSupport: null }, "2026-12-06")).toBe(false);
  });

  test("findings listed as exploited after they were found are named as now known exploited", () => {
    const n = kevListedAlert({ id: "v1", name: "InfuSafe 300 3.1.0" }, [f("a", "CVE-2026-2", "low", true), f("b", "CVE-2026-1", "medium", true)]);
    expect(n.title).toBe("2 open findings in InfuSafe 300 3.1.0 are now known exploited (KEV)");
    expect(n.body.split("\n")[0]).toBe("CVE-2026-1 in openssl 3.0.1 (medium, KEV)");
    expect(n.dedupeKey).toBe("kev-listed:b");
  });

  test("a version whose support nobody stated still gets alerts: unknown is never read as end of support", () => {
    expect(isSupportedVersion({ supportStatus: "unknown", endOfSupport: null }, "2026-12-06")).toBe(true);
  });

  test("only critical or KEV findings alert", () => {
    expect(needsFindingAlert({ priority: "critical", kev: false })).toBe(true);
    expect(needsFindingAlert({ priority: "low", kev: true })).toBe(true);
    expect(needsFindingAlert({ priority: "high", kev: false })).toBe(false);
  });

  test("a finding alert lists KEV first, names the version, and keys on its first finding", () => {
    const n = findingAlert({ id: "v1", name: "InfuSafe 3.2.0" }, [f("b", "CVE-2026-2", "critical", false), f("a", "CVE-2026-9", "high", true)]);
    expect(n.title).toBe("2 new critical or known exploited (KEV) findings in InfuSafe 3.2.0");
    expect(n.body.split("\n")).toEqual(["CVE-2026-9 in openssl 3.0.1 (high, KEV)", "CVE-2026-2 in openssl 3.0.1 (critical)"]);
    expect(n.dedupeKey).toBe("finding-alert:a");
    expect(n.link).toBe("/devices/versions/v1");
  });

  test("a long finding alert lists ten and counts the rest", () => {
    const many = Array.from({ length: 13 }, (_, i) => f(`f${i}`, `CVE-2026-${100 + i}`, "critical", false));
    const n = findingAlert({ id: "v", name: "X 1" }, many);
    expect(n.title).toBe("13 new critical findings in X 1");
    expect(n.body.split("\n")).toHaveLength(11);
    expect(n.body).toContain("and 3 more");
  });

  test("a disclosure alert carries the acknowledgement deadline, not the reporter", () => {
    const n = disclosureAlert({ id: "r1", reference: "VR-2026-0004", product: "InfuSafe", acknowledgeDueAt: new Date("2026-12-11T09:00:00Z") });
    expect(n.title).toBe("Vulnerability report VR-2026-0004 received");
    expect(n.body).toBe("Product: InfuSafe. Acknowledge it to the reporter by 2026-12-11T09:00:00Z (CVD policy).");
    expect(n.dedupeKey).toBe("disclosure-report:r1");
  });

  test("an advisory alert is once per revision; TLP:RED never reaches customers", () => {
    const n = advisoryAlert({ id: "a1", trackingId: "DM-2026-001", title: "OpenSSL", version: "2", tlp: "GREEN", installed: ["InfuSafe 3.2.0"] });
    expect(n.dedupeKey).toBe("advisory:a1:2");
    expect(n.body).toBe("TLP:GREEN. It concerns your installed InfuSafe 3.2.0.");
    expect(CUSTOMER_TLPS).not.toContain("RED");
  });
});
