import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";

/** One Vigil record that can be linked as evidence. */
export type RecordOption = { value: string; label: string };

type Titled = { id: string; title: string };
type Referenced = Titled & { reference: string };
type DeviceModel = { id: string; name: string; modelNumber: string; versions: { version: string; currentSbom: { id: string; componentCount: number } | null }[] };

/**
 * The kinds of records evidence may point at (the server's `RECORD_TABLES` in src/server/compliance/store.ts) and how
 * to list each one for the picker.
 */
export const RECORD_KINDS: { kind: string; label: string; list: () => Promise<RecordOption[]> }[] = [
  { kind: "policy", label: "Policy", list: async () => (await api.get<Titled[]>("/api/governance/policies")).map((p) => ({ value: p.id, label: p.title })) },
  { kind: "risk", label: "Risk", list: async () => (await api.get<Referenced[]>("/api/risks")).map((r) => ({ value: r.id, label: `${r.reference} ${r.title}` })) },
  { kind: "incident", label: "Incident", list: async () => (await api.get<Referenced[]>("/api/incidents")).map((r) => ({ value: r.id, label: `${r.reference} ${r.title}` })) },
  {
    kind: "training",
    label: "Training campaign",
    list: async () => (await api.get<Titled[]>("/api/governance/training/campaigns")).map((c) => ({ value: c.id, label: c.title })),
  },
  { kind: "supplier", label: "Supplier", list: async () => (await api.get<{ id: string; name: string }[]>("/api/suppliers")).map((s) => ({ value: s.id, label: s.name })) },
  {
    kind: "advisory",
    label: "Advisory",
    list: async () => (await api.get<(Titled & { trackingId: string })[]>("/api/advisories")).map((a) => ({ value: a.id, label: `${a.trackingId} ${a.title}` })),
  },
  {
    kind: "bc_exercise",
    label: "Continuity exercise",
    list: async () => (await api.get<Referenced[]>("/api/continuity/exercises")).map((e) => ({ value: e.id, label: `${e.reference} ${e.title}` })),
  },
  {
    kind: "backup_restore_test",
    label: "Backup restore test",
    list: async () =>
      (await api.get<{ id: string; reference: string; system: string; testedOn: string }[]>("/api/continuity/restore-tests")).map((t) => ({
        value: t.id,
        label: `${t.reference} ${t.system} (${t.testedOn})`,
      })),
  },
  {
    kind: "device_model",
    label: "Device model",
    list: async () => (await api.get<DeviceModel[]>("/api/devices")).map((m) => ({ value: m.id, label: `${m.name} (${m.modelNumber})` })),
  },
  {
    kind: "sbom",
    label: "SBOM",
    list: async () =>
      (await api.get<DeviceModel[]>("/api/devices")).flatMap((m) =>
        m.versions.flatMap((v) => (v.currentSbom ? [{ value: v.currentSbom.id, label: `${m.name} ${v.version} (${v.currentSbom.componentCount} components)` }] : [])),
      ),
  },
];

export const recordKindLabel = (kind: string) => RECORD_KINDS.find((k) => k.kind === kind)?.label ?? kind;

/** The records of one kind for the evidence picker; nothing is loaded until a kind is chosen. */
export function useRecordOptions(kind: string | null) {
  return useQuery({
    queryKey: ["compliance", "record-options", kind],
    queryFn: () => RECORD_KINDS.find((k) => k.kind === kind)!.list(),
    enabled: kind !== null,
  });
}
