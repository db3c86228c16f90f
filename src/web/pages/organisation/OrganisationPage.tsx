import { Alert, Button, Group, MultiSelect, NumberInput, Paper, Select, SimpleGrid, Skeleton, Stack, TagsInput, Text, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useQueryClient } from "@tanstack/react-query";
import { zod4Resolver } from "mantine-form-zod-resolver";
import { useEffect } from "react";
import { z } from "zod";
import { api, errorMessage } from "../../api/client";
import { keys, useOrganisation } from "../../api/queries";
import type { OrganisationProfile } from "../../api/types";
import { useCan } from "../../auth/session";
import { formatDateTime } from "../../components/format";
import { FormError, useApiForm } from "../../components/forms";
import { CheckboxList } from "../../components/CheckboxList";
import { Page } from "../../components/Page";
import { activityOptions, designationOptions, memberStateOptions } from "./options";

/** An optional whole number as typed into a NumberInput ("" when empty). */
const count = (max: number) =>
  z.union([
    z.literal(""),
    z.number("Must be a number").int("Must be a whole number").min(0, "Must not be negative").max(max, `At most ${max.toLocaleString("en-GB")}`),
  ]);

const schema = z
  .object({
    legalName: z.string().trim().min(1, "Required").max(300, "At most 300 characters"),
    mainEstablishment: z.string().nullable(),
    otherMemberStates: z.array(z.string()).max(27),
    staffHeadcount: count(10_000_000),
    annualTurnoverEur: count(1e15),
    balanceSheetTotalEur: count(1e15),
    productLines: z.array(z.string().trim().min(1).max(200, "Each product line at most 200 characters")).max(100, "At most 100 product lines"),
    activities: z.array(z.string()).max(50),
    designations: z.array(z.string()).max(10),
  })
  .refine((v) => !(v.designations.includes("designated_essential") && v.designations.includes("designated_important")), {
    path: ["designations"],
    message: "An entity is identified as either essential or important, not both",
  });

type Values = z.input<typeof schema>;

function toValues(p: OrganisationProfile): Values {
  return {
    legalName: p.legalName,
    mainEstablishment: p.mainEstablishment,
    otherMemberStates: p.otherMemberStates,
    staffHeadcount: p.staffHeadcount ?? "",
    annualTurnoverEur: p.annualTurnoverEur ?? "",
    balanceSheetTotalEur: p.balanceSheetTotalEur ?? "",
    productLines: p.productLines,
    activities: p.activities,
    designations: p.designations,
  };
}

const numberOrNull = (v: number | string) => (v === "" ? null : Number(v));

