import { Button, Group, Modal, MultiSelect, Stack, Textarea, TextInput } from "@mantine/core";
import { useState } from "react";
import type { ThreatModel } from "./types";

type Element = ThreatModel["elements"][number];
export type ComponentChoice = { name: string; version: string | null; purl: string | null };

/** The identifier an element stores for an SBOM component: its purl without the version where there is one, else its name. */
export const componentKey = (c: ComponentChoice) => (c.purl ? c.purl.split("@")[0] : c.name);

/** An element's name, description and, for software items, the SBOM components that run in it. */
export function ElementEditor({ element, components, onClose, onSave }: { element: Element; components: ComponentChoice[]; onClose: () => void; onSave: (next: Element) => void }) {
  const [draft, setDraft] = useState(element);
  const options = [...new Map([...components.map((c) => [componentKey(c), `${c.name}${c.version ? ` ${c.version}` : ""}`] as const), ...draft.components.map((k) => [k, k] as const)]).entries()].map(
    ([value, label]) => ({ value, label }),
  );
  return (
    <Modal opened onClose={onClose} title={`Edit ${element.name}`} size="lg">
      <Stack gap="sm">
        <TextInput label="Name" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })} required />
        <Textarea label="Description" autosize minRows={2} value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.currentTarget.value })} />
        {draft.type === "software_item" && (
          <MultiSelect
            label="SBOM components in this software item"
            description={components.length ? "From the version's current SBOM" : "The version has no SBOM yet"}
            data={options}
            value={draft.components}
            onChange={(next) => setDraft({ ...draft, components: next })}
            searchable
            limit={50}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button disabled={!draft.name.trim()} onClick={() => onSave({ ...draft, name: draft.name.trim() })}>
            Save element
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
