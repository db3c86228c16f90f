import { Badge, Button, Checkbox, Fieldset, Group, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import {
  ASSET_TYPES,
  HARM_SEVERITIES,
  HARM_SEVERITY_DEFINITIONS,
  LIFECYCLE_PHASES,
  PHASE_LABELS,
  type RiskMatrix,
  rate,
  RISK_STATUSES,
  TREATMENTS,
} from "../../../core/risks";
import { api } from "../../api/client";
import { useDevices } from "../../api/queries";
import { FormError, useApiForm } from "../../components/forms";
import { assetTypeLabels, levelColor, type Risk, statusLabels, treatmentLabels } from "./api";
import { DateField } from "../../components/DateField";

type Values = {
  title: string;
  description: string;
  asset: string;
  assetType: string;
  phase: string | null;
  threat: string;
  vulnerability: string;
  confidentiality: boolean;
  integrity: boolean;
  availability: boolean;
  patientSafety: string | null;
  inherentLikelihood: string | null;
  inherentImpact: string | null;
  residualLikelihood: string | null;
  residualImpact: string | null;
  residualJustification: string;
  treatment: string | null;
  treatmentPlan: string;
  owner: string;
  deviceModelId: string | null;
  status: string;
  reviewDate: string;
};

const levelOptions = (scale: RiskMatrix["likelihood"]) => scale.map((l) => ({ value: String(l.value), label: `${l.value} · ${l.label}` }));

function RatingBadge({ matrix, l, i }: { matrix: RiskMatrix; l: string | null; i: string | null }) {
  if (!l || !i) return <Text size="sm" c="dimmed">not rated</Text>;
  const r = rate(matrix, Number(l), Number(i));
  return (
    <Badge color={levelColor[r.level]} variant="light" size="lg">
      {r.score} · {r.level}
    </Badge>
  );
}

/** Create or edit a risk; likelihood and impact are chosen on the workspace's matrix, with each level's definition. */
export function RiskForm({ matrix, risk, onSaved, onCancel }: { matrix: RiskMatrix; risk?: Risk; onSaved: (r: Risk) => void; onCancel: () => void }) {
  const devices = useDevices();
  const s = (n: number | null | undefined) => (n === null || n === undefined ? null : String(n));
  const form = useForm<Values>({
    mode: "controlled",
    initialValues: {
      title: risk?.title ?? "",
      description: risk?.description ?? "",
      asset: risk?.asset ?? "",
      assetType: risk?.assetType ?? "information_system",
      phase: risk?.phase ?? null,
      threat: risk?.threat ?? "",
      vulnerability: risk?.vulnerability ?? "",
      confidentiality: risk?.cia.confidentiality ?? false,
      integrity: risk?.cia.integrity ?? false,
      availability: risk?.cia.availability ?? false,
      patientSafety: risk?.patientSafety ?? null,
      inherentLikelihood: s(risk?.inherentLikelihood),
      inherentImpact: s(risk?.inherentImpact),
      residualLikelihood: s(risk?.residualLikelihood),
      residualImpact: s(risk?.residualImpact),
      residualJustification: risk?.residualJustification ?? "",
      treatment: risk?.treatment ?? null,
      treatmentPlan: risk?.treatmentPlan ?? "",
      owner: risk?.owner ?? "",
      deviceModelId: risk?.deviceModelId ?? null,
      status: risk?.status ?? "open",
      reviewDate: risk?.reviewDate ?? "",
    },
    validate: {
      title: (v) => (v.trim() ? null : "Give the risk a short title"),
      asset: (v) => (v.trim() ? null : "Name the asset at risk"),
      phase: (v) => (v ? null : "Choose the lifecycle phase"),
      inherentLikelihood: (v) => (v ? null : "Choose how likely the risk is before treatment"),
      inherentImpact: (v) => (v ? null : "Choose how severe the impact is before treatment"),
      reviewDate: (v) => (v === "" || /^\d{4}-\d{2}-\d{2}$/.test(v) ? null : "Pick the review date in the calendar"),
    },
  });
  const v = form.getValues();
  const num = (x: string | null) => (x ? Number(x) : null);
  const text = (x: string) => (x.trim() === "" ? null : x.trim());
  const { onSubmit, failure, submitting } = useApiForm(
    form,
    (x) => {
      const body = {
        title: x.title.trim(),
        description: x.description,
        asset: x.asset.trim(),
        assetType: x.assetType,
        phase: x.phase,
        threat: x.threat,
        vulnerability: x.vulnerability,
        cia: { confidentiality: x.confidentiality, integrity: x.integrity, availability: x.availability },
        patientSafety: x.patientSafety,
        inherentLikelihood: num(x.inherentLikelihood),
        inherentImpact: num(x.inherentImpact),
        residualLikelihood: num(x.residualLikelihood),
        residualImpact: num(x.residualImpact),
        residualJustification: text(x.residualJustification),
        treatment: x.treatment,
        treatmentPlan: x.treatmentPlan,
        owner: text(x.owner),
        deviceModelId: x.deviceModelId,
        reviewDate: text(x.reviewDate),
        ...(risk && x.status === risk.status ? {} : { status: x.status }),
      };
      return risk ? api.patch<Risk>(`/api/risks/${risk.id}`, body) : api.post<Risk>("/api/risks", body);
    },
    (r) => onSaved(r),
  );
  const definition = (scale: RiskMatrix["likelihood"], val: string | null) => (val ? scale[Number(val) - 1]?.definition : undefined);

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <FormError failure={failure} />
        <TextInput label="Title" required data-autofocus {...form.getInputProps("title")} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select label="Lifecycle phase" required data={LIFECYCLE_PHASES.map((p) => ({ value: p, label: PHASE_LABELS[p] }))} {...form.getInputProps("phase")} />
          <TextInput label="Asset" required description="System, line, device version, backend or data set" {...form.getInputProps("asset")} />
          <Select label="Asset type" data={ASSET_TYPES.map((a) => ({ value: a, label: assetTypeLabels[a] }))} allowDeselect={false} {...form.getInputProps("assetType")} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Textarea label="Threat" autosize minRows={2} {...form.getInputProps("threat")} />
          <Textarea label="Vulnerability" autosize minRows={2} {...form.getInputProps("vulnerability")} />
        </SimpleGrid>
        <Group gap="lg" align="flex-end">
          <Checkbox.Group label="Affected security properties">
            <Group gap="md" mt={6}>
              <Checkbox label="Confidentiality" {...form.getInputProps("confidentiality", { type: "checkbox" })} />
              <Checkbox label="Integrity" {...form.getInputProps("integrity", { type: "checkbox" })} />
              <Checkbox label="Availability" {...form.getInputProps("availability", { type: "checkbox" })} />
            </Group>
          </Checkbox.Group>
          <Select
            label="Patient-safety harm (ISO 14971 severity)"
            placeholder="No patient-safety impact"
            clearable
            w={300}
            data={HARM_SEVERITIES.map((h) => ({ value: h, label: h[0].toUpperCase() + h.slice(1) }))}
            description={v.patientSafety ? HARM_SEVERITY_DEFINITIONS[v.patientSafety as keyof typeof HARM_SEVERITY_DEFINITIONS] : undefined}
            {...form.getInputProps("patientSafety")}
          />
        </Group>
        <Fieldset legend="Inherent risk (before treatment)">
          <Group align="flex-start" grow>
            <Select label="Likelihood" required data={levelOptions(matrix.likelihood)} description={definition(matrix.likelihood, v.inherentLikelihood)} {...form.getInputProps("inherentLikelihood")} />
            <Select label="Impact" required data={levelOptions(matrix.impact)} description={definition(matrix.impact, v.inherentImpact)} {...form.getInputProps("inherentImpact")} />
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                Rating
              </Text>
              <RatingBadge matrix={matrix} l={v.inherentLikelihood} i={v.inherentImpact} />
            </Stack>
          </Group>
        </Fieldset>
        <Fieldset legend="Treatment and residual risk">
          <Stack gap="sm">
            <Group align="flex-start" grow>
              <Select label="Treatment" clearable placeholder="Not decided" data={TREATMENTS.map((t) => ({ value: t, label: treatmentLabels[t] }))} {...form.getInputProps("treatment")} />
              <Select label="Residual likelihood" clearable data={levelOptions(matrix.likelihood)} {...form.getInputProps("residualLikelihood")} />
              <Select label="Residual impact" clearable data={levelOptions(matrix.impact)} {...form.getInputProps("residualImpact")} />
              <Stack gap={4}>
                <Text size="sm" fw={500}>
                  Residual rating
                </Text>
                <RatingBadge matrix={matrix} l={v.residualLikelihood} i={v.residualImpact} />
              </Stack>
            </Group>
            <Textarea label="Treatment plan" autosize minRows={2} {...form.getInputProps("treatmentPlan")} />
            <TextInput label="Justification" description="Required when the residual risk is rated above the inherent risk" {...form.getInputProps("residualJustification")} />
          </Stack>
        </Fieldset>
        <SimpleGrid cols={{ base: 1, sm: 4 }}>
          <TextInput label="Owner" description="The accountable person" {...form.getInputProps("owner")} />
          <Select
            label="Device model"
            clearable
            data={(devices.data ?? []).map((d) => ({ value: d.id, label: `${d.name} (${d.modelNumber})` }))}
            {...form.getInputProps("deviceModelId")}
          />
          <DateField label="Review date" {...form.getInputProps("reviewDate")} />
          <Select
            label="Status"
            allowDeselect={false}
            data={RISK_STATUSES.filter((x) => x !== "accepted" || risk?.status === "accepted").map((x) => ({ value: x, label: statusLabels[x] }))}
            {...form.getInputProps("status")}
          />
        </SimpleGrid>
        <Textarea label="Description" autosize minRows={2} {...form.getInputProps("description")} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={submitting}>
            {risk ? "Save risk" : "Create risk"}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
