import { Alert, Badge, Button, Drawer, Group, Modal, NumberInput, Select, Stack, Text, Textarea, TextInput, Title, Typography } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { IconPlus } from "@tabler/icons-react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import ReactMarkdown from "react-markdown";
import { EXERCISE_TYPES, PLAN_KIND_LABELS, PLAN_KINDS, type PlanKind, RESTORE_RESULTS, type Stakeholder } from "../../../core/continuity";
import { api, errorMessage } from "../../api/client";
import { useCan } from "../../auth/session";
import { type Column, DataTable } from "../../components/DataTable";
import { FormError, useApiForm } from "../../components/forms";
import { formatDate, todayIso } from "../../components/format";
import { Page } from "../../components/Page";
import { DateField } from "../../components/DateField";

type Plan = {
  id: string;
  reference: string;
  kind: PlanKind;
  title: string;
  scope: string;
  rtoMinutes: number | null;
  rpoMinutes: number | null;
  owner: string | null;
  deputy: string | null;
  procedures: string;
  stakeholders: Stakeholder[];
  status: "draft" | "approved" | "retired";
  version: string;
  approvedBy: string | null;
  approvedOn: string | null;
  reviewDue: string | null;
  reviewOverdue: boolean;
};
type Exercise = {
  id: string;
  reference: string;
  title: string;
  type: string;
  heldOn: string;
  planReference: string | null;
  participants: string[];
  findings: string;
  followUps: { title: string; owner: string | null; dueDate: string | null; done: boolean }[];
  followUpStatus: { open: number; overdue: number };
};
type RestoreTest = {
  id: string;
  reference: string;
  system: string;
  planReference: string | null;
  testedOn: string;
  result: string;
  minutesToRestore: number | null;
  rtoMinutes: number | null;
  dataLossMinutes: number | null;
  rpoMinutes: number | null;
  performedBy: string;
  notes: string;
  outcome: "met" | "missed" | "failed";
  rpoMet: boolean | null;
};

const keys = { all: ["continuity"] as const, plans: ["continuity", "plans"] as const, exercises: ["continuity", "exercises"] as const, tests: ["continuity", "tests"] as const };
const usePlans = () => useQuery({ queryKey: keys.plans, queryFn: () => api.get<Plan[]>("/api/continuity/plans") });
const orNull = (s: string) => (s.trim() === "" ? null : s.trim());
const minutes = (m: number | null) => (m === null ? "—" : m >= 120 && m % 60 === 0 ? `${m / 60} h` : `${m} min`);
const numOrNull = (v: number | string) => (v === "" ? null : Number(v));

function useRefresh() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: keys.all });
}

