import { Alert, Badge, Button, Card, Code, Group, Popover, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, errorMessage } from "../../api/client";
import { formatDateTime } from "../../components/format";
import { trustRuleKeys } from "./TrustedSuppliers";

export interface VexSuggestion {
  id: string;
  sentence: string;
  publisher: string | null;
  documentId: string;
  revision: string | null;
  previousRevision: string | null;
  issuedAt: string | null;
  sha256: string;
  status: string;
  justification: string | null;
  detail: string | null;
  statedVulnerability: string;
  product: string;
  changes: Array<{ field: string; before: string | null; after: string | null }>;
  acceptedAt: string | null;
  acceptedBy: string | null;
}

const words = (v: string | null) => (v ? v.replace(/_/g, " ") : "none");

type TrustRule = { publisher: string; autoAccept: boolean };

/** Trust a supplier: its statements become the analysis of findings nobody has analysed, the pending ones at once. */
function TrustSupplier({ publisher, onTrusted }: { publisher: string; onTrusted: () => void }) {
  const queryClient = useQueryClient();
  const trust = useMutation({
    mutationFn: () => api.put<TrustRule & { applied: number }>("/api/vex-trust-rules", { publisher, autoAccept: true }),
    onSuccess: async (rule) => {
      await queryClient.invalidateQueries({ queryKey: trustRuleKeys.all });
      onTrusted();
      notifications.show({ color: "teal", title: `${publisher} trusted`, message: `${rule.applied} pending statements applied to findings nobody had analysed.` });
    },
  });
  return (
    <Popover width={340} withArrow trapFocus>
      <Popover.Target>
        <Button size="xs" variant="default">
          Trust {publisher}
        </Button>
      </Popover.Target>
      <Popover.Dropdown aria-label={`Trust ${publisher}`}>
        <Stack gap="xs">
          <Text size="sm">
            {publisher}'s VEX statements will become the analysis of every finding nobody has analysed, now and on every later import, in every version. An
            analysis a person recorded is never overridden.
          </Text>
          {trust.isError && (
            <Text size="sm" c="red" role="alert">
              {errorMessage(trust.error)}
            </Text>
          )}
          <Button size="xs" onClick={() => trust.mutate()} loading={trust.isPending}>
            Trust supplier
          </Button>
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

/** What suppliers' VEX documents say about a finding, beside it; the analyst accepts one with a click. */
export function SupplierVex({ findingId, canWrite, onAccepted }: { findingId: string; canWrite: boolean; onAccepted: () => void }) {
  const suggestions = useQuery({
    queryKey: ["findings", "vex-suggestions", findingId],
    queryFn: () => api.get<{ items: VexSuggestion[] }>(`/api/findings/${encodeURIComponent(findingId)}/vex-suggestions`),
  });
  const accept = useMutation({
    mutationFn: (id: string) => api.post<{ findingId: string }>(`/api/vex-suggestions/${encodeURIComponent(id)}/accept`, {}),
    onSuccess: () => {
      onAccepted();
      notifications.show({ color: "teal", title: "Supplier statement accepted", message: "The finding's analysis now follows the supplier's VEX statement." });
    },
  });
  const trustRules = useQuery({ queryKey: trustRuleKeys.all, queryFn: () => api.get<{ items: TrustRule[] }>("/api/vex-trust-rules") });
  const trusted = new Set((trustRules.data?.items ?? []).filter((r) => r.autoAccept).map((r) => r.publisher));
  const items = suggestions.data?.items ?? [];
  if (suggestions.isPending || items.length === 0) return null;
  return (
    <Stack gap="xs" aria-label="Supplier VEX statements">
      <Title order={3} size="h5">
        What suppliers say
      </Title>
      {accept.isError && (
        <Alert color="red" role="alert" title="Not accepted">
          {errorMessage(accept.error)}
        </Alert>
      )}
      {items.map((s) => (
        <Card key={s.id} withBorder padding="sm" data-testid="vex-suggestion">
          <Stack gap={4}>
            <Text size="sm" fw={600}>
              {s.sentence}
            </Text>
            {s.detail && <Text size="sm">{s.detail}</Text>}
            <Text size="xs" c="dimmed">
              About {s.statedVulnerability} in {s.product}
              {s.issuedAt ? `, issued ${formatDateTime(s.issuedAt)}` : ""} · SHA-256 <Code fz="xs">{s.sha256.slice(0, 16)}…</Code>
            </Text>
            {s.changes.length > 0 && (
              <Text size="xs" data-testid="vex-suggestion-changes">
                Changed since rev {s.previousRevision ?? "?"}: {s.changes.map((c) => `${c.field} ${words(c.before)} → ${words(c.after)}`).join("; ")}
              </Text>
            )}
            <Group gap="xs">
              {s.acceptedAt ? (
                <Badge color="teal" variant="light">
                  Accepted by {s.acceptedBy} {formatDateTime(s.acceptedAt)}
                </Badge>
              ) : (
                canWrite && (
                  <Button size="xs" onClick={() => accept.mutate(s.id)} loading={accept.isPending && accept.variables === s.id}>
                    Accept into the analysis
                  </Button>
                )
              )}
              {s.publisher && trusted.has(s.publisher) ? (
                <Badge color="gray" variant="light">
                  Trusted supplier
                </Badge>
              ) : (
                canWrite && s.publisher && !s.acceptedAt && <TrustSupplier publisher={s.publisher} onTrusted={onAccepted} />
              )}
            </Group>
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}
