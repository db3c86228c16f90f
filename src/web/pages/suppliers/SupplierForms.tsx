import { Button, Checkbox, Group, Select, SimpleGrid, Stack, Switch, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { zod4Resolver } from "mantine-form-zod-resolver";
import { z } from "zod";
import { api } from "../../api/client";
import { FormError, useApiForm } from "../../components/forms";
import { ACCESS_LABELS, type Reference, type SupplierDetail } from "./api";

const orNull = (s: string) => (s.trim() === "" ? null : s.trim());
const options = (o: Record<string, string>) => Object.entries(o).map(([value, label]) => ({ value, label }));

const supplierSchema = z.object({
  name: z.string().trim().min(1, "Required").max(200, "At most 200 characters"),
  supplies: z.string().max(2000),
  contactEmail: z.union([z.literal(""), z.email("Not an e-mail address")]),
  country: z.union([z.literal(""), z.string().regex(/^[A-Za-z]{2}$/, "Two-letter country code")]),
});

export function SupplierForm({ initial, onSaved, onCancel }: { initial?: SupplierDetail; onSaved: (s: SupplierDetail) => void; onCancel: () => void }) {
  const c = initial?.contacts[0];
  const form = useForm({
    mode: "uncontrolled",
    initialValues: {
      name: initial?.name ?? "",
      supplies: initial?.supplies ?? "",
      suppliesDeviceComponents: initial?.suppliesDeviceComponents ?? false,
      country: initial?.country ?? "",
      contactName: c?.name ?? "",
      contactEmail: c?.email ?? "",
      systemAccess: initial?.systemAccess ?? "none",
      dataAccess: initial?.dataAccess ?? "none",
      deviceImpact: initial?.deviceImpact ?? "none",
      patientSafetyImpact: initial?.patientSafetyImpact ?? false,
      substitutability: initial?.substitutability ?? "easy",
    },
    validate: zod4Resolver(supplierSchema),
  });
  const { onSubmit, failure, submitting } = useApiForm(
    form,
    (v) => {
      const body = {
        name: v.name.trim(),
        supplies: v.supplies.trim(),
        suppliesDeviceComponents: v.suppliesDeviceComponents,
        country: orNull(v.country)?.toUpperCase() ?? null,
        contacts: v.contactName.trim() ? [{ name: v.contactName.trim(), email: orNull(v.contactEmail) }] : [],
        systemAccess: v.systemAccess,
        dataAccess: v.dataAccess,
        deviceImpact: v.deviceImpact,
        patientSafetyImpact: v.patientSafetyImpact,
        substitutability: v.substitutability,
      };
      return initial ? api.patch<SupplierDetail>(`/api/suppliers/${initial.id}`, body) : api.post<SupplierDetail>("/api/suppliers", body);
    },
    onSaved,
  );
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <FormError failure={failure} />
        <TextInput label="Name" required data-autofocus key={form.key("name")} {...form.getInputProps("name")} />
        <Textarea label="Supplies" description="Services, components or manufacturing it provides." autosize minRows={2} key={form.key("supplies")} {...form.getInputProps("supplies")} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label="Country" placeholder="DE" key={form.key("country")} {...form.getInputProps("country")} />
          <TextInput label="Security contact" key={form.key("contactName")} {...form.getInputProps("contactName")} />
          <TextInput label="Contact e-mail" key={form.key("contactEmail")} {...form.getInputProps("contactEmail")} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select label="Access to our systems" data={options(ACCESS_LABELS.systemAccess)} allowDeselect={false} key={form.key("systemAccess")} {...form.getInputProps("systemAccess")} />
          <Select label="Access to our data" data={options(ACCESS_LABELS.dataAccess)} allowDeselect={false} key={form.key("dataAccess")} {...form.getInputProps("dataAccess")} />
          <Select label="Effect on devices" data={options(ACCESS_LABELS.deviceImpact)} allowDeselect={false} key={form.key("deviceImpact")} {...form.getInputProps("deviceImpact")} />
          <Select label="Substitutability" data={options(ACCESS_LABELS.substitutability)} allowDeselect={false} key={form.key("substitutability")} {...form.getInputProps("substitutability")} />
        </SimpleGrid>
        <Switch label="A failure or compromise could harm a patient" key={form.key("patientSafetyImpact")} {...form.getInputProps("patientSafetyImpact", { type: "checkbox" })} />
        <Switch label="Provides software, components or manufacturing that end up in a device" key={form.key("suppliesDeviceComponents")} {...form.getInputProps("suppliesDeviceComponents", { type: "checkbox" })} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={submitting}>
            {initial ? "Save supplier" : "Register supplier"}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ContractForm({ supplierId, reference, onSaved, onCancel }: { supplierId: string; reference: Reference | undefined; onSaved: () => void; onCancel: () => void }) {
  const form = useForm({
    mode: "uncontrolled",
    initialValues: { title: "", reference: "", startDate: "", endDate: "", clauses: [] as string[] },
    validate: zod4Resolver(z.object({ title: z.string().trim().min(1, "Required") })),
  });
  const { onSubmit, failure, submitting } = useApiForm(
    form,
    (v) => api.post(`/api/suppliers/${supplierId}/contracts`, { title: v.title.trim(), reference: orNull(v.reference), startDate: orNull(v.startDate), endDate: orNull(v.endDate), clauses: v.clauses }),
    onSaved,
  );
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <FormError failure={failure} />
        <TextInput label="Title" required data-autofocus key={form.key("title")} {...form.getInputProps("title")} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label="Reference" key={form.key("reference")} {...form.getInputProps("reference")} />
          <TextInput label="Start" type="date" key={form.key("startDate")} {...form.getInputProps("startDate")} />
          <TextInput label="End" type="date" key={form.key("endDate")} {...form.getInputProps("endDate")} />
        </SimpleGrid>
        <Checkbox.Group label="Security clauses in this contract" key={form.key("clauses")} {...form.getInputProps("clauses")}>
          <Stack gap={6} mt={6}>
            {reference?.clauses.map((c) => (
              <Checkbox key={c.id} value={c.id} label={c.title} description={`${c.description} (${c.refs.join(", ")})`} />
            ))}
          </Stack>
        </Checkbox.Group>
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={submitting}>
            Add contract
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function CertificationForm({ supplierId, onSaved, onCancel }: { supplierId: string; onSaved: () => void; onCancel: () => void }) {
  const form = useForm({
    mode: "uncontrolled",
    // No preset type: a supplier is not recorded as ISO/IEC 27001 certified because the form started there.
    initialValues: { type: null as string | null, name: "", issuer: "", expiresOn: "" },
    validate: zod4Resolver(z.object({ type: z.string("Choose the type"), name: z.string().trim().min(1, "Required") })),
  });
  const { onSubmit, failure, submitting } = useApiForm(
    form,
    (v) => api.post(`/api/suppliers/${supplierId}/certifications`, { type: v.type, name: v.name.trim(), issuer: orNull(v.issuer), expiresOn: orNull(v.expiresOn) }),
    onSaved,
  );
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <FormError failure={failure} />
        <Select
          label="Type"
          data={[
            { value: "iso27001", label: "ISO/IEC 27001" },
            { value: "soc2", label: "SOC 2" },
            { value: "other", label: "Other" },
          ]}
          placeholder="Choose"
          required
          key={form.key("type")}
          {...form.getInputProps("type")}
        />
        <TextInput label="Name" required key={form.key("name")} {...form.getInputProps("name")} />
        <TextInput label="Issuer" key={form.key("issuer")} {...form.getInputProps("issuer")} />
        <TextInput label="Expires on" type="date" key={form.key("expiresOn")} {...form.getInputProps("expiresOn")} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={submitting}>
            Add certification
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ComponentForm({ supplierId, onSaved, onCancel }: { supplierId: string; onSaved: () => void; onCancel: () => void }) {
  const form = useForm({ mode: "uncontrolled", initialValues: { purl: "", match: "prefix", description: "" } });
  const { onSubmit, failure, submitting } = useApiForm(
    form,
    (v) => api.post(`/api/suppliers/${supplierId}/components`, { purl: v.purl.trim(), match: v.match, description: orNull(v.description) }),
    onSaved,
  );
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <FormError failure={failure} />
        <TextInput label="Package URL" placeholder="pkg:generic/acme-rtos" required data-autofocus key={form.key("purl")} {...form.getInputProps("purl")} />
        <Select
          label="Match"
          data={[
            { value: "prefix", label: "Every purl starting with it" },
            { value: "exact", label: "Exactly this purl (any version)" },
          ]}
          allowDeselect={false}
          key={form.key("match")}
          {...form.getInputProps("match")}
        />
        <TextInput label="Description" key={form.key("description")} {...form.getInputProps("description")} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={submitting}>
            Add component
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
