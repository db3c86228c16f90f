import type { Session, TestVigil } from "./app";

export const BOUNDARY = "----vigil-multipart-boundary";

/** A browser-style multipart/form-data body with the given file parts. */
export function multipartForm(files: Array<{ field: string; name: string; content: Buffer }>): Buffer {
  return Buffer.concat([
    ...files.flatMap((f) => [
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      f.content,
      Buffer.from("\r\n"),
    ]),
    Buffer.from(`--${BOUNDARY}--\r\n`),
  ]);
}

export function postMultipart(vigil: TestVigil, session: Session, url: string, body: Buffer) {
  return vigil.app.inject({
    method: "POST",
    url,
    payload: body,
    headers: { cookie: session.cookie, "x-csrf-token": session.csrf, "content-type": `multipart/form-data; boundary=${BOUNDARY}` },
  });
}
