/**
 * Why an upstream call failed. A closed set, so failover (retry another deployment or not) and
 * status mapping are one switch each, and no string matching on messages.
 */
export type ProviderErrorKind =
  | "rate_limited"
  | "auth"
  | "bad_request"
  | "server"
  | "connection"
  | "timeout"
  | "aborted";

/**
 * An upstream failure. Messages are built here from status codes and the upstream's own error
 * message (bounded, with the deployment's credential removed), never from request headers.
 */
export class ProviderError extends Error {
  readonly kind: ProviderErrorKind;
  /** The upstream HTTP status, when there was a response. */
  readonly status: number | undefined;
  /** From `retry-after` on a 429, in milliseconds. */
  readonly retryAfterMs: number | undefined;

  constructor(
    kind: ProviderErrorKind,
    message: string,
    options: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "ProviderError";
    this.kind = kind;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** Whether another deployment might succeed where this one failed. */
  get retryable(): boolean {
    return this.kind !== "bad_request" && this.kind !== "aborted";
  }
}

export function isProviderError(error: unknown): error is ProviderError {
  return error instanceof ProviderError;
}

/** The error kind for an HTTP status the upstream answered with. */
export function kindOfStatus(status: number): ProviderErrorKind {
  if (status === 429) return "rate_limited";
  if (status === 401 || status === 403) return "auth";
  if (status === 408) return "timeout";
  if (status >= 400 && status < 500) return "bad_request";
  return "server";
}

/** `retry-after` as seconds or an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
