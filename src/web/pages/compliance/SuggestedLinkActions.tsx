import { Badge, Button, Group, Select, Text } from "@mantine/core";
import { useState } from "react";
import { api, errorMessage } from "../../api/client";
import { type ControlDetail, label, useComplianceMutation } from "./workspace-api";

type Mapping = ControlDetail["mappings"][number];

/** subset: the control covers part of the requirement; superset: all of it and more. */
const CONFIRM_AS = ["subset", "equal", "superset"];

/** The decision a person recorded on a suggested (intersect) link: the control's own mapping to the same requirement. */
export function decisionOn(suggestion: Mapping, mappings: Mapping[]): Mapping | undefined {
  return mappings.find((m) => m.requirement === suggestion.requirement && m.relationship !== "intersect" && m.origin !== "library");
}

/**
 * Confirm a suggested link with the relationship a person chose (it then counts for the requirement), or dismiss it
 * as not related; both are recorded as the control's own mapping and can be undone.
 */
export function SuggestedLinkActions({ controlId, suggestion, decision }: { controlId: string; suggestion: Mapping; decision: Mapping | undefined }) {
  const [relationship, setRelationship] = useState<string | null>("subset");
  const decide = useComplianceMutation((rel: string) => api.post(`/api/compliance/controls/${controlId}/mappings`, { requirement: suggestion.requirement, relationship: rel }));
  const undo = useComplianceMutation(() => api.delete(`/api/compliance/controls/${controlId}/mappings?requirement=${encodeURIComponent(suggestion.requirement)}`));
  const error = decide.error ?? undo.error;
  if (decision) {
    return (
      <Group gap="xs" wrap="nowrap">
        <Badge variant="light" color={decision.relationship === "not_related" ? "gray" : "green"}>
          {decision.relationship === "not_related" ? "dismissed" : `confirmed as ${label(decision.relationship)}`}
        </Badge>
        <Button size="compact-xs" variant="subtle" loading={undo.isPending} onClick={() => undo.mutate(undefined)} aria-label={`Undo the decision on ${suggestion.requirement}`}>
          Undo
        </Button>
        {error && <Text size="xs" c="red">{errorMessage(error)}</Text>}
      </Group>
    );
  }
  return (
    <Group gap="xs" wrap="nowrap">
      <Select size="xs" w={110} aria-label={`Relationship for ${suggestion.requirement}`} data={CONFIRM_AS} value={relationship} onChange={setRelationship} allowDeselect={false} />
      <Button size="compact-xs" disabled={!relationship} loading={decide.isPending && decide.variables !== "not_related"} onClick={() => relationship && decide.mutate(relationship)} aria-label={`Confirm link to ${suggestion.requirement}`}>
        Confirm link
      </Button>
      <Button size="compact-xs" variant="default" loading={decide.isPending && decide.variables === "not_related"} onClick={() => decide.mutate("not_related")} aria-label={`Dismiss link to ${suggestion.requirement}`}>
        Dismiss
      </Button>
      {error && <Text size="xs" c="red">{errorMessage(error)}</Text>}
    </Group>
  );
}
