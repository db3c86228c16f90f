import { describe, expect, it } from "vitest";
import { buildManifest, decisionsNeeded, reportingTally, safeName } from "./index";

describe("reports core", () => {
  it("tallies reporting obligations by outcome", () => {
    expect(reportingTally(["submitted_on_time", "submitted_late", "overdue", "pending", "waiting", "submitted"])).toEqual({ onTime: 2, late: 1, overdue: 1, pending: 1 });
  });

  it("asks management only for what the facts raise", () => {
    const none = decisionsNeeded({ roleGaps: 0, risksAwaitingAcceptance: [], overdueByKind: {}, kevFindings: 0, criticalFindings: 0, endOfSupportUnits: 0, nis2Percent: 100, managementApproval: true });
    expect(none).toEqual([]);
    const some = decisionsNeeded({
      roleGaps: 2,
      risksAwaitingAcceptance: [{ reference: "RISK-001", title: "Ransomware", level: "high", authority: "management" }],
      overdueByKind: { policy_review: 1, training: 0 },
      kevFindings: 1,
      criticalFindings: 0,
      endOfSupportUnits: 65,
      nis2Percent: 45.5,
      managementApproval: false,
    });
    expect(some[0]).toMatch(/Art\. 20\(1\)/);
    expect(some.join("\n")).toContain("RISK-001");
    expect(some.join("\n")).toContain("1 policy review");
    expect(some.join("\n")).not.toContain("training");
  });

  it("sorts manifest files and cleans file names", () => {
    const m = buildManifest({ organisation: "o", generatedAt: "t", generatedBy: "u" }, [
      { path: "b", sha256: "1", size: 1, kind: "x" },
      { path: "a", sha256: "2", size: 1, kind: "x" },
    ]);
    expect(m.files.map((f) => f.path)).toEqual(["a", "b"]);
    expect(safeName("../Backup report (Oct).pdf")).toBe("Backup_report_Oct_.pdf");
    expect(safeName("///")).toBe("file");
  });
});
