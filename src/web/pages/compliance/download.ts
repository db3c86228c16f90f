import { ApiError } from "../../api/client";

function csrfToken(): string | null {
  for (const part of document.cookie.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === "vigil_csrf") return decodeURIComponent(rest.join("="));
  }
  return null;
}

/** Posts JSON and saves the PDF the server answers with under `fileName`. */
export async function downloadPdf(path: string, body: unknown, fileName: string): Promise<void> {
  const res = await fetch(path, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/pdf", "X-CSRF-Token": csrfToken() ?? "" },
    body: JSON.stringify(body),
  });
  if (!res.ok) {
    const err = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    throw new ApiError(res.status, err?.error?.code ?? "http_error", err?.error?.message ?? `The server answered ${res.status}`);
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
