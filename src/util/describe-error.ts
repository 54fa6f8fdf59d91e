/**
 * What of an error may be logged: only its message and code. A client library's error object may
 * carry its connection options, password included.
 */
export function describeError(error: unknown): { message: string; code?: unknown } {
  if (!(error instanceof Error)) return { message: String(error) };
  const { code } = error as Error & { code?: unknown };
  return code === undefined ? { message: error.message } : { message: error.message, code };
}
