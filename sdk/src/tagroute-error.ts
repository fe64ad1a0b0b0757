import type { Duration } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  BadRequestSchema,
  ErrorInfoSchema,
  RetryInfoSchema,
} from "./gen/google/rpc/error_details_pb.js";

/**
 * The `ErrorInfo.reason` values tagroute sends today. A newer server may send others, so the
 * field is typed as this union or any string: switch on the known ones, keep a default branch.
 */
export type KnownErrorReason =
  | "MODEL_NOT_FOUND"
  | "INVALID_TAG"
  | "INVALID_REQUEST"
  | "NO_DEPLOYMENT_MATCHES_TAGS"
  | "NO_ENABLED_DEPLOYMENT"
  | "DEPLOYMENTS_UNAVAILABLE"
  | "BUDGET_EXCEEDED"
  | "RATE_LIMITED"
  | "UPSTREAM_ERROR"
  | "NOT_FOUND"
  | "ALREADY_EXISTS"
  | "VERSION_CONFLICT"
  | "READ_ONLY"
  | "TAG_ATTACHED"
  | "UNREGISTERED_TAG"
  | "TAG_NAMING_POLICY";

/** A known reason, or one this SDK version does not know yet (keeps editor completion). */
export type ErrorReason = KnownErrorReason | (string & NonNullable<unknown>);

/** One problem with one request field, from `google.rpc.BadRequest`. */
export interface FieldViolation {
  /** The field's path, e.g. `routing.tags[2]`. */
  readonly field: string;
  readonly description: string;
}

/** The canonical gRPC names, as servers, logs and grpcurl print them. */
const CODE_NAMES: Readonly<Record<Code, string>> = {
  [Code.Canceled]: "CANCELLED",
  [Code.Unknown]: "UNKNOWN",
  [Code.InvalidArgument]: "INVALID_ARGUMENT",
  [Code.DeadlineExceeded]: "DEADLINE_EXCEEDED",
  [Code.NotFound]: "NOT_FOUND",
  [Code.AlreadyExists]: "ALREADY_EXISTS",
  [Code.PermissionDenied]: "PERMISSION_DENIED",
  [Code.ResourceExhausted]: "RESOURCE_EXHAUSTED",
  [Code.FailedPrecondition]: "FAILED_PRECONDITION",
  [Code.Aborted]: "ABORTED",
  [Code.OutOfRange]: "OUT_OF_RANGE",
  [Code.Unimplemented]: "UNIMPLEMENTED",
  [Code.Internal]: "INTERNAL",
  [Code.Unavailable]: "UNAVAILABLE",
  [Code.DataLoss]: "DATA_LOSS",
  [Code.Unauthenticated]: "UNAUTHENTICATED",
};

/** The canonical gRPC name of a code, e.g. `DEADLINE_EXCEEDED`. */
export function codeName(code: Code): string {
  return CODE_NAMES[code] ?? `CODE_${code}`;
}

/** Survives duplicated copies of the SDK in one process, where `instanceof` would not. */
const BRAND = Symbol.for("tagroute.sdk.TagrouteError");

/**
 * Every failure of a tagroute call, with the structured details the server attached already
 * decoded: switch on `reason` (or `code`), wait `retryAfterMs` before a retry, show
 * `fieldViolations` next to the fields. `cause` keeps the original ConnectError (headers,
 * trailers, raw details) for logging.
 */
export class TagrouteError extends Error {
  /** The gRPC status code. */
  readonly code: Code;
  /** The code's canonical name, e.g. `NOT_FOUND`. */
  readonly codeName: string;
  /** `ErrorInfo.reason`, e.g. `NO_DEPLOYMENT_MATCHES_TAGS`; undefined without an ErrorInfo. */
  readonly reason: ErrorReason | undefined;
  /** `ErrorInfo.domain` (`tagroute.dev` for tagroute's own errors). */
  readonly domain: string | undefined;
  /** `ErrorInfo.metadata`: context such as the model group or the tag. */
  readonly metadata: Readonly<Record<string, string>>;
  /** From `RetryInfo`: wait at least this long before retrying. Undefined when no retry helps. */
  readonly retryAfterMs: number | undefined;
  /** From `BadRequest`: every problem with the request, field by field. */
  readonly fieldViolations: readonly FieldViolation[];
  /** The server's message, without the code prefix. */
  readonly rawMessage: string;
  override readonly cause: ConnectError;

  constructor(cause: ConnectError) {
    const info = cause.findDetails(ErrorInfoSchema)[0];
    const name = codeName(cause.code);
    const label = info?.reason ? `${name} ${info.reason}` : name;
    super(`[${label}] ${cause.rawMessage}`, { cause });
    this.name = "TagrouteError";
    this.code = cause.code;
    this.codeName = name;
    this.reason = info?.reason || undefined;
    this.domain = info?.domain || undefined;
    this.metadata = Object.freeze({ ...info?.metadata });
    this.retryAfterMs = retryAfterMs(cause.findDetails(RetryInfoSchema)[0]?.retryDelay);
    this.fieldViolations = Object.freeze(
      cause
        .findDetails(BadRequestSchema)
        .flatMap((bad) => bad.fieldViolations)
        .map((v) => Object.freeze({ field: v.field, description: v.description })),
    );
    this.rawMessage = cause.rawMessage;
    this.cause = cause;
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** True for a TagrouteError, also one from another copy of the SDK. */
export function isTagrouteError(value: unknown): value is TagrouteError {
  return typeof value === "object" && value !== null && BRAND in value;
}

/** Rounded up: retrying a millisecond early would just fail again. */
function retryAfterMs(delay: Duration | undefined): number | undefined {
  if (delay === undefined) return undefined;
  const ms = Number(delay.seconds) * 1000 + delay.nanos / 1_000_000;
  return Number.isFinite(ms) && ms >= 0 ? Math.ceil(ms) : undefined;
}

/**
 * The one conversion every client method goes through: anything a call throws (a ConnectError
 * from the wire, an abort, a local failure) becomes a TagrouteError. When a server echoes the
 * API key in a message, the key is cut out of the message and of the kept cause (message and
 * trailers), so logging the error never leaks it.
 */
export function toTagrouteError(error: unknown, secret?: string): TagrouteError {
  if (isTagrouteError(error)) return error;
  return new TagrouteError(redact(ConnectError.from(error), secret));
}

function redact(error: ConnectError, secret: string | undefined): ConnectError {
  if (secret === undefined || secret === "") return error;
  // gRPC carries the message again, percent-encoded, in the `grpc-message` trailer.
  const forms = [...new Set([secret, encodeURIComponent(secret)])];
  const leaks = (text: string) => forms.some((form) => text.includes(form));
  const scrub = (text: string) =>
    forms.reduce((out, form) => out.replaceAll(form, "[redacted]"), text);
  const headers = [...error.metadata];
  if (!leaks(error.message) && !headers.some(([, value]) => leaks(value))) return error;
  const copy = new ConnectError(
    scrub(error.rawMessage),
    error.code,
    headers.map(([key, value]): [string, string] => [key, scrub(value)]),
  );
  copy.details = error.details;
  return copy;
}
