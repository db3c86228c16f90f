import { Text, TextInput } from "@mantine/core";
import { IconSearch } from "@tabler/icons-react";
import { plural } from "./format";

/** The text filter of a list filtered by the server (its value lives in the URL as `q`). */
export function ListFilterInput({ label, placeholder, value, onChange }: { label: string; placeholder: string; value: string; onChange: (value: string) => void }) {
  return (
    <TextInput
      aria-label={label}
      placeholder={placeholder}
      leftSection={<IconSearch size={16} aria-hidden />}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      w={{ base: "100%", sm: 320 }}
    />
  );
}

/** How many records match the filters, as the server counted them; nothing until the first answer. */
export function ListTotal({ total, noun, mb }: { total: number | undefined; noun: string; mb?: number }) {
  if (total === undefined) return null;
  return (
    <Text size="sm" c="dimmed" mb={mb} aria-live="polite" data-total={total}>
      {plural(total, noun)}
    </Text>
  );
}
