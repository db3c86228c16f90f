import { Badge, Tooltip } from "@mantine/core";

const meaning: Record<string, { colour: string; text: string }> = {
  V1: { colour: "green", text: "Checked against the legal text" },
  V2: { colour: "teal", text: "From an official or primary-derived copy" },
  V3: { colour: "yellow", text: "From a secondary source: confirm before relying on it" },
  UNVERIFIED: { colour: "red", text: "Not verified: confirm before relying on it" },
};

/** How well a catalog fact is verified, always visible next to it. */
export function ConfidenceBadge({ confidence }: { confidence: string }) {
  const m = meaning[confidence] ?? { colour: "gray", text: confidence };
  return (
    <Tooltip label={m.text}>
      <Badge size="xs" variant="light" color={m.colour} aria-label={`confidence ${confidence}: ${m.text}`}>
        {confidence}
      </Badge>
    </Tooltip>
  );
}
