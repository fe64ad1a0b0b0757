import { Code } from "@connectrpc/connect";

/**
 * A client whose own deadline timer fires resets the stream a moment before the server's timer
 * would (the server counts the timeout from when the headers arrived), and a reset looks the
 * same on the wire whether it came from a deadline or a cancel. A reset this close to the
 * deadline is logged as the deadline it almost certainly was.
 */
const DEADLINE_SLACK_MS = 200;

/** A grpc-js deadline (a Date, or epoch ms with Infinity for none) as epoch ms, or undefined. */
export function grpcDeadline(deadline: Date | number): number | undefined {
  const ms = deadline instanceof Date ? deadline.getTime() : deadline;
  return Number.isFinite(ms) ? ms : undefined;
}

/** CANCELED, or DEADLINE_EXCEEDED when the call's deadline (epoch ms) has (almost) passed. */
export function canceledOrDeadline(deadline: number | undefined, now: number): Code {
  return deadline !== undefined && now >= deadline - DEADLINE_SLACK_MS
    ? Code.DeadlineExceeded
    : Code.Canceled;
}

const GRPC_TIMEOUT_UNITS: Readonly<Record<string, number>> = {
  H: 3_600_000,
  M: 60_000,
  S: 1_000,
  m: 1,
  u: 0.001,
  n: 0.000_001,
};

/**
 * The deadline a request on the HTTP port carries, in epoch ms: `connect-timeout-ms` (Connect)
 * or `grpc-timeout` (gRPC-Web). Only for classifying how a call ended in the log; connect-node
 * enforces the timeout itself.
 */
export function requestDeadline(
  header: (name: string) => string | string[] | undefined,
  now: number,
): number | undefined {
  const connect = header("connect-timeout-ms");
  if (typeof connect === "string" && /^\d{1,10}$/.test(connect)) return now + Number(connect);
  const grpc = /^(\d{1,8})([HMSmun])$/.exec(String(header("grpc-timeout") ?? ""));
  if (grpc === null) return undefined;
  return now + Number(grpc[1]) * (GRPC_TIMEOUT_UNITS[grpc[2] ?? ""] ?? 0);
}
