import { Badge, Button, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, errorMessage } from "../../api/client";
import { type Column, DataTable } from "../../components/DataTable";
import { formatDateTime } from "../../components/format";

type TrustRule = { publisher: string; autoAccept: boolean; createdBy: string; createdAt: string };

export const trustRuleKeys = { all: ["vex-trust-rules"] as const };

/** Suppliers whose VEX statements apply without a person; trusting starts in a finding's "What suppliers say". */
export function TrustedSuppliers({ canWrite }: { canWrite: boolean }) {
  const queryClient = useQueryClient();
  const rules = useQuery({ queryKey: trustRuleKeys.all, queryFn: () => api.get<{ items: TrustRule[] }>("/api/vex-trust-rules") });
  const change = useMutation({
    mutationFn: (r: TrustRule) => api.put<TrustRule & { applied: number }>("/api/vex-trust-rules", { publisher: r.publisher, autoAccept: !r.autoAccept }),
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: trustRuleKeys.all });
      await queryClient.invalidateQueries({ queryKey: ["findings"] });
      notifications.show({
        color: "teal",
        message: r.autoAccept ? `${r.publisher} trusted: ${r.applied} pending statements applied` : `${r.publisher} no longer trusted; analyses it set stay as they are`,
      });
    },
    onError: (err) => notifications.show({ color: "red", title: "Not changed", message: errorMessage(err) }),
  });
  const columns: Column<TrustRule>[] = [
    { accessor: "publisher", title: "Publisher" },
    { accessor: "autoAccept", title: "Statements", render: (r) => (r.autoAccept ? <Badge color="teal">Trusted</Badge> : <Badge color="gray">Not trusted</Badge>) },
    { accessor: "createdBy", title: "Rule set by", render: (r) => `${r.createdBy}, ${formatDateTime(r.createdAt)}` },
    {
      accessor: "actions",
      title: "",
      render: (r) =>
        canWrite && (
          <Button size="xs" variant="default" onClick={() => change.mutate(r)} loading={change.isPending && change.variables?.publisher === r.publisher}>
            {r.autoAccept ? `Stop trusting ${r.publisher}` : `Trust ${r.publisher} again`}
          </Button>
        ),
    },
  ];
  return (
    <Stack gap="xs">
      <Title order={2} size="h4">
        Trusted VEX suppliers
      </Title>
      <Text size="sm" c="dimmed">
        A trusted supplier's VEX statements become the analysis of findings nobody has analysed, on every import; an analysis a person recorded is never overridden.
        Trust a supplier from a finding's "What suppliers say".
      </Text>
      <DataTable label="Trusted VEX suppliers" idAccessor="publisher" records={rules.data?.items} fetching={rules.isPending} columns={columns} emptyText="No supplier is trusted." />
    </Stack>
  );
}
