import "@xyflow/react/dist/style.css";
import { Alert, Badge, Button, Checkbox, FileButton, Group, Loader, MultiSelect, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { type Edge, MarkerType, type Node, type NodeProps, ReactFlow } from "@xyflow/react";
import { useState } from "react";
import { architectureLayout } from "../../../core/threat-model/diagram";
import { ApiError, api, csrfHeaders, errorMessage } from "../../api/client";
import { useCan } from "../../auth/session";
import { AcceptanceSection } from "./AcceptanceSection";
import { ControlsSection } from "./ControlsSection";
import { type ComponentChoice, ElementEditor } from "./ElementEditor";
import { QuickControl, uniqueId } from "./QuickControl";
import { ThreatEditor } from "./ThreatEditor";
import type { ThreatModel, ThreatModelView } from "./types";

const TYPES = [
  { value: "software_item", label: "Software item" },
  { value: "hardware", label: "Hardware" },
  { value: "interface", label: "Interface" },
  { value: "data_store", label: "Data store" },
  { value: "external_system", label: "External system" },
];
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 40) || "item";

/** The small red "Remove" button of a table row; its accessible name says what it removes. */
function RemoveButton(props: { "aria-label": string; disabled?: boolean; title?: string; onClick: () => void }) {
  return (
    <Button size="compact-xs" variant="subtle" color="red" {...props}>
      Remove
    </Button>
  );
}

/** A trust boundary: a dashed frame with its name and no connection handles (flows join elements, not boundaries). */
function BoundaryNode({ data, width, height }: NodeProps) {
  return (
    <div style={{ width, height, border: "1px dashed #b02a37", color: "#8a1c28", fontSize: 11, padding: 4 }}>{String(data.label)}</div>
  );
}
const nodeTypes = { boundary: BoundaryNode };

/**
 * The architecture drawn with React Flow in the same layout as the documents: each trust boundary a dashed frame with
 * its name holding its elements, flows as labelled arrows.
 */
function Diagram({ model }: { model: ThreatModel }) {
  const layout = architectureLayout(model);
  const frames: Node[] = layout.groups.flatMap((g, i) =>
    g.name === null
      ? []
      : [
          {
            id: `boundary-${i}`,
            position: { x: g.x, y: g.y },
            data: { label: g.name },
            width: g.width,
            height: g.height,
            draggable: false,
            selectable: false,
            type: "boundary",
            zIndex: -1,
          },
        ],
  );
  const names = new Map(model.elements.map((e) => [e.id, e.name]));
  const elements: Node[] = [...layout.boxes.values()].map((b) => ({
    id: b.id,
    position: { x: b.x, y: b.y },
    data: { label: names.get(b.id) ?? b.id },
    style: { width: layout.boxWidth, fontSize: 11 },
  }));
  const edges: Edge[] = model.flows.map((f) => ({ id: f.id, source: f.from, target: f.to, label: f.data, markerEnd: { type: MarkerType.ArrowClosed } }));
  return (
    <div style={{ height: 320, border: "1px solid var(--mantine-color-gray-3)" }} role="img" aria-label="Architecture diagram">
      <ReactFlow nodes={[...frames, ...elements]} nodeTypes={nodeTypes} edges={edges} fitView proOptions={{ hideAttribution: true }} nodesConnectable={false} />
    </div>
  );
}

