import { Code } from "@connectrpc/connect";
import {
  type Metadata,
  ServerInterceptingCall,
  type ServerInterceptingCallInterface,
  type ServerInterceptor,
} from "@grpc/grpc-js";
import { type CallLog, DEPLOYMENT_HEADER } from "./call-log.js";
import { grpcDeadline } from "./deadline-slack.js";
import type { ServerSurfaceCall } from "./grpc-handler-context.js";

/** Logs every call on the gRPC port, and lets the adapter attach the cause of a failure. */
export interface GrpcCallObserver {
  /** Install as the grpc-js `Server`'s first interceptor. */
  readonly interceptor: ServerInterceptor;
  /** The real failure behind an INTERNAL/UNKNOWN status sent on this call, for its log line. */
  reportFailure(call: ServerSurfaceCall, cause: unknown): void;
}

interface CallState {
  cause?: unknown;
}

/**
 * Why an interceptor rather than logging in the adapter: grpc-js ends some calls before or
 * without the handler — a request over the size limit, an expired deadline, a bad
 * `grpc-timeout` — and only an interceptor is there for every call. Its `onCancel` fires once
 * per call, after the status went out or when the client went away, which is when the line is
 * written.
 *
 * Which status went out: statuses grpc-js decides itself are sent by its innermost call object
 * and bypass interceptors. For those the observer reads what was actually sent on the HTTP/2
 * stream (`sentHeaders` / `sentTrailers`, public Node API) through grpc-js's internal `stream`
 * field; if a future grpc-js renames it, the observer falls back to the status it saw pass by,
 * then to canceled (which the call log turns into deadline exceeded at the deadline). The "one line per call" tests pin this down.
 *
 * The adapter links a call to its state through the request `Metadata` object, which grpc-js
 * passes unchanged from the interceptor's listener to the handler's call.
 */
export function createGrpcCallObserver(log: CallLog): GrpcCallObserver {
  const states = new WeakMap<Metadata, CallState>();

  const interceptor: ServerInterceptor = (descriptor, call) => {
    const record = log.start(descriptor.path, "grpc", grpcDeadline(call.getDeadline()));
    const state: CallState = {};
    let seenStatus: number | undefined;
    let deployment: string | undefined;
    const noteDeployment = (metadata: Metadata | null | undefined) => {
      const value = metadata?.get(DEPLOYMENT_HEADER)[0];
      if (typeof value === "string" && value !== "") deployment = value;
    };

    return new ServerInterceptingCall(call, {
      start: (next) => {
        next({
          onReceiveMetadata: (metadata, forward) => {
            states.set(metadata, state);
            forward(metadata);
          },
          onCancel: () => {
            // No status went out: the client went away (the call log tells a reset at the
            // deadline from a cancel).
            const sent = sentStatus(call);
            const code =
              typeof sent === "number"
                ? sent
                : sent === "none"
                  ? Code.Canceled
                  : (seenStatus ?? Code.Canceled);
            record.finish({ code, deployment, error: state.cause });
          },
        });
      },
      sendMetadata: (metadata, next) => {
        noteDeployment(metadata);
        next(metadata);
      },
      sendStatus: (status, next) => {
        seenStatus = status.code;
        noteDeployment(status.metadata);
        next(status);
      },
    });
  };

  return {
    interceptor,
    reportFailure(call, cause) {
      const state = states.get(call.metadata);
      if (state !== undefined) state.cause = cause;
    },
  };
}

interface SentHeaders {
  readonly sentHeaders?: Record<string, unknown>;
  readonly sentTrailers?: Record<string, unknown>;
}

/**
 * The grpc-status actually written to the HTTP/2 stream; "none" when the stream is readable and
 * carries no status (the client went away first); undefined when the stream is not reachable.
 */
function sentStatus(call: ServerInterceptingCallInterface): number | "none" | undefined {
  const stream = (call as unknown as { stream?: SentHeaders }).stream;
  if (stream === undefined || typeof stream !== "object" || !("sentHeaders" in stream)) {
    return undefined;
  }
  const value = stream.sentTrailers?.["grpc-status"] ?? stream.sentHeaders?.["grpc-status"];
  if (value === undefined) return "none";
  const code = Number(value);
  return Number.isInteger(code) ? code : undefined;
}
