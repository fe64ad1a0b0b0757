import type { CallOptions } from "@connectrpc/connect";
import type { CompleteResponse, MatchHow } from "./gen/tagroute/v1/routing_pb.js";
import { toTagrouteError } from "./tagroute-error.js";

/** A routing attempt: the deployment about to be called. One per attempt, retries included. */
export interface RoutedEvent {
  readonly kind: "routed";
  readonly deploymentId: string;
  /** The model group that routed it; differs from the request's after a fallback. */
  readonly model: string;
  /** 1 for the first attempt, then 2, 3, ... for retries and fallbacks. */
  readonly attempt: number;
  readonly how: MatchHow;
}

/** A piece of generated text, in order. */
export interface DeltaEvent {
  readonly kind: "delta";
  readonly text: string;
}

/** Tokens and cost of the completion. */
export interface UsageEvent {
  readonly kind: "usage";
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** US dollars from the deployment's per-token prices; 0 when it has none. */
  readonly costUsd: number;
}

/** The end of a completed stream. */
export interface FinishEvent {
  readonly kind: "finish";
  /** The upstream's finish reason, e.g. `stop` or `length`. */
  readonly reason: string;
  /** The deployment that served the completion. */
  readonly deploymentId: string;
}

/** One event of a `complete` stream, discriminated on `kind`. */
export type CompleteEvent = RoutedEvent | DeltaEvent | UsageEvent | FinishEvent;

/**
 * Maps the generated oneof to the SDK's event union. An empty oneof (a newer server's event this
 * SDK does not know) maps to undefined and is skipped, so adding an event kind to the contract
 * does not break older clients.
 */
export function toCompleteEvent(message: CompleteResponse): CompleteEvent | undefined {
  const { event } = message;
  switch (event.case) {
    case "routed":
      return {
        kind: "routed",
        deploymentId: event.value.deploymentId,
        model: event.value.model,
        attempt: event.value.attempt,
        how: event.value.how,
      };
    case "delta":
      return { kind: "delta", text: event.value.text };
    case "usage":
      return {
        kind: "usage",
        inputTokens: event.value.inputTokens,
        outputTokens: event.value.outputTokens,
        costUsd: event.value.costUsd,
      };
    case "finish":
      return { kind: "finish", reason: event.value.reason, deploymentId: event.value.deploymentId };
    default:
      return undefined;
  }
}

/** The generated client's server-streaming method, as `streamCompleteEvents` needs it. */
export type OpenCompleteStream = (options: CallOptions) => AsyncIterable<CompleteResponse>;

/**
 * Runs one Complete call and yields typed events. connect-es's server-stream iterable exposes only
 * `next()` (connect 2.1.2, promise-client.js: "omit throw/return"), so a consumer's `break` alone
 * would leave the HTTP/2 stream open and the server generating tokens nobody reads. This generator
 * owns an AbortController joined with the caller's signal and aborts it in `finally`: on `break`,
 * `return()`, an error or a normal end, the call is over on the wire too. Being a generator, it
 * also starts the call only on the first `next()`, so an iterable nobody iterates sends nothing.
 */
export async function* streamCompleteEvents(
  open: OpenCompleteStream,
  options: CallOptions,
  secret: string | undefined,
): AsyncGenerator<CompleteEvent, void, undefined> {
  const controller = new AbortController();
  const outer = options.signal;
  // Linked by hand rather than AbortSignal.any: callers often pass one long-lived signal (process
  // shutdown) to many calls, and the listener is removed when this call ends, so nothing piles up.
  const forward = () => controller.abort(outer?.reason);
  if (outer?.aborted) forward();
  outer?.addEventListener("abort", forward, { once: true });
  const signal = controller.signal;
  try {
    let iterator: AsyncIterator<CompleteResponse>;
    try {
      iterator = open({ ...options, signal })[Symbol.asyncIterator]();
    } catch (error) {
      throw toTagrouteError(error, secret);
    }
    for (;;) {
      let result: IteratorResult<CompleteResponse>;
      try {
        result = await iterator.next();
      } catch (error) {
        throw toTagrouteError(error, secret);
      }
      if (result.done) return;
      const event = toCompleteEvent(result.value);
      if (event !== undefined) yield event;
    }
  } finally {
    outer?.removeEventListener("abort", forward);
    controller.abort();
  }
}
