import { Button, Fieldset, Group, MultiSelect, NumberInput, Select, SimpleGrid, Stack, TagsInput, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMemo } from "react";
import { countryName, EU_MEMBER_STATES } from "../../../core/catalog/countries";
import { AXIS_SEVERITIES, IMPACT_AXES, IMPACT_AXIS_LABELS, type ImpactAxis } from "../../../core/incidents";
import { useDevices } from "../../api/queries";
import { FormError, useApiForm } from "../../components/forms";
import { type Incident, incidentApi, useCustomers } from "./api";
import { isoToLocalInput, localInputToIso } from "./format";

export const memberStateOptions = EU_MEMBER_STATES.map((code) => ({ value: code, label: `${countryName(code)} (${code})` }));
// Every fact starts "not yet known": a hurried declaration must not tell a regulator "No" or "none".
const severityOptions = AXIS_SEVERITIES.map((s) => ({ value: s, label: s === "unknown" ? "Not yet known" : s[0].toUpperCase() + s.slice(1) }));
const yesNoOptions = [
  { value: "unknown", label: "Not yet known" },
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
];
type YesNo = "unknown" | "yes" | "no";
const toYesNo = (v: boolean | undefined): YesNo => (v === undefined ? "unknown" : v ? "yes" : "no");
const fromYesNo = (v: YesNo) => (v === "unknown" ? undefined : v === "yes");
const vigilanceOptions = [
  { value: "unknown", label: "Not yet known (provisional clock runs)" },
  { value: "", label: "Not a device vigilance case" },
  { value: "mdr:serious_incident", label: "MDR: (potential) serious incident — 15 days" },
  { value: "mdr:death_or_serious_deterioration", label: "MDR: death or unanticipated serious deterioration of health — 10 days" },
  { value: "mdr:public_health_threat", label: "MDR: serious public health threat — 2 days" },
  { value: "ivdr:serious_incident", label: "IVDR: (potential) serious incident — 15 days" },
  { value: "ivdr:death_or_serious_deterioration", label: "IVDR: death or serious deterioration — 10 days" },
  { value: "ivdr:public_health_threat", label: "IVDR: serious public health threat — 2 days" },
];
const breachOptions = [
  { value: "unknown", label: "Not yet known (provisional clock runs)" },
  { value: "no", label: "No personal data breached" },
  { value: "yes-unassessed", label: "Personal data breached, risk to data subjects not yet assessed (Art. 34 to be confirmed)" },
  { value: "yes", label: "Personal data breached, no high risk (GDPR Art. 33: 72 h)" },
  { value: "high", label: "Breach with high risk to data subjects (Art. 33 and 34)" },
];

const breachHighRisk: Record<string, boolean | "unknown"> = { "yes-unassessed": "unknown", yes: false, high: true };

type Axis = { severity: string; description: string };
type Values = {
  title: string;
  description: string;
  detectedAt: string;
  awareAt: string;
  reporter: string;
  country: string | null;
  affectedDeviceModelIds: string[];
  affectedVersionIds: string[];
  affectedSiteIds: string[];
  affectedSystems: string[];
  suppliersInvolved: string;
  impact: Record<ImpactAxis, Axis>;
  usersAffected: number | string;
  durationMinutes: number | string;
  memberStatesAffected: string[];
  financialLossEur: number | string;
  suspectedMalicious: YesNo;
  crossBorderImpact: YesNo;
  vigilance: string;
  breach: string;
};

function vigilanceValue(i?: Incident): string {
  const v = i ? i.deviceVigilance : "unknown";
  if (v === "unknown") return "unknown";
  return v ? `${v.regulation}:${v.category}` : "";
}

function breachValue(i?: Incident): string {
  const b = i ? i.personalDataBreach : "unknown";
  if (b === "unknown") return "unknown";
  if (!b) return "no";
  return b.highRisk === "unknown" ? "yes-unassessed" : b.highRisk ? "high" : "yes";
}

/** No impact at all while every axis is still unknown and nothing is described. */
function impactOf(impact: Values["impact"]) {
  const untouched = IMPACT_AXES.every((a) => impact[a].severity === "unknown" && !impact[a].description.trim());
  return untouched ? null : impact;
}

