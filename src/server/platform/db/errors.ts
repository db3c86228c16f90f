/**
 * What a database failure means to a caller, and how to log one without the values it carried. Drizzle wraps the
 * driver's error ("Failed query: <sql>\nparams: <values>", the driver's error as `cause`); the values may be session
 * hashes, e-mail addresses or tokens, so they never reach a log line or a stored job error.
 */

/** SQLSTATE classes and codes meaning the server is gone, restarting or refusing connections. */
const UNAVAILABLE_SQLSTATE = /^(08...|57P01|57P02|57P03|53300)$/;
const UNAVAILABLE_NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
const UNAVAILABLE_MESSAGE = /Connection terminated|terminating connection|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (starting up|shutting down)/i;

function* causes(err: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  let current: unknown = err;
  while (current && !seen.has(current)) {
    seen.add(current);
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

export function isDatabaseUnavailable(err: unknown): boolean {
  for (const e of causes(err)) {
    const { name, code, message } = e as { name?: string; code?: unknown; message?: unknown };
    if (name === "DatabaseUnavailableError") return true;
    if (typeof code === "string" && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_NODE_CODES.has(code))) return true;
    if (typeof message === "string" && UNAVAILABLE_MESSAGE.test(message)) return true;
  }
  return false;
}

const withoutParams = (text: string) => text.replace(/\nparams: [\s\S]*?(?=\n {4}at |$)/, "\nparams: [not logged]");

/** The error and its causes as plain objects (name, code, message, stack) with query parameter values removed. */
export function loggableError(err: unknown): Record<string, unknown> {
  const chain = [...causes(err)].map((e) => {
    if (!(e instanceof Error)) return { message: String(e) };
    const { code } = e as { code?: unknown };
    return {
      type: e.name,
      ...(typeof code === "string" ? { code } : {}),
      message: withoutParams(e.message),
      ...(e.stack ? { stack: withoutParams(e.stack) } : {}),
    };
  });
  const [first, ...rest] = chain;
  return rest.length > 0 ? { ...first, causes: rest } : (first ?? {});
}

/** One line for a user or a stored job error: the message without parameter values. */
export function errorSummary(err: unknown): string {
  const chain = [...causes(err)].filter((e): e is Error => e instanceof Error);
  if (chain.length === 0) return String(err);
  return chain.map((e) => withoutParams(e.message)).join(" — caused by: ");
}