function toBody(v: Values) {
  return {
    legalName: v.legalName.trim(),
    mainEstablishment: v.mainEstablishment,
    otherMemberStates: v.otherMemberStates.filter((c) => c !== v.mainEstablishment),
    staffHeadcount: numberOrNull(v.staffHeadcount),
    annualTurnoverEur: numberOrNull(v.annualTurnoverEur),
    balanceSheetTotalEur: numberOrNull(v.balanceSheetTotalEur),
    productLines: v.productLines.map((l) => l.trim()).filter(Boolean),
    activities: v.activities,
    designations: v.designations,
  };
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

const empty: Values = toValues({
  legalName: "",
  mainEstablishment: null,
  otherMemberStates: [],
  staffHeadcount: null,
  annualTurnoverEur: null,
  balanceSheetTotalEur: null,
  productLines: [],
  activities: [],
  designations: [],
  updatedAt: null,
});

export function OrganisationPage() {
  const profile = useOrganisation();
  const canWrite = useCan("org:write");
  const queryClient = useQueryClient();
  const form = useForm<Values>({ mode: "controlled", initialValues: empty, validate: zod4Resolver(schema) });

  // biome-ignore lint/correctness/useExhaustiveDependencies: load the server's profile into the form when it arrives
  useEffect(() => {
    if (profile.data) {
      form.setInitialValues(toValues(profile.data));
      form.setValues(toValues(profile.data));
    }
  }, [profile.data]);

  const { onSubmit, failure, submitting } = useApiForm(
    form,
    (v) => api.put<OrganisationProfile>("/api/organisation", toBody(v)),
    (saved) => {
      queryClient.setQueryData(keys.organisation, saved);
      notifications.show({ color: "teal", title: "Organisation profile saved", message: `${saved.legalName} was saved.` });
    },
  );

  const main = form.getValues().mainEstablishment;
  const numberProps = { thousandSeparator: " ", allowDecimal: true, allowNegative: true, hideControls: true } as const;

  return (
    <Page
      title="Organisation profile"
      description="Who you are in the terms of NIS2. Whether and how the Directive applies to you is derived from these facts."
    >
      {profile.isError && (
        <Alert color="red" role="alert" title="The profile could not be loaded">
          {errorMessage(profile.error)}
        </Alert>
      )}
      {!canWrite && (
        <Alert color="gray" variant="light">
          Your role can read the profile but not change it.
        </Alert>
      )}
      {profile.isPending ? (
        <Skeleton h={400} />
      ) : (
        <form onSubmit={onSubmit} noValidate aria-label="Organisation profile">
          <fieldset disabled={!canWrite} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
            <Stack gap="md" maw={880}>
              <FormError failure={failure} />
              <Section title="Identity and establishment">
                <TextInput
                  label="Legal name"
                  description="The registered name of the legal entity, as in the commercial register. Reports and the registration with the authority (NIS2 Art. 3(4)) use it."
                  required
                  key={form.key("legalName")}
                  {...form.getInputProps("legalName")}
                />
                <Select
                  label="Main establishment"
                  description="The member state where the company is established. An entity falls under the jurisdiction of the member state in which it is established (NIS2 Art. 26(1))."
                  data={memberStateOptions}
                  searchable
                  clearable
                  nothingFoundMessage="Not an EU member state"
                  key={form.key("mainEstablishment")}
                  {...form.getInputProps("mainEstablishment")}
                />
                <MultiSelect
                  label="Other EU member states"
                  description="Further member states where you have an establishment or provide your services; the registration asks for the member states where you provide services (NIS2 Art. 3(4)(d))."
                  data={memberStateOptions.filter((o) => o.value !== main)}
                  searchable
                  clearable
                  nothingFoundMessage="Not an EU member state"
                  key={form.key("otherMemberStates")}
                  {...form.getInputProps("otherMemberStates")}
                />
              </Section>
              <Section title="Size">
                <Text size="sm" c="dimmed">
                  NIS2 applies to medium-sized and larger entities (Art. 2(1)) as defined in Commission Recommendation 2003/361/EC: medium-sized
                  from 50 staff, or from both more than EUR 10 million turnover and more than EUR 10 million balance sheet total. Use the figures of
                  the last closed financial year, including linked and partner enterprises where that Recommendation requires it.
                </Text>
                <SimpleGrid cols={{ base: 1, sm: 3 }}>
                  <NumberInput
                    label="Staff headcount"
                    description="In annual work units (full-time equivalents)."
                    {...numberProps}
                    key={form.key("staffHeadcount")}
                    {...form.getInputProps("staffHeadcount")}
                  />
                  <NumberInput
                    label="Annual turnover (EUR)"
                    description="Whole euros."
                    {...numberProps}
                    key={form.key("annualTurnoverEur")}
                    {...form.getInputProps("annualTurnoverEur")}
                  />
                  <NumberInput
                    label="Balance-sheet total (EUR)"
                    description="Whole euros."
                    {...numberProps}
                    key={form.key("balanceSheetTotalEur")}
                    {...form.getInputProps("balanceSheetTotalEur")}
                  />
                </SimpleGrid>
              </Section>
              <Section title="What you do">
                <TagsInput
                  label="Product lines"
                  description="Your product families, e.g. “Infusion therapy”. Press Enter after each."
                  clearable
                  key={form.key("productLines")}
                  {...form.getInputProps("productLines")}
                />
                <CheckboxList
                  label="Activities"
                  description="The activities of NIS2 Annex I or II you carry out. They decide whether you are an entity of a type the Directive covers."
                  options={activityOptions}
                  key={form.key("activities")}
                  {...form.getInputProps("activities")}
                />
                <CheckboxList
                  label="Designations"
                  description="Only when an authority has identified your organisation as such. These make an entity essential or important regardless of its size."
                  options={designationOptions}
                  key={form.key("designations")}
                  {...form.getInputProps("designations")}
                />
              </Section>
              {canWrite && (
                <Group justify="space-between">
                  <Text size="sm" c="dimmed">
                    {profile.data?.updatedAt ? `Last saved ${formatDateTime(profile.data.updatedAt)}` : "Not saved yet"}
                  </Text>
                  <Group>
                    <Button variant="default" onClick={() => form.reset()} disabled={!form.isDirty()}>
                      Discard changes
                    </Button>
                    <Button type="submit" loading={submitting}>
                      Save profile
                    </Button>
                  </Group>
                </Group>
              )}
            </Stack>
          </fieldset>
        </form>
      )}
    </Page>
  );
}
