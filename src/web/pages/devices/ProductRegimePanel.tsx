import { Badge, Group, List, Select, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useState } from "react";
import { api, errorMessage } from "../../api/client";
import type { DeviceModel, ProductRegime } from "../../api/types";

export const PRODUCT_KIND_OPTIONS = [
  { value: "medical_device", label: "Medical device (MDR)" },
  { value: "ivd", label: "In vitro diagnostic device (IVDR)" },
  { value: "accessory", label: "Accessory of a device" },
  { value: "non_device_software", label: "Software, not a medical device" },
  { value: "non_device_hardware", label: "Hardware, not a medical device" },
  { value: "service", label: "Service (software as a service)" },
];

export const CRA_CATEGORY_OPTIONS = [
  { value: "default", label: "Default category" },
  { value: "important_class_i", label: "Important, class I (Annex III)" },
  { value: "important_class_ii", label: "Important, class II (Annex III)" },
  { value: "critical", label: "Critical (Annex IV)" },
];

const REGIME_COLOR: Record<ProductRegime["cra"], string> = { excluded: "blue", in_scope: "orange", not_a_product: "gray", out_of_scope: "gray" };

export function RegimeBadge({ regime }: { regime: ProductRegime }) {
  return (
    <Badge color={REGIME_COLOR[regime.cra]} variant="light" radius="sm" tt="none" data-regime={regime.regime}>
      {regime.label}
    </Badge>
  );
}

/** The product's kind (editable), its regime and the reasoning with the articles and confidence behind it. */
export function ProductRegimePanel({ model, canWrite, onChanged }: { model: Omit<DeviceModel, "versions">; canWrite: boolean; onChanged: () => void }) {
  const [saving, setSaving] = useState(false);
  const save = async (body: Record<string, unknown>) => {
    setSaving(true);
    try {
      await api.patch(`/api/devices/${encodeURIComponent(model.id)}`, body);
      onChanged();
    } catch (err) {
      notifications.show({ color: "red", title: "Not saved", message: errorMessage(err) });
    } finally {
      setSaving(false);
    }
  };
  const inCra = model.regime.cra === "in_scope";
  return (
    <Stack gap={6} aria-label={`Regulatory regime of ${model.name}`} role="region">
      <Group gap="sm" align="flex-end">
        <Title order={3} size="h5">
          Regulatory regime
        </Title>
        <RegimeBadge regime={model.regime} />
      </Group>
      {canWrite && (
        <Group gap="sm" align="flex-end">
          <Select
            label="Kind of product"
            size="xs"
            w={260}
            data={PRODUCT_KIND_OPTIONS}
            value={model.kind}
            allowDeselect={false}
            disabled={saving}
            onChange={(kind) => kind && kind !== model.kind && void save(kind.startsWith("non_device") || kind === "service" ? { kind, riskClass: null } : { kind, craCategory: null, supportPeriodEnd: null })}
          />
          {inCra && (
            <Select
              label="CRA category"
              size="xs"
              w={240}
              data={CRA_CATEGORY_OPTIONS}
              value={model.craCategory}
              placeholder="not recorded"
              clearable
              disabled={saving}
              onChange={(craCategory) => void save({ craCategory })}
            />
          )}
        </Group>
      )}
      <List size="sm" spacing={2}>
        {model.regime.reasons.map((r) => (
          <List.Item key={r.basis + r.text}>
            {r.text}{" "}
            <Text span size="xs" c="dimmed">
              ({r.basis}, {r.confidence})
            </Text>
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}
