import { Code } from "@connectrpc/connect";
import type { Logger } from "pino";
// Handlers name the chosen deployment in this response header or trailer; the log line carries it.
import { DEPLOYMENT_HEADER } from "../../service/index.js";
import { codeName, isServerFault } from "./code-name.js";
import { canceledOrDeadline } from "./deadline-slack.js";

export { DEPLOYMENT_HEADER };

/** Which listener served a call. */
export type PortName = "grpc" | "http";

/** How a call ended, as far as the transport could tell. */
export interface CallOutcome {
  /** The status code sent to the client (0 for success). */
  readonly code: number;
  /** The deployment the handler reported through {@link DEPLOYMENT_HEADER}, if any. */
  readonly deployment?: string | undefined;
  /**
   * The real failure behind an `internal`/`unknown` status. It goes to the log only: the client
   * saw "internal error", because an exception message may carry anything (paths, SQL, secrets).
   */
  readonly error?: unknown;
}

/** One call in flight. `finish` logs it; later calls are ignored, so every call logs once. */
export interface CallRecord {
  readonly method: string;
  finish(outcome: CallOutcome): void;
  readonly finished: boolean;
}

/** The per-call log line both ports write; the ports differ only in how they learn the outcome. */
export interface CallLog {
  /**
   * `deadline` (epoch ms) is the call's, if it has one: a CANCELED outcome at (or just before) it
   * is the client's own deadline timer, and is logged as DEADLINE_EXCEEDED on both ports.
   */
  start(method: string, port: PortName, deadline?: number): CallRecord;
}

/**
 * Creates the call log. Exactly one line per call: `{ method, port, code, duration_ms,
 * deployment }`. Request bodies and metadata values are never logged (credentials travel as
 * `authorization` metadata), only what the transport itself decided.
 */
export function createCallLog(logger: Logger): CallLog {
  return {
    start(method, port, deadline) {
      const started = performance.now();
      let finished = false;
      return {
        method,
        get finished() {
          return finished;
        },
        finish(outcome) {
          if (finished) return;
          finished = true;
          const code =
            outcome.code === Code.Canceled
              ? canceledOrDeadline(deadline, Date.now())
              : outcome.code;
          const line: Record<string, unknown> = {
            method,
            port,
            code: codeName(code),
            duration_ms: Math.round((performance.now() - started) * 1000) / 1000,
          };
          if (outcome.deployment !== undefined) line.deployment = outcome.deployment;
          if (isServerFault(code)) {
            if (outcome.error !== undefined) line.err = outcome.error;
            logger.error(line, "rpc");
          } else {
            logger.info(line, "rpc");
          }
        },
      };
    },
  };
}

/** The deployment reported in response headers or trailers, headers first. */
export function deploymentFrom(...sources: (Headers | undefined)[]): string | undefined {
  for (const headers of sources) {
    const value = headers?.get(DEPLOYMENT_HEADER);
    if (value !== null && value !== undefined && value !== "") return value;
  }
  return undefined;
}
