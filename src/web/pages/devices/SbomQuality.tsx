import { Alert, Badge, Group, Loader, Popover, Stack, Table, Text, UnstyledButton } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { api, errorMessage } from "../../api/client";

interface QualityResult {
  profile: string;
  title: string;
  passed: boolean;
  problems: Array<{ component: string; field: string; reason: string }>;
  summary: { components: number; componentsWithProblems: number; problems: number; sources: string[] };
}

const SHORT: Record<string, string> = { ntia: "NTIA", "bsi-tr-03183-2": "BSI TR-03183-2", fda: "FDA" };
const LISTED = 200;

function ProfileBadge({ q }: { q: QualityResult }) {
  const name = SHORT[q.profile] ?? q.profile;
  return (
    <Popover width={560} position="bottom-start" withArrow shadow="md">
      <Popover.Target>
        <UnstyledButton aria-label={`${name} SBOM quality: ${q.passed ? "passes" : `${q.summary.problems} problems`}`}>
          <Badge radius="sm" variant="light" color={q.passed ? "teal" : "orange"} style={{ cursor: "pointer" }}>
            {name} {q.passed ? "✓" : q.summary.problems}
          </Badge>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text size="sm" fw={600}>
            {q.title}: {q.passed ? "all required elements present" : `${q.summary.problems} problem(s) in ${q.summary.componentsWithProblems} of ${q.summary.components} component(s)`}
          </Text>
          {q.problems.length > 0 && (
            <Table fz="xs" withTableBorder aria-label={`${name} problems`}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Component</Table.Th>
                  <Table.Th>Element</Table.Th>
                  <Table.Th>Reason</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {q.problems.slice(0, LISTED).map((p) => (
                  <Table.Tr key={`${p.component}|${p.field}`}>
                    <Table.Td>{p.component}</Table.Td>
                    <Table.Td>{p.field}</Table.Td>
                    <Table.Td>{p.reason}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {q.problems.length > LISTED && <Text size="xs">… and {q.problems.length - LISTED} more (vigil sbom check --json lists all).</Text>}
          <Text size="xs" c="dimmed">
            Source: {q.summary.sources.join("; ")}
          </Text>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

/** One badge per quality profile for a stored SBOM; each opens its list of problems. */
export function SbomQuality({ sbomId }: { sbomId: string }) {
  const quality = useQuery({ queryKey: ["sboms", sbomId, "quality"], queryFn: () => api.get<{ items: QualityResult[] }>(`/api/sboms/${encodeURIComponent(sbomId)}/quality`) });
  if (quality.isPending) return <Loader size="xs" />;
  if (quality.isError) return <Alert color="red">{errorMessage(quality.error)}</Alert>;
  return (
    <Group gap={4} data-testid={`sbom-quality-${sbomId}`}>
      {quality.data.items.map((q) => (
        <ProfileBadge key={q.profile} q={q} />
      ))}
    </Group>
  );
}
