import { DateInput, type DateInputProps } from "@mantine/dates";

type Props = Omit<DateInputProps, "value" | "defaultValue" | "onChange"> & {
  /** A calendar date YYYY-MM-DD; empty or null for none. Absent: the field keeps its own value (`defaultValue`). */
  value?: string | null;
  defaultValue?: string | null;
  /** Receives YYYY-MM-DD, or "" when cleared. */
  onChange: (value: string) => void;
};

/** A calendar date chosen in a date picker (typing stays possible), always as YYYY-MM-DD. */
export function DateField({ value, defaultValue, onChange, ...props }: Props) {
  const state = value !== undefined ? { value: value || null } : { defaultValue: defaultValue || undefined };
  return <DateInput valueFormat="YYYY-MM-DD" placeholder="Pick a date" clearable {...props} {...state} onChange={(v) => onChange(v ?? "")} />;
}
