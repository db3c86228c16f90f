import { ActionIcon, Alert, Badge, Button, Code, Group, Stack, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconChevronDown, IconChevronRight, IconCircleCheck, IconCircleX, IconDownload, IconShieldSearch } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage } from "../../api/client";
import { auditFilterParams, keys, useAuditPage, useAuditVerify } from "../../api/queries";
import type { AuditEntry } from "../../api/types";
import { type Column, DataTable } from "../../components/DataTable";
import { formatDateTime, plural } from "../../components/format";
import { Page } from "../../components/Page";

const PAGE_SIZE = 25;

function show(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

function FieldDiff({ entry }: { entry: AuditEntry }) {
  return (
    <Stack gap="xs" p="sm" bg="var(--mantine-color-gray-0)">
      {entry.changes.length === 0 ? (
        <Text size="sm" c="dimmed">
          No field changes recorded.
        </Text>
      ) : (
        <Table withTableBorder bg="white" fz="sm" layout="fixed" aria-label={`Changes of entry ${entry.seq}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th w="22%">Field</Table.Th>
              <Table.Th>Before</Table.Th>
              <Table.Th>After</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entry.changes.map((c) => (
              <Table.Tr key={c.field}>
                <Table.Td fw={600}>{c.field}</Table.Td>
                <Table.Td c={c.before === null || c.before === undefined ? "dimmed" : "red"} style={{ wordBreak: "break-word" }}>
                  {show(c.before)}
                </Table.Td>
                <Table.Td c={c.after === null || c.after === undefined ? "dimmed" : "teal"} style={{ wordBreak: "break-word" }}>
                  {show(c.after)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Text size="xs" c="dimmed">
        Hash <Code>{entry.hash.slice(0, 16)}…</Code> follows <Code>{entry.prevHash.slice(0, 16)}…</Code>
      </Text>
    </Stack>
  );
}

function ChainResult() {
  const verify = useAuditVerify(true);
  if (verify.isFetching) return <Text size="sm">Verifying the hash chain…</Text>;
  if (verify.isError) {
    return (
      <Alert color="red" role="alert" title="Verification failed to run">
        {errorMessage(verify.error)}
      </Alert>
    );
  }
  const v = verify.data;
  if (!v) return null;
  return v.intact ? (
    <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} aria-hidden />} title="Chain intact" role="status">
      All {plural(v.entries, "entry", "entries")} link up: none was changed, removed or reordered.
      {v.lastHash && (
        <>
          {" "}
          Last hash <Code>{v.lastHash.slice(0, 16)}…</Code>
        </>
      )}
    </Alert>
  ) : (
    <Alert color="red" variant="light" icon={<IconCircleX size={18} aria-hidden />} title={`Chain broken at entry #${v.firstBrokenSeq}`} role="alert">
      {v.reason ?? "The entry does not match its recorded hash."} Entries from #{v.firstBrokenSeq} on cannot be trusted.
    </Alert>
  );
}

export function AuditPage() {
  const [page, setPage] = useState(1);
  const [entityType, setEntityType] = useState("");
  const [action, setAction] = useState("");
  const [debouncedType] = useDebouncedValue(entityType.trim(), 250);
  const [debouncedAction] = useDebouncedValue(action.trim(), 250);
  const filters = { entityType: debouncedType || undefined, action: debouncedAction || undefined };
  const [verifying, setVerifying] = useState(false);
  const [expanded, setExpanded] = useState<number[]>([]);
  const queryClient = useQueryClient();
  const audit = useAuditPage(page, PAGE_SIZE, filters);

  const verify = () => {
    setVerifying(true);
    void queryClient.invalidateQueries({ queryKey: keys.auditVerify });
  };

  const columns: Column<AuditEntry>[] = [
    {
      accessor: "expand",
      title: <span className="visually-hidden">Field changes</span>,
      width: 44,
      render: (e) => {
        const open = expanded.includes(e.seq);
        return (
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-expanded={open}
            aria-label={`${open ? "Hide" : "Show"} the changes of entry ${e.seq}`}
            onClick={() => setExpanded(open ? expanded.filter((s) => s !== e.seq) : [...expanded, e.seq])}
          >
            {open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
          </ActionIcon>
        );
      },
    },
    { accessor: "seq", title: "#", width: 60 },
    { accessor: "at", title: "Time", noWrap: true, render: (e) => formatDateTime(e.at) },
    { accessor: "actorLabel", title: "By" },
    { accessor: "action", title: "Action", noWrap: true, render: (e) => <Badge variant="light" radius="sm" tt="none">{e.action}</Badge> },
    {
      accessor: "entityType",
      title: "Record",
      render: (e) => (
        <Text size="sm">
          {e.entityType}
          {e.entityId && (
            <Text span size="xs" c="dimmed">
              {" "}
              {e.entityId.length > 12 ? `${e.entityId.slice(0, 8)}…` : e.entityId}
            </Text>
          )}
        </Text>
      ),
    },
    {
      accessor: "changes",
      title: "Changed fields",
      render: (e) => {
        const fields = e.changes.map((c) => c.field);
        return (
          <Text size="sm" lineClamp={1} title={fields.join(", ")}>
            {fields.length === 0 ? "—" : fields.join(", ")}
          </Text>
        );
      },
    },
  ];

  return (
    <Page
      title="Audit trail"
      description="Every change in the workspace, newest first. Entries cannot be changed or deleted; each one's hash covers the one before it."
      actions={
        <Group gap="xs">
          <Button component="a" href={`/api/audit/export?${auditFilterParams(filters)}`} variant="default" leftSection={<IconDownload size={16} aria-hidden />}>
            Export CSV
          </Button>
          <Button leftSection={<IconShieldSearch size={16} aria-hidden />} onClick={verify} variant="light">
            Verify chain
          </Button>
        </Group>
      }
    >
      {verifying && <ChainResult />}
      {audit.isError && (
        <Alert color="red" role="alert" title="The audit trail could not be loaded">
          {errorMessage(audit.error)}
        </Alert>
      )}
      <DataTable
        label="Audit entries"
        records={audit.data?.entries}
        fetching={audit.isFetching}
        idAccessor="seq"
        columns={columns}
        toolbar={
          <Group gap="sm">
            {(
              [
                ["Record type", "Record type, e.g. user", entityType, setEntityType],
                ["Action", "Action, e.g. download", action, setAction],
              ] as const
            ).map(([label, placeholder, value, setValue]) => (
              <TextInput
                key={label}
                aria-label={label}
                placeholder={placeholder}
                value={value}
                onChange={(e) => {
                  setValue(e.currentTarget.value);
                  setPage(1);
                }}
                w={{ base: "100%", sm: 240 }}
              />
            ))}
            {audit.data && (
              <Text size="sm" c="dimmed">
                {plural(audit.data.total, "entry", "entries")}
              </Text>
            )}
          </Group>
        }
        pageSize={PAGE_SIZE}
        remote={{ page, onPageChange: setPage, totalRecords: audit.data?.total ?? 0 }}
        emptyText={filters.entityType || filters.action ? "No entries match these filters." : "No entries yet."}
        rowExpansion={{
          allowMultiple: true,
          trigger: "never",
          expanded: { recordIds: expanded, onRecordIdsChange: (ids: unknown[]) => setExpanded(ids as number[]) },
          content: ({ record }) => <FieldDiff entry={record} />,
        }}
      />
    </Page>
  );
}