function initialValues(i?: Incident): Values {
  const axis = (a: ImpactAxis): Axis => ({ severity: i?.impact?.[a].severity ?? "unknown", description: i?.impact?.[a].description ?? "" });
  const num = (n: number | undefined) => (n === undefined ? "" : n);
  return {
    title: i?.title ?? "",
    description: i?.description ?? "",
    detectedAt: isoToLocalInput(i?.detectedAt),
    awareAt: isoToLocalInput(i?.awareAt),
    reporter: i?.reporter ?? "",
    country: i?.country ?? null,
    affectedDeviceModelIds: i?.affectedDeviceModelIds ?? [],
    affectedVersionIds: i?.affectedVersionIds ?? [],
    affectedSiteIds: i?.affectedSiteIds ?? [],
    affectedSystems: i?.affectedSystems ?? [],
    suppliersInvolved: i?.suppliersInvolved ?? "",
    impact: { availability: axis("availability"), integrity: axis("integrity"), confidentiality: axis("confidentiality"), patientSafety: axis("patientSafety") },
    usersAffected: num(i?.facts.usersAffected),
    durationMinutes: num(i?.facts.durationMinutes),
    memberStatesAffected: i?.facts.memberStatesAffected ?? [],
    financialLossEur: num(i?.facts.financialLossEur),
    suspectedMalicious: toYesNo(i?.facts.suspectedMalicious),
    crossBorderImpact: toYesNo(i?.facts.crossBorderImpact),
    vigilance: vigilanceValue(i),
    breach: breachValue(i),
  };
}

const optionalNumber = (v: number | string) => (v === "" || v === null ? undefined : Number(v));

function toBody(v: Values, editing: boolean) {
  const [regulation, category] = v.vigilance.split(":");
  const body: Record<string, unknown> = {
    title: v.title.trim(),
    description: v.description,
    detectedAt: localInputToIso(v.detectedAt) ?? v.detectedAt,
    awareAt: localInputToIso(v.awareAt) ?? v.awareAt,
    affectedDeviceModelIds: v.affectedDeviceModelIds,
    affectedVersionIds: v.affectedVersionIds,
    affectedSiteIds: v.affectedSiteIds,
    affectedSystems: v.affectedSystems,
    suppliersInvolved: v.suppliersInvolved.trim() || null,
    impact: impactOf(v.impact),
    facts: {
      usersAffected: optionalNumber(v.usersAffected),
      durationMinutes: optionalNumber(v.durationMinutes),
      memberStatesAffected: v.memberStatesAffected,
      financialLossEur: optionalNumber(v.financialLossEur),
      suspectedMalicious: fromYesNo(v.suspectedMalicious),
      crossBorderImpact: fromYesNo(v.crossBorderImpact),
    },
    deviceVigilance: v.vigilance === "unknown" ? "unknown" : regulation ? { regulation, category } : null,
    personalDataBreach: v.breach === "unknown" ? "unknown" : v.breach === "no" ? null : { highRisk: breachHighRisk[v.breach] },
  };
  if (v.reporter.trim()) body.reporter = v.reporter.trim();
  if (v.country || editing) body.country = v.country;
  return body;
}

