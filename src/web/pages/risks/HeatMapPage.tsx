import { Alert, Box, Group, Paper, SimpleGrid, Stack, Text, Title, UnstyledButton } from "@mantine/core";
import { useNavigate } from "react-router";
import { rate, type RiskMatrix } from "../../../core/risks";
import { errorMessage } from "../../api/client";
import { Page } from "../../components/Page";
import { levelColor, useHeatMap } from "./api";

function Grid({ view, counts, matrix }: { view: "inherent" | "residual"; counts: number[][]; matrix: RiskMatrix }) {
  const navigate = useNavigate();
  const rows = [...matrix.likelihood].reverse();
  const title = view === "inherent" ? "Inherent risk" : "Residual risk";
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      <Box component="table" aria-label={`${title} heat map`} style={{ borderCollapse: "separate", borderSpacing: 4 }}>
        <thead>
          <tr>
            <th scope="col">
              <Text size="xs" c="dimmed">
                Likelihood ↓ / impact →
              </Text>
            </th>
            {matrix.impact.map((i) => (
              <th key={i.value} scope="col" title={i.definition}>
                <Text size="xs" fw={600}>
                  {i.value} {i.label}
                </Text>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((l) => (
            <tr key={l.value}>
              <th scope="row" title={l.definition} style={{ textAlign: "right", paddingRight: 6 }}>
                <Text size="xs" fw={600}>
                  {l.value} {l.label}
                </Text>
              </th>
              {matrix.impact.map((i) => {
                const n = counts[l.value - 1]?.[i.value - 1] ?? 0;
                const { score, level } = rate(matrix, l.value, i.value);
                const color = levelColor[level];
                const label = `${title}: likelihood ${l.value} ${l.label}, impact ${i.value} ${i.label}, score ${score} ${level}: ${n} risk${n === 1 ? "" : "s"}`;
                return (
                  <td key={i.value}>
                    <UnstyledButton
                      aria-label={label}
                      title={label}
                      data-cell={`${view}:${l.value}:${i.value}`}
                      disabled={n === 0}
                      onClick={() => navigate(`/risks?cell=${view}:${l.value}:${i.value}`)}
                      style={{
                        width: 64,
                        height: 48,
                        borderRadius: 6,
                        display: "flex",
                        alignItems: "center",
                        justifyContent: "center",
                        background: `var(--mantine-color-${color}-${n > 0 ? 4 : 1})`,
                        color: n > 0 ? "var(--mantine-color-black)" : "var(--mantine-color-gray-6)",
                        fontWeight: 700,
                        cursor: n > 0 ? "pointer" : "default",
                        outlineOffset: 2,
                      }}
                    >
                      {n > 0 ? n : ""}
                    </UnstyledButton>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </Box>
    </Paper>
  );
}

export function HeatMapPage() {
  const map = useHeatMap();
  return (
    <Page
      title="Risk heat map"
      description="Open risks per likelihood and impact, before treatment (inherent) and after (residual). Select a cell to list its risks."
    >
      {map.isError && (
        <Alert color="red" title="The heat map could not be loaded">
          {errorMessage(map.error)}
        </Alert>
      )}
      {map.data && (
        <Stack>
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <Grid view="inherent" counts={map.data.inherent} matrix={map.data.matrix} />
            <Grid view="residual" counts={map.data.residual} matrix={map.data.matrix} />
          </SimpleGrid>
          <Group gap="lg">
            <Text size="sm">{map.data.total} open risks.</Text>
            {map.data.residualNotRated > 0 && (
              <Text size="sm" c="orange">
                {map.data.residualNotRated} without a residual rating (not in the residual map).
              </Text>
            )}
            {map.data.matrix.bands.map((b) => (
              <Group key={b.level} gap={4}>
                <Box w={14} h={14} bg={`${levelColor[b.level]}.4`} style={{ borderRadius: 3 }} />
                <Text size="xs">
                  {b.level} from score {b.minScore}
                </Text>
              </Group>
            ))}
          </Group>
        </Stack>
      )}
    </Page>
  );
}
