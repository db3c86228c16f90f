import type { ElementType, StrideCategory, ThreatModel } from "./types";

/** The STRIDE reference data (data/threat-model/stride.yaml): which categories apply to which kind, and a prompt each. */
export type StrideData = {
  applies: Record<ElementType | "data_flow", StrideCategory[]>;
  prompts: Record<StrideCategory, { title: string; question: string }>;
};

export type ThreatSuggestion = { id: string; target: string; targetName: string; category: StrideCategory; title: string; question: string };

/**
 * Threats suggested for every element and flow from STRIDE-per-element, minus those already in the model (accepted
 * suggestions keep their `suggestionId`, so a dismissed-by-editing suggestion does not come back once accepted).
 */
export function suggestThreats(model: ThreatModel, data: StrideData): ThreatSuggestion[] {
  const taken = new Set(model.threats.map((t) => t.suggestionId ?? `${t.target}:${t.category}`));
  const out: ThreatSuggestion[] = [];
  const targets = [
    ...model.elements.map((e) => ({ id: e.id, name: e.name, kind: e.type as ElementType | "data_flow" })),
    ...model.flows.map((f) => ({ id: f.id, name: `${f.from} → ${f.to}: ${f.data}`, kind: "data_flow" as const })),
  ];
  for (const t of targets) {
    for (const category of data.applies[t.kind] ?? []) {
      const id = `${t.id}:${category}`;
      if (taken.has(id)) continue;
      const prompt = data.prompts[category];
      out.push({ id, target: t.id, targetName: t.name, category, title: `${prompt.title}: ${t.name}`, question: prompt.question });
    }
  }
  return out;
}