async function downloadPackage(versionId: string) {
  const res = await fetch("/api/reports/premarket", { method: "POST", credentials: "same-origin", headers: { "Content-Type": "application/json", ...csrfHeaders() }, body: JSON.stringify({ versionId }) });
  if (!res.ok) throw new ApiError(res.status, "http_error", ((await res.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ?? `The server answered ${res.status}`);
  const name = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "")?.[1] ?? "premarket.zip";
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A version's threat model: architecture table and diagram, suggested threats, links to risks and controls, traceability. */
export function ThreatModelPanel({ versionId }: { versionId: string }) {
  const queryClient = useQueryClient();
  const canEdit = useCan("devices:write");
  const canExport = useCan("reports:export");
  const key = ["threat-model", versionId];
  const url = `/api/versions/${encodeURIComponent(versionId)}/threat-model`;
  const view = useQuery({ queryKey: key, queryFn: () => api.get<ThreatModelView>(url) });
  const risks = useQuery({ queryKey: ["risks", "choices"], queryFn: () => api.get<Array<{ id: string; reference: string; title: string }>>("/api/risks"), enabled: canEdit });
  const [element, setElement] = useState({ name: "", type: "software_item" });
  const [flow, setFlow] = useState({ from: "", to: "", data: "", protocol: "" });
  const [boundary, setBoundary] = useState<{ name: string; elementIds: string[] }>({ name: "", elementIds: [] });
  const [editing, setEditing] = useState<{ threat?: string; element?: string }>({});
  const [inherit, setInherit] = useState<{ from: string | null; replace: boolean }>({ from: null, replace: false });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (view.isPending) return <Loader />;
  if (view.isError) return <Alert color="red">The threat model could not be loaded: {errorMessage(view.error)}</Alert>;
  const v = view.data;
  const m = v.model;
  const run = async (write: () => Promise<ThreatModelView>, message: string) => {
    setBusy(true);
    setError(null);
    try {
      queryClient.setQueryData(key, { ...(await write()), components: v.components, capabilities: v.capabilities, harmonisedControls: v.harmonisedControls });
      notifications.show({ color: "teal", message });
    } catch (err) {
      const details = err instanceof ApiError ? err.details.map((d) => `${d.path}: ${d.message}`).join("; ") : "";
      setError(`${errorMessage(err)}${details ? ` (${details})` : ""}`);
    } finally {
      setBusy(false);
    }
  };
  const save = (next: ThreatModel, message: string) => run(() => api.put<ThreatModelView>(url, next), message);
  const importFile = async (file: File | null) => {
    if (!file) return;
    const content = await file.text();
    await run(() => api.post<ThreatModelView>(`${url}/import`, { fileName: file.name, content }), `${file.name} imported`);
  };
  const removeElement = (id: string) =>
    save(
      {
        ...m,
        elements: m.elements.filter((e) => e.id !== id),
        flows: m.flows.filter((f) => f.from !== id && f.to !== id),
        boundaries: m.boundaries.map((b) => ({ ...b, elementIds: b.elementIds.filter((x) => x !== id) })),
      },
      "Element removed with its flows",
    );
  const targeted = new Set(m.threats.map((t) => t.target));
  const editedThreat = m.threats.find((t) => t.id === editing.threat);
  const editedElement = m.elements.find((e) => e.id === editing.element);
  const names = new Map(m.elements.map((e) => [e.id, e.name]));
  const elementOptions = m.elements.map((e) => ({ value: e.id, label: e.name }));

  return (
    <Stack gap="md">
      {error && <Alert color="red" title="Not saved">{error}</Alert>}
      <Group justify="space-between">
        <Text size="sm">
          {v.inheritedFrom ? `Inherited from ${v.inheritedFrom.version}` : "Not inherited"} · {m.elements.length} elements · {m.flows.length} flows · {m.threats.length} threats
        </Text>
        <Group gap="xs">
          <Button component="a" variant="default" size="xs" href={`${url}/export`}>Export JSON</Button>
          {canExport && (
            <Button size="xs" loading={busy} onClick={() => downloadPackage(versionId).catch((err) => setError(errorMessage(err)))}>
              Download premarket package
            </Button>
          )}
        </Group>
      </Group>
      {canEdit && (
        <Group align="end" gap="xs">
          {v.inheritCandidates.length > 0 && (
            <>
              <Select
                label="Inherit the model of"
                placeholder="Another version"
                data={v.inheritCandidates.map((c) => ({ value: c.softwareVersionId, label: c.version }))}
                value={inherit.from}
                onChange={(from) => setInherit({ ...inherit, from })}
              />
              {(m.elements.length > 0 || m.threats.length > 0) && (
                <Checkbox label="Replace this version's model" checked={inherit.replace} onChange={(e) => setInherit({ ...inherit, replace: e.currentTarget.checked })} />
              )}
              <Button
                variant="default"
                disabled={!inherit.from}
                loading={busy}
                onClick={() => run(() => api.post<ThreatModelView>(`${url}/inherit`, { fromVersionId: inherit.from, replace: inherit.replace }), "Model inherited")}
              >
                Inherit
              </Button>
            </>
          )}
          <FileButton onChange={(f) => void importFile(f)} accept="application/json,.json">
            {(props) => (
              <Button variant="default" {...props}>
                Import JSON
              </Button>
            )}
          </FileButton>
        </Group>
      )}
      {v.diff && !v.diff.unchanged && (
        <Text size="sm" aria-label="Changes since the inherited model">
          Since {v.inheritedFrom?.version}: {v.diff.elements.added.length} element(s) added, {v.diff.elements.removed.length} removed, {v.diff.flows.added.length} flow(s) added, {v.diff.threats.added.length} threat(s) added,{" "}
          {v.diff.controls.changed.length} control(s) changed
        </Text>
      )}
      {v.diff?.unchanged && <Text size="sm" aria-label="Changes since the inherited model">No change since {v.inheritedFrom?.version}</Text>}

      <Title order={3}>Architecture</Title>
      <Diagram model={m} />
      <Table aria-label="Elements">
        <Table.Thead><Table.Tr><Table.Th>Element</Table.Th><Table.Th>Type</Table.Th><Table.Th>SBOM components</Table.Th><Table.Th>Open findings</Table.Th>{canEdit && <Table.Th>Actions</Table.Th>}</Table.Tr></Table.Thead>
        <Table.Tbody>
          {m.elements.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td>{e.name}</Table.Td>
              <Table.Td>{TYPES.find((t) => t.value === e.type)?.label}</Table.Td>
              <Table.Td>{e.components.length || "—"}</Table.Td>
              <Table.Td>{v.elementFindings[e.id]?.length ?? 0}</Table.Td>
              {canEdit && (
                <Table.Td>
                  <Group gap={4}>
                    <Button size="compact-xs" variant="light" aria-label={`Edit ${e.name}`} onClick={() => setEditing({ element: e.id })}>Edit</Button>
                    <RemoveButton aria-label={`Remove ${e.name}`}
                      disabled={targeted.has(e.id) || m.flows.some((f) => (f.from === e.id || f.to === e.id) && targeted.has(f.id))}
                      title={targeted.has(e.id) ? "Threats name this element" : undefined}
                      onClick={() => removeElement(e.id)}
                     />
                  </Group>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {canEdit && (
        <Group align="end">
          <TextInput label="Element name" value={element.name} onChange={(e) => setElement({ ...element, name: e.currentTarget.value })} />
          <Select label="Element type" data={TYPES} value={element.type} onChange={(t) => setElement({ ...element, type: t ?? "software_item" })} allowDeselect={false} />
          <Button
            disabled={!element.name.trim()}
            onClick={() => {
              const id = uniqueId(slug(element.name), [...m.elements.map((e) => e.id), ...m.flows.map((f) => f.id)]);
              save({ ...m, elements: [...m.elements, { id, name: element.name.trim(), type: element.type, description: "", components: [] }] }, "Element added").then(() => setElement({ name: "", type: element.type }));
            }}
          >
            Add element
          </Button>
        </Group>
      )}
      <Table aria-label="Data flows">
        <Table.Thead><Table.Tr><Table.Th>From</Table.Th><Table.Th>To</Table.Th><Table.Th>Data</Table.Th><Table.Th>Protocol</Table.Th><Table.Th>Crosses</Table.Th>{canEdit && <Table.Th>Actions</Table.Th>}</Table.Tr></Table.Thead>
        <Table.Tbody>
          {m.flows.map((f) => (
            <Table.Tr key={f.id}>
              <Table.Td>{names.get(f.from)}</Table.Td>
              <Table.Td>{names.get(f.to)}</Table.Td>
              <Table.Td>{f.data}</Table.Td>
              <Table.Td>{f.protocol || "—"}</Table.Td>
              <Table.Td>{(v.crossedBoundaries[f.id] ?? []).join(", ")}</Table.Td>
              {canEdit && (
                <Table.Td>
                  <RemoveButton aria-label={`Remove flow ${f.data}`} disabled={targeted.has(f.id)} onClick={() => save({ ...m, flows: m.flows.filter((x) => x.id !== f.id) }, "Flow removed")} />
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {canEdit && (
        <Group align="end">
          <Select label="Flow from" data={elementOptions} value={flow.from || null} onChange={(x) => setFlow({ ...flow, from: x ?? "" })} />
          <Select label="Flow to" data={elementOptions} value={flow.to || null} onChange={(x) => setFlow({ ...flow, to: x ?? "" })} />
          <TextInput label="Data" value={flow.data} onChange={(e) => setFlow({ ...flow, data: e.currentTarget.value })} />
          <TextInput label="Protocol" value={flow.protocol} onChange={(e) => setFlow({ ...flow, protocol: e.currentTarget.value })} />
          <Button
            disabled={!flow.from || !flow.to || !flow.data.trim()}
            onClick={() => {
              const id = uniqueId(`${flow.from}-${flow.to}`.slice(0, 50), [...m.elements.map((e) => e.id), ...m.flows.map((f) => f.id)]);
              save({ ...m, flows: [...m.flows, { id, from: flow.from, to: flow.to, data: flow.data.trim(), protocol: flow.protocol.trim(), description: "" }] }, "Flow added").then(() => setFlow({ from: "", to: "", data: "", protocol: "" }));
            }}
          >
            Add flow
          </Button>
        </Group>
      )}

      <Title order={3}>Trust boundaries</Title>
      <Table aria-label="Trust boundaries">
        <Table.Thead><Table.Tr><Table.Th>Boundary</Table.Th><Table.Th>Elements inside</Table.Th>{canEdit && <Table.Th>Actions</Table.Th>}</Table.Tr></Table.Thead>
        <Table.Tbody>
          {m.boundaries.map((b) => (
            <Table.Tr key={b.id}>
              <Table.Td>{b.name}</Table.Td>
              <Table.Td>{b.elementIds.map((id) => names.get(id) ?? id).join(", ") || "—"}</Table.Td>
              {canEdit && (
                <Table.Td>
                  <RemoveButton aria-label={`Remove boundary ${b.name}`} onClick={() => save({ ...m, boundaries: m.boundaries.filter((x) => x.id !== b.id) }, "Boundary removed")} />
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {canEdit && (
        <Group align="end">
          <TextInput label="Boundary name" value={boundary.name} onChange={(e) => setBoundary({ ...boundary, name: e.currentTarget.value })} />
          <MultiSelect label="Elements inside" data={elementOptions} value={boundary.elementIds} onChange={(elementIds) => setBoundary({ ...boundary, elementIds })} miw={240} />
          <Button
            disabled={!boundary.name.trim()}
            onClick={() => {
              const id = uniqueId(`tb-${slug(boundary.name)}`.slice(0, 50), m.boundaries.map((b) => b.id));
              save({ ...m, boundaries: [...m.boundaries, { id, name: boundary.name.trim(), elementIds: boundary.elementIds }] }, "Boundary added").then(() => setBoundary({ name: "", elementIds: [] }));
            }}
          >
            Add boundary
          </Button>
        </Group>
      )}

      <Title order={3}>Suggested threats (STRIDE per element)</Title>
      <Table aria-label="Suggested threats">
        <Table.Tbody>
          {v.suggestions.slice(0, 30).map((s) => (
            <Table.Tr key={s.id}>
              <Table.Td>{s.title}</Table.Td>
              <Table.Td><Text size="xs">{s.question}</Text></Table.Td>
              <Table.Td>
                {canEdit && (
                  <Button
                    size="xs"
                    variant="light"
                    aria-label={`Accept ${s.title}`}
                    onClick={() => {
                      const id = uniqueId(`T-${m.threats.length + 1}`, m.threats.map((t) => t.id));
                      save({ ...m, threats: [...m.threats, { id, target: s.target, category: s.category, title: s.title, attackVector: "", preconditions: "", exploitability: null, suggestionId: s.id, findingIds: [], riskId: null, hazard: null, controlIds: [] }] }, "Threat accepted");
                    }}
                  >
                    Accept
                  </Button>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      <Title order={3}>Threats</Title>
      <Table aria-label="Threats">
        <Table.Thead><Table.Tr><Table.Th>Threat</Table.Th><Table.Th>Target</Table.Th><Table.Th>Exploitability</Table.Th><Table.Th>Hazard and harm</Table.Th><Table.Th>Findings</Table.Th>{canEdit && <Table.Th>Actions</Table.Th>}</Table.Tr></Table.Thead>
        <Table.Tbody>
          {m.threats.map((t) => (
            <Table.Tr key={t.id}>
              <Table.Td>{t.id} {t.title}</Table.Td>
              <Table.Td>{names.get(t.target) ?? m.flows.find((f) => f.id === t.target)?.data ?? t.target}</Table.Td>
              <Table.Td>{t.exploitability ?? "Not assessed"}</Table.Td>
              <Table.Td>{t.hazard ? `${t.hazard.hazard} → ${t.hazard.harm} (${t.hazard.severity})` : "—"}</Table.Td>
              <Table.Td>{t.findingIds.length || "—"}</Table.Td>
              {canEdit && (
                <Table.Td>
                  <Group gap={4}>
                    <Button size="compact-xs" variant="light" aria-label={`Assess ${t.id}`} onClick={() => setEditing({ threat: t.id })}>Assess</Button>
                    <RemoveButton aria-label={`Remove ${t.id}`} onClick={() => save({ ...m, threats: m.threats.filter((x) => x.id !== t.id) }, "Threat removed")} />
                  </Group>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>

      <Title order={3}>Traceability</Title>
      <Group gap="xs">
        <Badge color="green" variant="light">{v.traceability.passing} complete</Badge>
        <Badge color={v.traceability.failing ? "red" : "gray"} variant="light">{v.traceability.failing} with gaps</Badge>
      </Group>
      {v.traceability.componentGaps.length > 0 && (
        <Alert color="orange" title="SBOM components no longer in the current SBOM" aria-label="Components not in the current SBOM">
          {v.traceability.componentGaps.map((g) => (
            <Text key={`${g.elementId}/${g.component}`} size="sm">{g.message}</Text>
          ))}
        </Alert>
      )}
      <Table aria-label="Traceability matrix">
        <Table.Thead><Table.Tr><Table.Th>Threat</Table.Th><Table.Th>Risk</Table.Th><Table.Th>Controls and tests</Table.Th><Table.Th>Result</Table.Th></Table.Tr></Table.Thead>
        <Table.Tbody>
          {v.traceability.rows.map((r) => {
            const threat = m.threats.find((t) => t.id === r.threatId)!;
            return (
              <Table.Tr key={r.threatId}>
                <Table.Td>{r.threatId} {r.title}</Table.Td>
                <Table.Td>
                  {canEdit ? (
                    <Select
                      aria-label={`Risk of ${r.threatId}`}
                      data={(risks.data ?? []).map((x) => ({ value: x.id, label: `${x.reference} ${x.title}` }))}
                      value={threat.riskId}
                      searchable
                      onChange={(riskId) => save({ ...m, threats: m.threats.map((t) => (t.id === r.threatId ? { ...t, riskId } : t)) }, "Risk linked")}
                    />
                  ) : (
                    (r.risk?.reference ?? "—")
                  )}
                </Table.Td>
                <Table.Td>
                  {r.controls.map((x) => (
                    <Text key={x.id} size="sm">{x.title}: {x.verifications.map((t) => `${t.testCaseId} ${t.result}`).join(", ") || "no test"}</Text>
                  ))}
                  {canEdit && (
                    <QuickControl
                      threat={threat}
                      model={m}
                      capabilities={v.capabilities}
                      harmonisedControls={v.harmonisedControls}
                      onSave={(next) => save(next, next.controls.length > m.controls.length ? "Control added" : "Control linked")}
                    />
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge color={r.result === "pass" ? "green" : "red"} variant="light">{r.result === "pass" ? "Complete" : "Gap"}</Badge>
                  {r.gaps.map((g) => (
                    <Text key={g.message} size="xs" c="red">{g.message}</Text>
                  ))}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>

      <ControlsSection model={m} canEdit={canEdit} onSave={save} />

      <AcceptanceSection model={m} canEdit={canEdit} onSave={(acceptance) => save({ ...m, acceptance }, acceptance ? "Acceptance recorded" : "Acceptance withdrawn")} />

      {editedThreat && (
        <ThreatEditor
          threat={editedThreat}
          view={v}
          onClose={() => setEditing({})}
          onSave={(next) => save({ ...m, threats: m.threats.map((t) => (t.id === next.id ? next : t)) }, "Threat saved").then(() => setEditing({}))}
        />
      )}
      {editedElement && (
        <ElementEditor
          element={editedElement}
          components={v.components as ComponentChoice[]}
          onClose={() => setEditing({})}
          onSave={(next) => save({ ...m, elements: m.elements.map((e) => (e.id === next.id ? next : e)) }, "Element saved").then(() => setEditing({}))}
        />
      )}
    </Stack>
  );
}
