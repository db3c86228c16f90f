/** An error with an HTTP status and a stable code, rendered as `{error:{code,message,details}}`. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what: string) => new AppError(404, "not_found", `${what} not found`);
export const forbidden = (message = "You do not have permission for this action") =>
  new AppError(403, "forbidden", message);
export const conflict = (message: string, details?: unknown) => new AppError(409, "conflict", message, details);
export const badRequest = (message: string, details?: unknown) =>
  new AppError(400, "validation_failed", message, details);

export type ErrorBody = { error: { code: string; message: string; details?: unknown } };
