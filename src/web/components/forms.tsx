import { Alert, List } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { IconAlertTriangle } from "@tabler/icons-react";
import { useState } from "react";
import { ApiError, type ErrorDetail, errorMessage } from "../api/client";
import { plainMessage, splitServerErrors } from "../api/field-errors";

export type FormFailure = { message: string; unmatched: ErrorDetail[] };

/**
 * The form pattern of every page: client validation by the form's zod schema, then the request;
 * server field errors go next to their fields, everything else into a FormError alert.
 */
export function useApiForm<V, T, R>(
  form: UseFormReturnType<V, T>,
  submit: (values: T) => Promise<R>,
  onSuccess?: (result: R, values: T) => void,
) {
  const [failure, setFailure] = useState<FormFailure | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const onSubmit = form.onSubmit(async (values) => {
    setFailure(null);
    setSubmitting(true);
    try {
      const result = await submit(values);
      onSuccess?.(result, values);
    } catch (err) {
      if (err instanceof ApiError && err.details.length > 0) {
        const { fieldErrors, unmatched } = splitServerErrors(err.details, Object.keys(form.getValues() as object));
        form.setErrors(fieldErrors);
        const matched = Object.keys(fieldErrors).length;
        setFailure({
          message: matched > 0 ? "Please correct the marked fields." : err.message,
          unmatched: matched > 0 ? unmatched : [],
        });
      } else {
        setFailure({ message: errorMessage(err), unmatched: [] });
      }
    } finally {
      setSubmitting(false);
    }
  });

  return { onSubmit, failure, submitting, clearFailure: () => setFailure(null) };
}

export function FormError({ failure, title = "Not saved" }: { failure: FormFailure | null; title?: string }) {
  if (!failure) return null;
  return (
    <Alert color="red" variant="light" title={title} icon={<IconAlertTriangle size={18} aria-hidden />} role="alert">
      {failure.message}
      {failure.unmatched.length > 0 && (
        <List size="sm" mt={4}>
          {failure.unmatched.map((d) => (
            <List.Item key={`${d.path}:${d.message}`}>
              {d.path === "body" ? plainMessage(d.message) : `${d.path.replace(/^body\//, "").replaceAll("/", " ")}: ${plainMessage(d.message)}`}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
