/** Shapes of the threat-model API (src/server/threat-model). */
export type ThreatModel = {
  format?: string;
  elements: Array<{ id: string; name: string; type: string; description: string; components: string[] }>;
  boundaries: Array<{ id: string; name: string; elementIds: string[] }>;
  flows: Array<{ id: string; from: string; to: string; data: string; protocol: string; description: string }>;
  threats: Array<{
    id: string;
    target: string;
    category: string;
    title: string;
    attackVector: string;
    preconditions: string;
    exploitability: number | null;
    suggestionId: string | null;
    findingIds: string[];
    riskId: string | null;
    hazard: { hazard: string; harm: string; severity: string } | null;
    controlIds: string[];
  }>;
  controls: Array<{ id: string; kind: string; ref: string; title: string; verifications: Array<{ testCaseId: string; method: string | null; result: string; evidence: string; date: string | null }> }>;
  acceptance: unknown;
};

type SectionDiff = { added: string[]; removed: string[]; changed: Array<{ id: string; fields: string[] }> };

export type ThreatModelView = {
  model: ThreatModel;
  inheritedFrom: { softwareVersionId: string; version: string } | null;
  inheritCandidates: Array<{ softwareVersionId: string; version: string; releaseDate: string | null }>;
  diff: { elements: SectionDiff; flows: SectionDiff; threats: SectionDiff; controls: SectionDiff; unchanged: boolean } | null;
  crossedBoundaries: Record<string, string[]>;
  suggestions: Array<{ id: string; target: string; category: string; title: string; question: string }>;
  traceability: {
    rows: Array<{
      threatId: string;
      title: string;
      risk: { id: string; reference: string } | null;
      controls: Array<{ id: string; title: string; verifications: Array<{ testCaseId: string; result: string }> }>;
      result: "pass" | "gap";
      gaps: Array<{ code: string; message: string }>;
    }>;
    /** Components attached to software items that the version's current SBOM does not contain. */
    componentGaps: Array<{ elementId: string; component: string; message: string }>;
    passing: number;
    failing: number;
  };
  elementFindings: Record<string, unknown[]>;
  capabilities: Array<{ id: string; title: string }>;
  harmonisedControls: Array<{ id: string; title: string }>;
  components: unknown[];
};
