import { create } from "@bufbuild/protobuf";
import { DurationSchema } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  BadRequestSchema,
  ErrorInfoSchema,
  RetryInfoSchema,
} from "../../sdk/src/gen/google/rpc/error_details_pb.js";
import type { KnownErrorReason } from "../../sdk/src/tagroute-error.js";
import type { Problem } from "../core/index.js";
import { isStoreError, type StoreErrorKind } from "../store/index.js";

/** Connect does not export the type of outgoing error details; its constructor names it. */
type OutgoingDetails = NonNullable<ConstructorParameters<typeof ConnectError>[3]>;

/** `ErrorInfo.domain` of every error tagroute raises. */
export const ERROR_DOMAIN = "tagroute.dev";

/**
 * The closed set of `ErrorInfo.reason` values this server sends. Clients switch on these, so they
 * are part of the API: add, never rename. The list lives once, in the SDK (which also names the
 * reasons of budgets and rate limits, not built yet); the server sends all of the others.
 */
export type ErrorReason = Exclude<KnownErrorReason, "BUDGET_EXCEEDED" | "RATE_LIMITED">;

export interface ServiceErrorInit {
  readonly code: Code;
  readonly reason: ErrorReason;
  readonly message: string;
  readonly metadata?: Readonly<Record<string, string>>;
  /** Field violations, reported as `google.rpc.BadRequest`. */
  readonly problems?: readonly Problem[];
  /** A retry may succeed after this long, reported as `google.rpc.RetryInfo`. */
  readonly retryAfterMs?: number;
  readonly cause?: unknown;
}

/** A refusal with everything the edge needs to describe it. Handlers throw these. */
export class ServiceError extends Error {
  readonly init: ServiceErrorInit;

  constructor(init: ServiceErrorInit) {
    super(init.message, { cause: init.cause });
    this.name = "ServiceError";
    this.init = init;
  }
}

/** Shorthand for the most common refusal: bad input, with every problem and its field. */
export function invalidArgument(
  problems: readonly Problem[],
  reason: ErrorReason = "INVALID_REQUEST",
  prefix = "",
): ServiceError {
  const shown = problems.slice(0, 20).map((p) => `${prefix}${p.path}: ${p.message}`);
  const more = problems.length > 20 ? `; and ${problems.length - 20} more` : "";
  return new ServiceError({
    code: Code.InvalidArgument,
    reason,
    message: `${shown.join("; ")}${more}`,
    problems: problems.map((p) => ({ ...p, path: `${prefix}${p.path}` })),
  });
}

const STORE_ERRORS: Record<StoreErrorKind, { code: Code; reason: ErrorReason }> = {
  not_found: { code: Code.NotFound, reason: "NOT_FOUND" },
  already_exists: { code: Code.AlreadyExists, reason: "ALREADY_EXISTS" },
  version_conflict: { code: Code.Aborted, reason: "VERSION_CONFLICT" },
  still_attached: { code: Code.FailedPrecondition, reason: "TAG_ATTACHED" },
};

function fromServiceError(error: ServiceError): ConnectError {
  const { init } = error;
  const details = [
    {
      desc: ErrorInfoSchema,
      value: create(ErrorInfoSchema, {
        reason: init.reason,
        domain: ERROR_DOMAIN,
        metadata: { ...init.metadata },
      }),
    },
  ];
  const out: OutgoingDetails = details;
  if (init.retryAfterMs !== undefined) {
    const ms = Math.max(0, Math.ceil(init.retryAfterMs));
    out.push({
      desc: RetryInfoSchema,
      value: create(RetryInfoSchema, {
        retryDelay: create(DurationSchema, {
          seconds: BigInt(Math.floor(ms / 1000)),
          nanos: (ms % 1000) * 1_000_000,
        }),
      }),
    });
  }
  if (init.problems !== undefined && init.problems.length > 0) {
    out.push({
      desc: BadRequestSchema,
      value: create(BadRequestSchema, {
        fieldViolations: init.problems.map((p) => ({ field: p.path, description: p.message })),
      }),
    });
  }
  return new ConnectError(init.message, init.code, undefined, out, error);
}

/**
 * The one place domain failures become wire errors: `ServiceError` and store refusals get their
 * code and `ErrorInfo` (plus `RetryInfo` / `BadRequest` where they help); a `ConnectError` passes
 * through. Anything else is a bug or an I/O failure and is rethrown for the transport to log and
 * report as INTERNAL, without its message.
 */
export function toConnectError(error: unknown): ConnectError {
  if (error instanceof ConnectError) return error;
  if (error instanceof ServiceError) return fromServiceError(error);
  if (isStoreError(error)) {
    const mapped = STORE_ERRORS[error.kind];
    return fromServiceError(new ServiceError({ ...mapped, message: error.message, cause: error }));
  }
  throw error;
}
