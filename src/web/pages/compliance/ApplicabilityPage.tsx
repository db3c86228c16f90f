import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  List,
  MultiSelect,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Stepper,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconDownload, IconScale } from "@tabler/icons-react";
import { zod4Resolver } from "mantine-form-zod-resolver";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { api, errorMessage } from "../../api/client";
import { useOrganisation } from "../../api/queries";
import { formatEuros } from "../../components/format";
import { FormError, useApiForm } from "../../components/forms";
import { CheckboxList } from "../../components/CheckboxList";
import { Page } from "../../components/Page";
import { activityOptions, designationOptions } from "../organisation/options";
import { AssessmentHistory, SaveAssessmentButton } from "./AssessmentHistory";
import { ConfidenceBadge } from "./ConfidenceBadge";
import { downloadPdf } from "./download";
import { ProductRegimesTable } from "./ProductRegimesTable";

const regionNames = new Intl.DisplayNames(["en"], { type: "region" });
const ISO_COUNTRIES = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW".split(" ");
const countryOptions = ISO_COUNTRIES.map((c) => ({ value: c, label: `${c} — ${regionNames.of(c) ?? c}` }));

const amount = z.number("Enter a number").min(0, "Must not be negative");
const schema = z
  .object({
    establishments: z.array(z.string()).min(1, "Name at least one country of establishment"),
    staffHeadcount: amount.int("Whole number of annual work units"),
    annualTurnoverEur: amount,
    balanceSheetTotalEur: amount,
    activities: z.array(z.string()),
    designations: z.array(z.string()),
    offersServicesInEu: z.boolean(),
  })
  .refine((v) => !(v.designations.includes("designated_essential") && v.designations.includes("designated_important")), {
    path: ["designations"],
    message: "An entity is identified as either essential or important, not both",
  });
type Values = z.infer<typeof schema>;
/** An empty number field: Mantine's NumberInput holds "" until a number is typed, and validation asks for one. */
const notStated = "" as unknown as number;

/** The questions of each step, in the order they appear: validation stops at the first unanswered one. */
const stepFields: ReadonlyArray<ReadonlyArray<keyof Values>> = [
  ["establishments", "offersServicesInEu"],
  ["staffHeadcount", "annualTurnoverEur", "balanceSheetTotalEur"],
  ["activities", "designations"],
];
const stepNames = ["Where", "Size", "What"];
const stepOf = (field: string) => stepFields.findIndex((fields) => fields.some((f) => f === field));

type Basis = { citation: string; confidence: string };
type Assessment = {
  assessedOn: string;
  catalog: { version: string };
  sizeCategory: string;
  size: { rule: string; basis: Basis; notes: string[] };
  classification: "essential" | "important" | "out_of_scope";
  basis: { explanation: string; basis: Basis; notes: Array<{ text: string }> };
  jurisdiction: { representativeRequired: boolean; memberStateRule: string };
  supervision: { regime: string; summary: string; enforcementMeasures: string[]; basis: Basis | null };
  maxFineEur: number | null;
  maxFine: { formula: string; basis: Basis | null; note: string };
  memberStates: Array<{
    country: string;
    statusExplanation: string;
    law: string | null;
    competentAuthority: string | null;
    csirt: string | null;
    portal: { name: string; url?: string } | null;
    registration: { text: string; deadline: string | null };
    reportingDeviations: Array<{ summary: string }>;
    confidence: string | null;
    verifiedOn: string | null;
    source: { ref: string; url?: string } | null;
  }>;
  obligations: Array<{ id: string; regime: string; title: string; summary: string; status: string; feature: string; deadline: { text: string } | null; basis: Basis }>;
  keyDates: Array<{ date: string; title: string; country: string | null; status: string }>;
};

const classificationColour = { essential: "red", important: "orange", out_of_scope: "gray" } as const;

function Cite({ basis }: { basis: Basis | null | undefined }) {
  if (!basis) return null;
  return (
    <Text size="xs" c="dimmed">
      {basis.citation} <ConfidenceBadge confidence={basis.confidence} />
    </Text>
  );
}

