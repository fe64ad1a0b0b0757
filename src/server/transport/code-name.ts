import { Code } from "@connectrpc/connect";

/**
 * The snake_case names the Connect protocol uses on the wire (`invalid_argument`), plus `ok`.
 * Both ports log these, so one query finds a failure whichever port served it; the gRPC port's
 * numeric status is the same numbering as `Code`.
 */
const NAMES: ReadonlyMap<number, string> = new Map([
  [0, "ok"],
  [Code.Canceled, "canceled"],
  [Code.Unknown, "unknown"],
  [Code.InvalidArgument, "invalid_argument"],
  [Code.DeadlineExceeded, "deadline_exceeded"],
  [Code.NotFound, "not_found"],
  [Code.AlreadyExists, "already_exists"],
  [Code.PermissionDenied, "permission_denied"],
  [Code.ResourceExhausted, "resource_exhausted"],
  [Code.FailedPrecondition, "failed_precondition"],
  [Code.Aborted, "aborted"],
  [Code.OutOfRange, "out_of_range"],
  [Code.Unimplemented, "unimplemented"],
  [Code.Internal, "internal"],
  [Code.Unavailable, "unavailable"],
  [Code.DataLoss, "data_loss"],
  [Code.Unauthenticated, "unauthenticated"],
]);

const CODES: ReadonlyMap<string, number> = new Map([...NAMES].map(([code, name]) => [name, code]));

/** The status code 0 (success); `Code` has no member for it. */
export const CODE_OK = 0;

/** The wire name of a status code; numbers outside the table are reported as `unknown`. */
export function codeName(code: number): string {
  return NAMES.get(code) ?? "unknown";
}

/** The status code for a wire name, or undefined when the name is not one. */
export function codeFromName(name: string): number | undefined {
  return CODES.get(name);
}

/**
 * Whether a code means the server failed rather than the caller or the circumstances: those are
 * logged at error level, everything else at info, so alerts on error lines stay meaningful.
 */
export function isServerFault(code: number): boolean {
  return code === Code.Internal || code === Code.Unknown;
}
