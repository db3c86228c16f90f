import { Button, Group, MultiSelect, Select, Stack, Textarea, TextInput } from "@mantine/core";
import { DateInput } from "@mantine/dates";
import { useForm } from "@mantine/form";
import { zod4Resolver } from "mantine-form-zod-resolver";
import { z } from "zod";
import { api } from "../../api/client";
import type { DeviceModel, SoftwareVersion, SupportStatus } from "../../api/types";
import { FormError, useApiForm } from "../../components/forms";
import { PRODUCT_KIND_OPTIONS } from "./ProductRegimePanel";
import { supportLabels } from "./support";

const riskClasses = [
  { group: "MDR (Regulation (EU) 2017/745)", items: ["I", "Is", "Im", "Ir", "IIa", "IIb", "III"] },
  { group: "IVDR (Regulation (EU) 2017/746)", items: ["A", "B", "C", "D"] },
];
const connectivityOptions = [
  { value: "none", label: "None" },
  { value: "usb", label: "USB" },
  { value: "serial", label: "Serial" },
  { value: "ethernet", label: "Ethernet" },
  { value: "wifi", label: "Wi-Fi" },
  { value: "bluetooth", label: "Bluetooth" },
  { value: "cellular", label: "Cellular" },
  { value: "cloud", label: "Cloud service" },
];

const optionalText = (max: number) => z.string().trim().max(max, `At most ${max} characters`);

const modelSchema = z.object({
  name: z.string().trim().min(1, "Required").max(200, "At most 200 characters"),
  modelNumber: z.string().trim().min(1, "Required").max(100, "At most 100 characters"),
  udiDi: optionalText(100),
  // No preset: the kind decides MDR/IVDR vigilance or CRA Art. 14 reporting, so a person must choose it.
  kind: z.string("Choose the kind of product: it decides whether MDR/IVDR or the Cyber Resilience Act applies").min(1, "Choose the kind of product"),
  riskClass: z.string().nullable(),
  softwareSafetyClass: z.string().nullable(),
  connectivity: z.array(z.string()).max(10),
  intendedUse: optionalText(2000),
});

const orNull = (s: string) => (s.trim() === "" ? null : s.trim());

export function DeviceModelForm({ onCreated, onCancel }: { onCreated: (m: DeviceModel) => void; onCancel: () => void }) {
  const form = useForm({
    mode: "uncontrolled",
    initialValues: { name: "", modelNumber: "", udiDi: "", kind: null as unknown as string, riskClass: null as string | null, softwareSafetyClass: null as string | null, connectivity: [] as string[], intendedUse: "" },
    validate: zod4Resolver(modelSchema),
  });
  const { onSubmit, failure, submitting } = useApiForm(
    form,
    (v) =>
      api.post<DeviceModel>("/api/devices", {
        name: v.name.trim(),
        modelNumber: v.modelNumber.trim(),
        udiDi: orNull(v.udiDi),
        kind: v.kind,
        riskClass: v.riskClass,
        softwareSafetyClass: v.softwareSafetyClass,
        connectivity: v.connectivity,
        intendedUse: orNull(v.intendedUse),
      }),
    (m) => onCreated(m),
  );
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <FormError failure={failure} />
        <TextInput label="Name" description="Trade name as on the label, e.g. “InfuSafe 300 infusion pump”." required data-autofocus key={form.key("name")} {...form.getInputProps("name")} />
        <TextInput label="Model number" description="Unique within your catalogue." required key={form.key("modelNumber")} {...form.getInputProps("modelNumber")} />
        <TextInput label="UDI-DI" description="Basic UDI-DI or UDI-DI of the model, if assigned." key={form.key("udiDi")} {...form.getInputProps("udiDi")} />
        <Select
          label="Kind of product"
          description="Medical devices, IVDs and accessories fall under the MDR/IVDR; other products with a data connection under the Cyber Resilience Act."
          data={PRODUCT_KIND_OPTIONS}
          placeholder="Choose…"
          required
          allowDeselect={false}
          key={form.key("kind")}
          {...form.getInputProps("kind")}
        />
        <Group grow align="flex-start">
          <Select label="Risk class" data={riskClasses} clearable key={form.key("riskClass")} {...form.getInputProps("riskClass")} />
          <Select label="Software safety class" description="IEC 62304" data={["A", "B", "C"]} clearable key={form.key("softwareSafetyClass")} {...form.getInputProps("softwareSafetyClass")} />
        </Group>
        <MultiSelect label="Connectivity" description="Interfaces through which the device exchanges data." data={connectivityOptions} key={form.key("connectivity")} {...form.getInputProps("connectivity")} />
        <Textarea label="Intended use" autosize minRows={2} maxRows={6} key={form.key("intendedUse")} {...form.getInputProps("intendedUse")} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={submitting}>
            Create device model
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const isoDate = z.union([z.literal(""), z.iso.date("A date YYYY-MM-DD")]).nullable();

const versionSchema = z
  .object({
    version: z.string().trim().min(1, "Required").max(100, "At most 100 characters"),
    releaseDate: isoDate,
    supportStatus: z.enum(["supported", "limited", "end_of_support", "unknown"], "Choose the support status"),
    endOfSupport: isoDate,
  })
  .refine((v) => !v.releaseDate || !v.endOfSupport || v.endOfSupport >= v.releaseDate, {
    path: ["endOfSupport"],
    message: "Cannot be before the release date",
  });

export function VersionForm({ model, onCreated, onCancel }: { model: Pick<DeviceModel, "id">; onCreated: (v: SoftwareVersion) => void; onCancel: () => void }) {
  const form = useForm({
    mode: "uncontrolled",
    initialValues: { version: "", releaseDate: null as string | null, supportStatus: null as SupportStatus | null, endOfSupport: null as string | null },
    validate: zod4Resolver(versionSchema),
  });
  const { onSubmit, failure, submitting } = useApiForm(
    form,
    (v) =>
      api.post<SoftwareVersion>(`/api/devices/${encodeURIComponent(model.id)}/versions`, {
        version: v.version.trim(),
        releaseDate: v.releaseDate || null,
        supportStatus: v.supportStatus,
        endOfSupport: v.endOfSupport || null,
      }),
    (v) => onCreated(v),
  );
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <FormError failure={failure} />
        <TextInput label="Version" description="As shown to users, e.g. 3.2.0." required data-autofocus key={form.key("version")} {...form.getInputProps("version")} />
        <DateInput label="Release date" valueFormat="YYYY-MM-DD" clearable key={form.key("releaseDate")} {...form.getInputProps("releaseDate")} />
        <Select
          label="Support status"
          description="Whether this version still receives security updates."
          placeholder="Choose"
          required
          data={Object.entries(supportLabels).map(([value, label]) => ({ value, label }))}
          key={form.key("supportStatus")}
          {...form.getInputProps("supportStatus")}
        />
        <DateInput
          label="End of support"
          description="The date after which this version gets no more security updates."
          valueFormat="YYYY-MM-DD"
          clearable
          key={form.key("endOfSupport")}
          {...form.getInputProps("endOfSupport")}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={submitting}>
            Add version
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