function PlanForm({ onDone }: { onDone: () => void }) {
  const form = useForm({
    mode: "uncontrolled",
    initialValues: { kind: "bc_dr" as string, title: "", scope: "", rtoMinutes: "" as number | string, rpoMinutes: "" as number | string, owner: "", procedures: "" },
  });
  const { onSubmit, failure, submitting } = useApiForm(
    form,
    (v) =>
      api.post("/api/continuity/plans", {
        kind: v.kind,
        title: v.title,
        scope: v.scope,
        rtoMinutes: numOrNull(v.rtoMinutes),
        rpoMinutes: numOrNull(v.rpoMinutes),
        owner: orNull(v.owner),
        procedures: v.procedures,
      }),
    () => onDone(),
  );
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <FormError failure={failure} />
        <Select label="Kind" allowDeselect={false} data={PLAN_KINDS.map((k) => ({ value: k, label: PLAN_KIND_LABELS[k] }))} key={form.key("kind")} {...form.getInputProps("kind")} />
        <TextInput label="Title" required key={form.key("title")} {...form.getInputProps("title")} />
        <TextInput label="Critical process or system" key={form.key("scope")} {...form.getInputProps("scope")} />
        <Group grow>
          <NumberInput label="RTO (minutes)" min={1} key={form.key("rtoMinutes")} {...form.getInputProps("rtoMinutes")} />
          <NumberInput label="RPO (minutes)" min={0} key={form.key("rpoMinutes")} {...form.getInputProps("rpoMinutes")} />
          <TextInput label="Owner" key={form.key("owner")} {...form.getInputProps("owner")} />
        </Group>
        <Textarea label="Procedures (Markdown)" autosize minRows={5} key={form.key("procedures")} {...form.getInputProps("procedures")} />
        <Group justify="flex-end">
          <Button type="submit" loading={submitting}>
            Create plan
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function PlanDrawer({ plan, onClose }: { plan: Plan | null; onClose: () => void }) {
  const canWrite = useCan("compliance:write");
  const refresh = useRefresh();
  const [approver, setApprover] = useState("");
  const [error, setError] = useState<string | null>(null);
  const approve = async () => {
    if (!plan) return;
    setError(null);
    try {
      await api.post(`/api/continuity/plans/${plan.id}/approve`, { approvedBy: approver });
      notifications.show({ color: "teal", title: "Plan approved", message: `${plan.reference} was approved.` });
      await refresh();
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <Drawer opened={plan !== null} onClose={onClose} position="right" size="xl" title={plan ? `${plan.reference} · ${plan.title}` : ""}>
      {plan && (
        <Stack gap="sm">
          <Text size="sm">
            {PLAN_KIND_LABELS[plan.kind]} · version {plan.version} · {plan.status}
            {plan.approvedBy ? ` by ${plan.approvedBy} on ${formatDate(plan.approvedOn)}` : ""}
          </Text>
          <Text size="sm">
            RTO {minutes(plan.rtoMinutes)} · RPO {minutes(plan.rpoMinutes)} · owner {plan.owner ?? "—"}
            {plan.deputy ? `, deputy ${plan.deputy}` : ""}
          </Text>
          {plan.stakeholders.length > 0 && (
            <Stack gap={2}>
              <Title order={3} size="h5">
                Stakeholders
              </Title>
              {plan.stakeholders.map((s) => (
                <Text key={`${s.kind}-${s.name}`} size="sm">
                  <b>{s.kind.replace("_", " ")}</b>: {s.name} — {s.contact} ({s.when})
                </Text>
              ))}
            </Stack>
          )}
          <Typography>
            <ReactMarkdown skipHtml>{plan.procedures || "_No procedures yet._"}</ReactMarkdown>
          </Typography>
          {canWrite && plan.status !== "approved" && (
            <Stack gap="xs">
              {error && (
                <Alert color="red" role="alert" title="Not approved">
                  {error}
                </Alert>
              )}
              <Group align="flex-end">
                <TextInput label="Approved by" placeholder="Name and function" value={approver} onChange={(e) => setApprover(e.currentTarget.value)} style={{ flex: 1 }} />
                <Button onClick={approve}>Approve</Button>
              </Group>
            </Stack>
          )}
        </Stack>
      )}
    </Drawer>
  );
}

export function PlansPage() {
  const plans = usePlans();
  const canWrite = useCan("compliance:write");
  const refresh = useRefresh();
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<Plan | null>(null);
  const columns: Column<Plan>[] = [
    {
      accessor: "reference",
      title: "Plan",
      sortable: true,
      render: (p) => (
        <Button variant="subtle" size="compact-sm" onClick={() => setOpen(p)}>
          {p.reference} · {p.title}
        </Button>
      ),
    },
    { accessor: "kind", title: "Kind", sortable: true, render: (p) => PLAN_KIND_LABELS[p.kind] },
    { accessor: "rtoMinutes", title: "RTO / RPO", render: (p) => `${minutes(p.rtoMinutes)} / ${minutes(p.rpoMinutes)}` },
    { accessor: "owner", title: "Owner", sortable: true, render: (p) => p.owner ?? "—" },
    {
      accessor: "status",
      title: "Version · status",
      render: (p) => (
        <Group gap={4}>
          <Text size="sm">v{p.version}</Text>
          <Badge color={p.status === "approved" ? "teal" : "gray"} variant="light">
            {p.status}
          </Badge>
          {p.reviewOverdue && <Badge color="red">review overdue</Badge>}
        </Group>
      ),
    },
  ];
  return (
    <Page
      title="Continuity plans"
      description="BC/DR plans per critical process or system, the incident response plan and the crisis communication plan (NIS2 Art. 21(2)(c); ISO/IEC 27001 A.5.29, A.5.30)."
      actions={
        canWrite && (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
            New plan
          </Button>
        )
      }
    >
      <DataTable label="Plans" records={plans.data} fetching={plans.isPending} columns={columns} emptyText="No plans yet." searchText={(p) => `${p.reference} ${p.title} ${p.scope}`} />
      <PlanDrawer plan={open} onClose={() => setOpen(null)} />
      <Modal opened={creating} onClose={() => setCreating(false)} title="New plan" size="lg">
        <PlanForm
          onDone={() => {
            setCreating(false);
            void refresh();
          }}
        />
      </Modal>
    </Page>
  );
}

function ExerciseForm({ onDone }: { onDone: () => void }) {
  const plans = usePlans();
  const form = useForm({
    mode: "uncontrolled",
    initialValues: { title: "", type: "tabletop", heldOn: todayIso(), planId: null as string | null, participants: "", findings: "" },
  });
  const { onSubmit, failure, submitting } = useApiForm(
    form,
    (v) =>
      api.post("/api/continuity/exercises", {
        title: v.title,
        type: v.type,
        heldOn: v.heldOn,
        planId: v.planId,
        participants: v.participants
          .split(",")
          .map((p) => p.trim())
          .filter(Boolean),
        findings: v.findings,
      }),
    () => onDone(),
  );
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <FormError failure={failure} />
        <TextInput label="Title" required key={form.key("title")} {...form.getInputProps("title")} />
        <Group grow>
          <Select label="Type" allowDeselect={false} data={EXERCISE_TYPES.map((t) => ({ value: t, label: t.replace("_", " ") }))} key={form.key("type")} {...form.getInputProps("type")} />
          <DateField label="Held on" key={form.key("heldOn")} {...form.getInputProps("heldOn")} />
          <Select label="Plan" clearable data={(plans.data ?? []).map((p) => ({ value: p.id, label: `${p.reference} ${p.title}` }))} key={form.key("planId")} {...form.getInputProps("planId")} />
        </Group>
        <TextInput label="Participants" description="Comma-separated" key={form.key("participants")} {...form.getInputProps("participants")} />
        <Textarea label="Findings" autosize minRows={3} key={form.key("findings")} {...form.getInputProps("findings")} />
        <Group justify="flex-end">
          <Button type="submit" loading={submitting}>
            Record exercise
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ExercisesPage() {
  const exercises = useQuery({ queryKey: keys.exercises, queryFn: () => api.get<Exercise[]>("/api/continuity/exercises") });
  const canWrite = useCan("compliance:write");
  const refresh = useRefresh();
  const [creating, setCreating] = useState(false);
  const columns: Column<Exercise>[] = [
    {
      accessor: "reference",
      title: "Exercise",
      sortable: true,
      render: (e) => (
        <Stack gap={0}>
          <Text size="sm" fw={600}>
            {e.reference} · {e.title}
          </Text>
          <Text size="xs" c="dimmed">
            {e.findings}
          </Text>
        </Stack>
      ),
    },
    { accessor: "type", title: "Type", sortable: true, render: (e) => e.type.replace("_", " ") },
    { accessor: "heldOn", title: "Held on", sortable: true, render: (e) => formatDate(e.heldOn) },
    { accessor: "planReference", title: "Plan", render: (e) => e.planReference ?? "—" },
    { accessor: "participants", title: "Participants", render: (e) => e.participants.length },
    {
      accessor: "followUpStatus",
      title: "Follow-ups",
      render: (e) => (
        <Group gap={4}>
          <Text size="sm">{e.followUpStatus.open} open</Text>
          {e.followUpStatus.overdue > 0 && <Badge color="red">{e.followUpStatus.overdue} overdue</Badge>}
        </Group>
      ),
    },
  ];
  return (
    <Page
      title="Exercises"
      description="Tabletop, simulation and recovery exercises of the plans, with findings and follow-ups."
      actions={
        canWrite && (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
            Record exercise
          </Button>
        )
      }
    >
      <DataTable label="Exercises" records={exercises.data} fetching={exercises.isPending} columns={columns} emptyText="No exercises recorded yet." />
      <Modal opened={creating} onClose={() => setCreating(false)} title="Record an exercise" size="lg">
        <ExerciseForm
          onDone={() => {
            setCreating(false);
            void refresh();
          }}
        />
      </Modal>
    </Page>
  );
}

function RestoreTestForm({ onDone }: { onDone: () => void }) {
  const plans = usePlans();
  const form = useForm({
    mode: "uncontrolled",
    initialValues: { system: "", planId: null as string | null, testedOn: todayIso(), result: null as string | null, minutesToRestore: "" as number | string, rtoMinutes: "" as number | string, performedBy: "", notes: "" },
  });
  const { onSubmit, failure, submitting } = useApiForm(
    form,
    (v) =>
      api.post("/api/continuity/restore-tests", {
        system: v.system,
        planId: v.planId,
        testedOn: v.testedOn,
        result: v.result,
        minutesToRestore: numOrNull(v.minutesToRestore),
        ...(v.rtoMinutes === "" ? {} : { rtoMinutes: Number(v.rtoMinutes) }),
        performedBy: v.performedBy,
        notes: v.notes,
      }),
    () => onDone(),
  );
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <FormError failure={failure} />
        <Group grow>
          <TextInput label="System" required key={form.key("system")} {...form.getInputProps("system")} />
          <Select label="Plan" clearable description="RTO/RPO default to the plan's" data={(plans.data ?? []).map((p) => ({ value: p.id, label: p.reference }))} key={form.key("planId")} {...form.getInputProps("planId")} />
        </Group>
        <Group grow>
          <TextInput label="Tested on" key={form.key("testedOn")} {...form.getInputProps("testedOn")} />
          {/* No default: a restore test's outcome is what the tester observed, never assumed. */}
          <Select label="Result" required placeholder="Choose the outcome" data={[...RESTORE_RESULTS]} key={form.key("result")} {...form.getInputProps("result")} />
          <NumberInput label="Time to restore (min)" min={0} key={form.key("minutesToRestore")} {...form.getInputProps("minutesToRestore")} />
          <NumberInput label="RTO (min)" min={1} key={form.key("rtoMinutes")} {...form.getInputProps("rtoMinutes")} />
        </Group>
        <TextInput label="Performed by" required key={form.key("performedBy")} {...form.getInputProps("performedBy")} />
        <Textarea label="Notes" autosize minRows={2} key={form.key("notes")} {...form.getInputProps("notes")} />
        <Group justify="flex-end">
          <Button type="submit" loading={submitting}>
            Record test
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const outcomeColor = { met: "teal", missed: "orange", failed: "red" } as const;

export function RestoreTestsPage() {
  const tests = useQuery({ queryKey: keys.tests, queryFn: () => api.get<RestoreTest[]>("/api/continuity/restore-tests") });
  const canWrite = useCan("compliance:write");
  const refresh = useRefresh();
  const [creating, setCreating] = useState(false);
  const columns: Column<RestoreTest>[] = [
    {
      accessor: "reference",
      title: "Test",
      sortable: true,
      render: (t) => (
        <Stack gap={0}>
          <Text size="sm" fw={600}>
            {t.reference} · {t.system}
          </Text>
          <Text size="xs" c="dimmed">
            {t.notes}
          </Text>
        </Stack>
      ),
    },
    { accessor: "testedOn", title: "Tested on", sortable: true, render: (t) => formatDate(t.testedOn) },
    { accessor: "result", title: "Result", sortable: true },
    { accessor: "minutesToRestore", title: "Time to restore / RTO", render: (t) => `${minutes(t.minutesToRestore)} / ${minutes(t.rtoMinutes)}` },
    {
      accessor: "outcome",
      title: "RTO",
      sortable: true,
      render: (t) => (
        <Badge color={outcomeColor[t.outcome]} variant="filled" data-outcome={t.outcome}>
          {t.outcome}
        </Badge>
      ),
    },
    { accessor: "rpoMet", title: "RPO", render: (t) => (t.rpoMet === null ? "—" : t.rpoMet ? "met" : "missed") },
    { accessor: "planReference", title: "Plan", render: (t) => t.planReference ?? "—" },
  ];
  return (
    <Page
      title="Backup-restore tests"
      description="Restores actually performed, with the time they took against the recovery time objective (NIS2 Art. 21(2)(c); ISO/IEC 27001 A.8.13)."
      actions={
        canWrite && (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
            Record restore test
          </Button>
        )
      }
    >
      <DataTable label="Restore tests" records={tests.data} fetching={tests.isPending} columns={columns} emptyText="No restore tests recorded yet." />
      <Modal opened={creating} onClose={() => setCreating(false)} title="Record a restore test" size="lg">
        <RestoreTestForm
          onDone={() => {
            setCreating(false);
            void refresh();
          }}
        />
      </Modal>
    </Page>
  );
}
