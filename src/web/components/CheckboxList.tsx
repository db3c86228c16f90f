import { Checkbox, type CheckboxGroupProps, Stack } from "@mantine/core";

/** A labelled group of checkboxes, one per option, stacked. */
export function CheckboxList({ options, ...group }: Omit<CheckboxGroupProps, "children"> & { options: Array<{ value: string; label: string }> }) {
  return (
    <Checkbox.Group {...group}>
      <Stack gap={6} mt="xs">
        {options.map((o) => (
          <Checkbox key={o.value} value={o.value} label={o.label} />
        ))}
      </Stack>
    </Checkbox.Group>
  );
}