/** The guided NIS2 applicability check: every question explained, the answer with its legal basis, a PDF memo. */
export function ApplicabilityPage() {
  const organisation = useOrganisation();
  const [step, setStep] = useState(0);
  const [result, setResult] = useState<Assessment | null>(null);
  const [memoError, setMemoError] = useState<string | null>(null);
  const [assessed, setAssessed] = useState<Values | null>(null);
  const [blocked, setBlocked] = useState<string | null>(null);
  const form = useForm<Values>({
    mode: "uncontrolled",
    // Size starts empty, never 0: a zero would classify the entity as micro and out of scope without anyone saying so.
    initialValues: { establishments: [], staffHeadcount: notStated, annualTurnoverEur: notStated, balanceSheetTotalEur: notStated, activities: [], designations: [], offersServicesInEu: false },
    validate: zod4Resolver(schema),
  });

  const prefilled = useRef(false);
  // Start from the organisation profile once it has loaded; later edits stay the user's.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the form object is new on every render
  useEffect(() => {
    const p = organisation.data;
    if (!p || prefilled.current) return;
    prefilled.current = true;
    form.setValues({
      establishments: [p.mainEstablishment, ...p.otherMemberStates].filter((c): c is string => !!c),
      staffHeadcount: p.staffHeadcount ?? notStated,
      annualTurnoverEur: p.annualTurnoverEur ?? notStated,
      balanceSheetTotalEur: p.balanceSheetTotalEur ?? notStated,
      activities: p.activities,
      designations: p.designations,
    });
  }, [organisation.data]);

  const { onSubmit, failure, submitting } = useApiForm(
    form,
    (values) => api.post<Assessment>("/api/applicability/assess", values),
    (assessment, values) => {
      setResult(assessment);
      setAssessed(values);
      setStep(3);
    },
  );

  /** Moves to the field (its step first) and focuses it once the step is on screen. */
  const showField = (field: string) => {
    setStep(stepOf(field));
    requestAnimationFrame(() => {
      const node = form.getInputNode(field);
      const target = node?.matches("input, textarea, button, select") ? node : node?.querySelector<HTMLElement>("input, textarea, button");
      target?.focus();
    });
  };

  /** The first invalid field of the given steps; every field of those steps shows its error. */
  const firstInvalid = (steps: number[]): string | null => {
    let first: string | null = null;
    for (const s of steps) for (const f of stepFields[s]) if (form.validateField(f).hasError && first === null) first = f;
    return first;
  };

  const next = () => {
    const invalid = firstInvalid([step]);
    if (invalid) return showField(invalid);
    setBlocked(null);
    setStep((s) => s + 1);
  };

  // Assess checks every step: an answer left invalid on an earlier step is shown, never silently ignored.
  const assess = (event?: React.FormEvent<HTMLFormElement>) => {
    event?.preventDefault();
    const invalid = firstInvalid([0, 1, 2]);
    if (invalid) {
      setBlocked(`Not assessed: correct the marked answer in step "${stepNames[stepOf(invalid)]}".`);
      return showField(invalid);
    }
    setBlocked(null);
    onSubmit(event);
  };

  // A refusal by the server lands on its field, possibly on another step: go there.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reacts to a new failure only
  useEffect(() => {
    if (!failure) return;
    const errored = stepFields.flat().find((f) => form.errors[f]);
    if (errored) showField(errored);
  }, [failure]);

  const downloadMemo = async () => {
    setMemoError(null);
    try {
      await downloadPdf("/api/applicability/memo", { ...form.getValues(), organisation: organisation.data?.legalName ?? "" }, `nis2-applicability-memo-${result?.assessedOn ?? "draft"}.pdf`);
    } catch (err) {
      setMemoError(errorMessage(err));
    }
  };

  return (
    <Page
      title="NIS2 applicability"
      description="Are we in scope, what must we do, by when, and what if we fail? Answers come from your figures and Vigil's regulatory catalog, each with its legal basis and how well the fact is verified."
    >
      <form onSubmit={assess} noValidate aria-label="NIS2 applicability questions">
        <Stepper active={step} onStepClick={setStep} allowNextStepsSelect={false} size="sm">
          <Stepper.Step label="Where" description="Establishments">
            <Stack mt="md" maw={640}>
              <MultiSelect
                label="Countries where the organisation is established"
                description="Main establishment and every other country with a legal entity or branch. NIS2 binds entities established in the EU; member states use these to decide jurisdiction (Art. 26)."
                data={countryOptions}
                searchable
                key={form.key("establishments")}
                {...form.getInputProps("establishments")}
              />
              <Checkbox
                label="Offers services in the EU"
                description="For an organisation without an EU establishment: does it offer services in the Union? A provider of Art. 26(1)(b) services must then designate a representative (Art. 26(3))."
                key={form.key("offersServicesInEu")}
                {...form.getInputProps("offersServicesInEu", { type: "checkbox" })}
              />
            </Stack>
          </Stepper.Step>
          <Stepper.Step label="Size" description="Staff and finances">
            <SimpleGrid cols={{ base: 1, sm: 3 }} mt="md">
              <NumberInput
                label="Staff headcount"
                description="Annual work units (full-time equivalents), group-consolidated: linked enterprises in full, partner enterprises pro rata."
                min={0}
                thousandSeparator=","
                key={form.key("staffHeadcount")}
                {...form.getInputProps("staffHeadcount")}
              />
              <NumberInput
                label="Annual turnover (EUR)"
                description="Last approved accounts, group-consolidated as for staff."
                min={0}
                thousandSeparator=","
                key={form.key("annualTurnoverEur")}
                {...form.getInputProps("annualTurnoverEur")}
              />
              <NumberInput
                label="Balance-sheet total (EUR)"
                description="Last approved accounts, group-consolidated."
                min={0}
                thousandSeparator=","
                key={form.key("balanceSheetTotalEur")}
                {...form.getInputProps("balanceSheetTotalEur")}
              />
            </SimpleGrid>
          </Stepper.Step>
          <Stepper.Step label="What" description="Activities and designations">
            <SimpleGrid cols={{ base: 1, md: 2 }} mt="md">
              <CheckboxList
                label="Activities"
                description="Which of these does the organisation do? They decide the NIS2 Annex I or II entity type."
                options={activityOptions}
                key={form.key("activities")}
                {...form.getInputProps("activities")}
              />
              <CheckboxList
                label="Designations"
                description="Has a member state identified the organisation? Designations override the size rules."
                options={designationOptions}
                key={form.key("designations")}
                {...form.getInputProps("designations")}
              />
            </SimpleGrid>
          </Stepper.Step>
          <Stepper.Completed>
            {result && <Result a={result} />}
            {result && <ProductRegimesTable />}
          </Stepper.Completed>
        </Stepper>
        <Stack mt="lg" gap="sm">
          <FormError failure={failure} title="Cannot assess" />
          {blocked && (
            <Alert color="red" variant="light" role="alert">
              {blocked}
            </Alert>
          )}
          {memoError && (
            <Alert color="red" role="alert" title="Memo not generated">
              {memoError}
            </Alert>
          )}
          <Group>
            {step > 0 && (
              <Button variant="default" onClick={() => setStep((s) => s - 1)}>
                Back
              </Button>
            )}
            {step < 2 && <Button onClick={next}>Next</Button>}
            {step === 2 && (
              <Button type="submit" loading={submitting} leftSection={<IconScale size={16} aria-hidden />}>
                Assess
              </Button>
            )}
            {step === 3 && result && (
              <Button onClick={downloadMemo} leftSection={<IconDownload size={16} aria-hidden />}>
                Download memo (PDF)
              </Button>
            )}
            {step === 3 && assessed && <SaveAssessmentButton key={JSON.stringify(assessed)} answers={assessed} />}
          </Group>
        </Stack>
      </form>
      <AssessmentHistory />
    </Page>
  );
}

