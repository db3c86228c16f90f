import { Alert, Button, Code, Group, Modal, Select, Stack, Table, Text, Textarea, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError, api, errorMessage } from "../../api/client";
import { formatDate } from "../../components/format";
import { NotSavedAlert } from "./NotSavedAlert";

type Rule = {
  id: string;
  name: string;
  purlPattern: string;
  versionRange: string | null;
  level: string;
  endOfSupport: string | null;
  note: string | null;
  decidedComponents: number;
};
type Draft = { name: string; purlPattern: string; versionRange: string; level: string | null; endOfSupport: string; note: string };

const LEVEL_OPTIONS = [
  { value: "actively_maintained", label: "Actively maintained" },
  { value: "no_longer_maintained", label: "No longer maintained" },
  { value: "abandoned", label: "Abandoned" },
  { value: "unknown", label: "Unknown" },
];
const levelLabel = (v: string) => LEVEL_OPTIONS.find((o) => o.value === v)?.label ?? v;
const EMPTY: Draft = { name: "", purlPattern: "", versionRange: "", level: null, endOfSupport: "", note: "" };
const draftOf = (r: Rule): Draft => ({ name: r.name, purlPattern: r.purlPattern, versionRange: r.versionRange ?? "", level: r.level, endOfSupport: r.endOfSupport ?? "", note: r.note ?? "" });

/** How a component's support source reads on screen. */
export const sourceLabel = (source: string | null) =>
  source === "manual" ? "Entered in Vigil" : source === "sbom" ? "SBOM" : source?.startsWith("rule:") ? `Rule “${source.slice(5)}”` : "Not stated";

function RuleForm({ rule, onClose }: { rule: Rule | null; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(rule ? draftOf(rule) : EMPTY);
  const [problems, setProblems] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const set = (k: keyof Draft) => (e: { currentTarget: { value: string } }) => setDraft({ ...draft, [k]: e.currentTarget.value });
  const save = async () => {
    setSaving(true);
    const body = {
      name: draft.name,
      purlPattern: draft.purlPattern,
      versionRange: draft.versionRange.trim() || null,
      level: draft.level,
      endOfSupport: draft.endOfSupport || null,
      note: draft.note.trim() || null,
    };
    try {
      if (rule) await api.put(`/api/components/support-rules/${rule.id}`, body);
      else await api.post("/api/components/support-rules", body);
      await queryClient.invalidateQueries({ queryKey: ["components"] });
      notifications.show({ color: "green", message: `Support rule “${draft.name}” saved` });
      onClose();
    } catch (err) {
      const details = err instanceof ApiError ? (err.details ?? []) : [];
      const message = errorMessage(err);
      const named = details.filter((d) => !message.includes(d.message)).map((d) => `${d.path.replace(/^body\//, "")}: ${d.message}`);
      setProblems([message, ...named]);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal opened onClose={onClose} title={rule ? `Edit support rule “${rule.name}”` : "Add a support rule"} size="lg">
      <Stack>
        <TextInput label="Name" required value={draft.name} onChange={set("name")} />
        <TextInput
          label="Package URL pattern"
          description="Matched against the purl without version; * matches any run of characters"
          placeholder="pkg:generic/acme/*"
          required
          value={draft.purlPattern}
          onChange={set("purlPattern")}
        />
        <TextInput label="Component versions (optional)" description="A VERS range; empty: every version" placeholder="vers:generic/<2.0" value={draft.versionRange} onChange={set("versionRange")} />
        <Select label="Level of support" required placeholder="Choose the level the source states" data={LEVEL_OPTIONS} value={draft.level} onChange={(level) => setDraft({ ...draft, level })} />
        <TextInput label="End of support (optional)" type="date" value={draft.endOfSupport} onChange={set("endOfSupport")} />
        <Textarea label="Note or source" placeholder="Supplier letter, contract or web page stating it" autosize minRows={2} value={draft.note} onChange={set("note")} />
        <NotSavedAlert problems={problems} />
        <Group justify="flex-end">
          <Button onClick={save} loading={saving}>
            Save rule
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Support rules: list, add, edit, delete. The SBOM's own statement and manual entries always win over a rule. */
export function SupportRules({ canEdit }: { canEdit: boolean }) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Rule | "new" | null>(null);
  const rules = useQuery({ queryKey: ["components", "support-rules"], queryFn: () => api.get<{ items: Rule[] }>("/api/components/support-rules") });
  const remove = async (r: Rule) => {
    if (!window.confirm(`Delete the support rule “${r.name}”? The components it decides fall back to another rule or to unknown.`)) return;
    try {
      await api.delete(`/api/components/support-rules/${r.id}`);
      await queryClient.invalidateQueries({ queryKey: ["components"] });
      notifications.show({ color: "green", message: `Support rule “${r.name}” deleted` });
    } catch (err) {
      notifications.show({ color: "red", message: errorMessage(err) });
    }
  };
  return (
    <Stack component="section" aria-label="Support rules" gap="xs" mt="lg">
      <Group justify="space-between">
        <Title order={2} size="h4">
          Rules
        </Title>
        {canEdit && <Button onClick={() => setEditing("new")}>Add rule</Button>}
      </Group>
      <Text size="sm">
        A rule states the support of every component its pattern covers. The SBOM's own statement and a value entered in Vigil always win; between
        rules, the pattern with the most characters besides * decides, then one without *, then one with a version range, then the name.
      </Text>
      {rules.isError && (
        <Alert color="red" role="alert">
          {errorMessage(rules.error)}
        </Alert>
      )}
      {rules.data && rules.data.items.length === 0 && <Text size="sm">No support rules yet.</Text>}
      {rules.data && rules.data.items.length > 0 && (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Pattern</Table.Th>
              <Table.Th>Level of support</Table.Th>
              <Table.Th>End of support</Table.Th>
              <Table.Th>Decides</Table.Th>
              <Table.Th>Note</Table.Th>
              {canEdit && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rules.data.items.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{r.name}</Table.Td>
                <Table.Td>
                  <Code fz="xs">{r.purlPattern}</Code> {r.versionRange && <Code fz="xs">{r.versionRange}</Code>}
                </Table.Td>
                <Table.Td>{levelLabel(r.level)}</Table.Td>
                <Table.Td>{r.endOfSupport ? formatDate(r.endOfSupport) : "Unknown"}</Table.Td>
                <Table.Td>{r.decidedComponents} components</Table.Td>
                <Table.Td>{r.note ?? ""}</Table.Td>
                {canEdit && (
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button size="compact-xs" variant="default" onClick={() => setEditing(r)} aria-label={`Edit rule ${r.name}`}>
                        Edit
                      </Button>
                      <Button size="compact-xs" variant="default" color="red" onClick={() => remove(r)} aria-label={`Delete rule ${r.name}`}>
                        Delete
                      </Button>
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {editing && <RuleForm rule={editing === "new" ? null : editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