/** Declares an incident, or edits one: every field of the record, with the affected products from the inventory. */
export function IncidentForm({ incident, onSaved, onCancel }: { incident?: Incident; onSaved: (i: Incident) => void; onCancel?: () => void }) {
  const devices = useDevices();
  const customers = useCustomers();
  const form = useForm<Values>({
    mode: "uncontrolled",
    initialValues: initialValues(incident),
    validate: {
      title: (v) => (v.trim() ? null : "Required"),
      detectedAt: (v) => (localInputToIso(v) ? null : "Required: when the incident was detected"),
      awareAt: (v, all) => {
        const aware = localInputToIso(v);
        const detected = localInputToIso(all.detectedAt);
        if (!aware) return "Required: the reporting clocks start here";
        return detected && aware < detected ? "Cannot be before detection" : null;
      },
    },
  });
  const editing = incident !== undefined;
  const { onSubmit, failure, submitting } = useApiForm(
    form,
    (v) => (editing ? incidentApi.update(incident.id, toBody(v, true)) : incidentApi.create(toBody(v, false))),
    (i) => onSaved(i),
  );

  const modelOptions = useMemo(() => (devices.data ?? []).map((m) => ({ value: m.id, label: `${m.name} (${m.modelNumber})` })), [devices.data]);
  const versionOptions = useMemo(
    () => (devices.data ?? []).map((m) => ({ group: m.name, items: m.versions.map((v) => ({ value: v.id, label: `${m.modelNumber} ${v.version}` })) })),
    [devices.data],
  );
  const siteOptions = useMemo(
    () => (customers.data ?? []).filter((c) => c.sites.length > 0).map((c) => ({ group: c.name, items: c.sites.map((s) => ({ value: s.id, label: `${c.name} — ${s.name}` })) })),
    [customers.data],
  );

  return (
    <form onSubmit={onSubmit} noValidate aria-label={editing ? "Edit incident" : "Declare incident"}>
      <Stack gap="md">
        <FormError failure={failure} />
        <Fieldset legend="What happened">
          <Stack gap="sm">
            <TextInput label="Title" required data-autofocus key={form.key("title")} {...form.getInputProps("title")} />
            <Textarea label="Description" autosize minRows={3} maxRows={10} key={form.key("description")} {...form.getInputProps("description")} />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                type="datetime-local"
                label="Detected at"
                description="Your local time"
                required
                key={form.key("detectedAt")}
                {...form.getInputProps("detectedAt")}
              />
              <TextInput
                type="datetime-local"
                label="Aware at"
                description="When you became aware it is an incident: the reporting clocks start here"
                required
                key={form.key("awareAt")}
                {...form.getInputProps("awareAt")}
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput label="Reporter" description="Defaults to you" key={form.key("reporter")} {...form.getInputProps("reporter")} />
              <Select
                label="Member state of the competent authority"
                description="Defaults to the organisation's main establishment"
                data={memberStateOptions}
                searchable
                clearable
                key={form.key("country")}
                {...form.getInputProps("country")}
              />
            </SimpleGrid>
          </Stack>
        </Fieldset>
        <Fieldset legend="Affected">
          <Stack gap="sm">
            <MultiSelect label="Device models" data={modelOptions} searchable key={form.key("affectedDeviceModelIds")} {...form.getInputProps("affectedDeviceModelIds")} />
            <MultiSelect label="Software versions" data={versionOptions} searchable key={form.key("affectedVersionIds")} {...form.getInputProps("affectedVersionIds")} />
            <MultiSelect label="Customer sites" data={siteOptions} searchable key={form.key("affectedSiteIds")} {...form.getInputProps("affectedSiteIds")} />
            <TagsInput label="Internal systems" description="Press Enter after each" key={form.key("affectedSystems")} {...form.getInputProps("affectedSystems")} />
            <Textarea label="Suppliers involved" autosize minRows={1} key={form.key("suppliersInvolved")} {...form.getInputProps("suppliersInvolved")} />
          </Stack>
        </Fieldset>
        <Fieldset legend="Impact">
          <Stack gap="xs">
            {IMPACT_AXES.map((axis) => (
              <Group key={axis} grow align="flex-start" wrap="wrap">
                <Select
                  label={`${IMPACT_AXIS_LABELS[axis]}: severity`}
                  data={severityOptions}
                  allowDeselect={false}
                  maw={220}
                  key={form.key(`impact.${axis}.severity`)}
                  {...form.getInputProps(`impact.${axis}.severity`)}
                />
                <TextInput label={`${IMPACT_AXIS_LABELS[axis]}: what happened`} key={form.key(`impact.${axis}.description`)} {...form.getInputProps(`impact.${axis}.description`)} />
              </Group>
            ))}
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <NumberInput label="Users or customers affected" min={0} allowDecimal={false} key={form.key("usersAffected")} {...form.getInputProps("usersAffected")} />
              <NumberInput label="Duration (minutes)" min={0} key={form.key("durationMinutes")} {...form.getInputProps("durationMinutes")} />
              <NumberInput label="Financial loss estimate (EUR)" min={0} thousandSeparator="," key={form.key("financialLossEur")} {...form.getInputProps("financialLossEur")} />
            </SimpleGrid>
            <MultiSelect label="Member states affected" data={memberStateOptions} searchable key={form.key("memberStatesAffected")} {...form.getInputProps("memberStatesAffected")} />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select
                label="Suspected unlawful or malicious act"
                description="The early warning must say (NIS2 Art. 23(4)(a))"
                data={yesNoOptions}
                allowDeselect={false}
                key={form.key("suspectedMalicious")}
                {...form.getInputProps("suspectedMalicious")}
              />
              <Select
                label="Possible cross-border impact"
                description="The early warning must say (NIS2 Art. 23(4)(a))"
                data={yesNoOptions}
                allowDeselect={false}
                key={form.key("crossBorderImpact")}
                {...form.getInputProps("crossBorderImpact")}
              />
            </SimpleGrid>
          </Stack>
        </Fieldset>
        <Fieldset legend="Parallel regimes">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select label="MDR/IVDR vigilance" data={vigilanceOptions} allowDeselect={false} key={form.key("vigilance")} {...form.getInputProps("vigilance")} />
            <Select label="Personal data (GDPR)" data={breachOptions} allowDeselect={false} key={form.key("breach")} {...form.getInputProps("breach")} />
          </SimpleGrid>
        </Fieldset>
        <Group justify="flex-end">
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          )}
          <Button type="submit" loading={submitting}>
            {editing ? "Save changes" : "Declare incident"}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