function Result({ a }: { a: Assessment }) {
  return (
    <Stack mt="md" gap="md" aria-label="Assessment result">
      <Paper withBorder p="md">
        <Group gap="sm" align="center">
          <Title order={2} size="h3">
            Classification
          </Title>
          <Badge size="lg" color={classificationColour[a.classification]} data-testid="classification">
            {a.classification.replace("_", " ")}
          </Badge>
          <Badge size="lg" variant="outline">
            {a.sizeCategory} enterprise
          </Badge>
        </Group>
        <Text mt="xs">{a.basis.explanation}</Text>
        <Cite basis={a.basis.basis} />
        <Text size="sm" mt="xs">
          Size: {a.size.rule}
        </Text>
        <Cite basis={a.size.basis} />
        {[...a.basis.notes.map((n) => n.text), ...a.size.notes].map((n) => (
          <Text key={n} size="sm" fs="italic" mt={4}>
            Note: {n}
          </Text>
        ))}
      </Paper>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="md" data-testid="jurisdiction">
          <Title order={2} size="h4">
            Jurisdiction
          </Title>
          {a.jurisdiction.representativeRequired && (
            <Badge color="red" variant="light">
              EU representative required
            </Badge>
          )}
          <Text size="sm">{a.jurisdiction.memberStateRule}</Text>
        </Paper>
        <Paper withBorder p="md">
          <Title order={2} size="h4">
            Supervision
          </Title>
          <Text size="sm">{a.supervision.summary}</Text>
          <List size="sm" mt={4}>
            {a.supervision.enforcementMeasures.map((m) => (
              <List.Item key={m}>{m}</List.Item>
            ))}
          </List>
          <Cite basis={a.supervision.basis} />
        </Paper>
        <Paper withBorder p="md">
          <Title order={2} size="h4">
            Maximum fine
          </Title>
          <Text fw={600} data-testid="max-fine">
            {a.maxFineEur === null ? "Not applicable" : formatEuros(a.maxFineEur)}
          </Text>
          <Text size="sm">{a.maxFine.formula}</Text>
          <Text size="xs" c="dimmed">
            {a.maxFine.note}
          </Text>
          <Cite basis={a.maxFine.basis} />
        </Paper>
      </SimpleGrid>
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="xs">
          Member states of establishment
        </Title>
        <Table.ScrollContainer minWidth={640}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Country</Table.Th>
                <Table.Th>National law</Table.Th>
                <Table.Th>Authority · CSIRT · portal</Table.Th>
                <Table.Th>Registration and deviations</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {a.memberStates.map((m) => (
                <Table.Tr key={m.country}>
                  <Table.Td>
                    {m.country} <ConfidenceBadge confidence={m.confidence ?? "UNVERIFIED"} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{m.law ?? "—"}</Text>
                    <Text size="xs" c="dimmed">
                      {m.statusExplanation}
                    </Text>
                    {m.law && (
                      <Text size="xs" c="dimmed" data-testid={`verified-${m.country}`}>
                        Last verified: {m.verifiedOn ?? "not recorded"}
                        {m.source ? ` against ${m.source.ref}` : ""}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{m.competentAuthority ?? "—"}</Text>
                    <Text size="xs">CSIRT: {m.csirt ?? "—"}</Text>
                    {m.portal && <Text size="xs">Portal: {m.portal.name}</Text>}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {m.registration.text}
                      {m.registration.deadline ? ` (by ${m.registration.deadline})` : ""}
                    </Text>
                    {m.reportingDeviations.map((d) => (
                      <Text key={d.summary} size="xs">
                        Deviation: {d.summary}
                      </Text>
                    ))}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="xs">
          Obligations ({a.obligations.length})
        </Title>
        <Table.ScrollContainer minWidth={640}>
          <Table striped aria-label="Obligations">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Obligation</Table.Th>
                <Table.Th>Deadline</Table.Th>
                <Table.Th>Legal basis</Table.Th>
                <Table.Th>In Vigil</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {a.obligations.map((o) => (
                <Table.Tr key={o.id}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {o.title}
                    </Text>
                    <Text size="xs">{o.summary}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs">{o.deadline?.text ?? "—"}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Cite basis={o.basis} />
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light">{o.feature}</Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      <Paper withBorder p="md">
        <Title order={2} size="h4" mb="xs">
          Key dates
        </Title>
        <List size="sm">
          {a.keyDates.map((d) => (
            <List.Item key={`${d.date}-${d.title}-${d.country ?? ""}`}>
              {d.date}
              {d.country ? ` (${d.country})` : ""}: {d.title} — {d.status}
            </List.Item>
          ))}
        </List>
      </Paper>
      <Text size="xs" c="dimmed">
        Assessed on {a.assessedOn} with catalog {a.catalog.version}. Facts marked V3 or UNVERIFIED come from secondary sources; confirm them before relying on them. Not legal advice.
      </Text>
    </Stack>
  );
}
