import { Button, Group, List, Modal, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { api } from "../../api/client";
import type { AdvisoryDetail, FieldStatus } from "./types";

/** Who can read a published revision of this TLP label (see the TLP handling in the README). */
function audienceOf(tlp: AdvisoryDetail["tlp"]): string {
  if (tlp === "RED") return "Nobody outside the workspace: TLP:RED never reaches the portal or the public provider.";
  if (tlp === "WHITE") return "Everyone: the public CSAF provider (/.well-known/csaf/), and these customers in their portal:";
  return `Only these customers, in their portal (TLP:${tlp} is never public):`;
}

/**
 * Asks before an advisory is published or withdrawn, naming what leaves the workspace: the TLP label,
 * the product versions and the customers whose portal shows it.
 */
export function PublicationConfirm({
  detail,
  action,
  onConfirm,
  onCancel,
}: {
  detail: AdvisoryDetail;
  action: "publish" | "unpublish" | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const field = useQuery({
    queryKey: ["advisories", detail.id, "field-status"],
    queryFn: () => api.get<FieldStatus>(`/api/advisories/${detail.id}/field-status`),
    enabled: action !== null,
  });
  const customers = [...new Set((field.data?.sites ?? []).map((s) => s.customer))].sort();
  const publishing = action === "publish";
  return (
    <Modal opened={action !== null} onClose={onCancel} title={publishing ? `Publish ${detail.trackingId}?` : `Unpublish ${detail.trackingId}?`}>
      <Stack gap="xs">
        <Text size="sm">
          <b>TLP:</b> TLP:{detail.tlp}
        </Text>
        <Text size="sm" fw={600}>
          Products
        </Text>
        <List size="sm" aria-label="Products in this advisory">
          {detail.products.map((p) => (
            <List.Item key={p.softwareVersionId}>
              {p.product} {p.version}
            </List.Item>
          ))}
        </List>
        <Text size="sm" fw={600}>
          {publishing ? "Who will see it" : "Who will no longer see it"}
        </Text>
        <Text size="sm">{audienceOf(detail.tlp)}</Text>
        {detail.tlp !== "RED" && (
          <List size="sm" aria-label="Customers who will see it">
            {field.isPending && <List.Item>Loading…</List.Item>}
            {field.data && customers.length === 0 && <List.Item>No customer has these versions installed.</List.Item>}
            {customers.map((c) => (
              <List.Item key={c}>{c}</List.Item>
            ))}
          </List>
        )}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button color={publishing ? undefined : "red"} onClick={onConfirm}>
            {publishing ? "Confirm publication" : "Confirm unpublishing"}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
