import { Code, type ConnectError, createContextKey, type Interceptor } from "@connectrpc/connect";
import { type CallOutcome, type CallRecord, deploymentFrom } from "./call-log.js";
import { CODE_OK, isServerFault } from "./code-name.js";
import { normalizeError } from "./grpc-status.js";

/**
 * One call on the HTTP port. The interceptor records the outcome when the handler ends; the
 * port writes the line when the response body is done, using the recorded outcome or, for
 * calls that never reached the handler, what it can read from the response.
 */
export interface HttpCallState {
  readonly record: CallRecord;
  outcome: CallOutcome | undefined;
}

/** Carries the call's state from the port (which creates it) to the interceptor. */
export const httpCallStateKey = createContextKey<HttpCallState | undefined>(undefined, {
  description: "tagroute transport call state",
});

function settle(state: HttpCallState | undefined, outcome: CallOutcome): void {
  if (state !== undefined && state.outcome === undefined) state.outcome = outcome;
}

/**
 * Normalizes a failure the way the gRPC adapter does (a non-Connect error is INTERNAL "internal
 * error"; one raised after the call was aborted is the abort's reason), records it with its real
 * cause for the log, and returns the error the client gets. connect-node would also turn a plain
 * error into "internal error", but it would drop the cause without a trace.
 */
function failed(
  state: HttpCallState | undefined,
  thrown: unknown,
  signal: AbortSignal,
): ConnectError {
  const { error, cause } = normalizeError(thrown, signal);
  settle(state, {
    code: error.code,
    deployment: deploymentFrom(error.metadata),
    ...(isServerFault(error.code) ? { error: cause ?? error } : {}),
  });
  return error;
}

/**
 * The HTTP port's server interceptor. Streams are wrapped so the outcome is known when the last
 * message was produced, when the handler threw mid-stream, or when the client left early (the
 * stream is then returned, not exhausted).
 */
export const httpCallInterceptor: Interceptor = (next) => async (request) => {
  const state = request.contextValues.get(httpCallStateKey);
  let response: Awaited<ReturnType<typeof next>>;
  try {
    response = await next(request);
  } catch (thrown) {
    throw failed(state, thrown, request.signal);
  }
  if (!response.stream) {
    settle(state, { code: CODE_OK, deployment: deploymentFrom(response.header, response.trailer) });
    return response;
  }
  const messages = response.message;
  const header = response.header;
  const trailer = response.trailer;
  async function* observed() {
    let ended = false;
    try {
      yield* messages;
      ended = true;
      settle(state, { code: CODE_OK, deployment: deploymentFrom(header, trailer) });
    } catch (thrown) {
      ended = true;
      throw failed(state, thrown, request.signal);
    } finally {
      if (!ended) {
        settle(state, { code: Code.Canceled, deployment: deploymentFrom(header, trailer) });
      }
    }
  }
  return { ...response, message: observed() };
};
