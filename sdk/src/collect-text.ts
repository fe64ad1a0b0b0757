import { Code, ConnectError } from "@connectrpc/connect";
import type { CompleteEvent, UsageEvent } from "./complete-events.js";
import { TagrouteError } from "./tagroute-error.js";

/** Tokens and cost of a completion. */
export type CompletionUsage = Omit<UsageEvent, "kind">;

/** A whole completion, for callers that do not stream to their own users. */
export interface CompletionText {
  /** Every delta, concatenated in order. */
  readonly text: string;
  /** The deployment that served it (from the finish event). */
  readonly deploymentId: string;
  /** Undefined when the server sent no usage event. */
  readonly usage: CompletionUsage | undefined;
  /** The upstream's finish reason, e.g. `stop` or `length`. */
  readonly finishReason: string;
  /** How many routing attempts it took: 1 unless tagroute retried or fell back. */
  readonly attempts: number;
}

/**
 * Drains a `complete` stream into one result. A stream that ends without a finish event was cut
 * short somewhere (a proxy, a crashed server) and its text is incomplete, so that is an error
 * (INTERNAL) rather than a result that looks whole.
 *
 * Errors from the stream pass through unchanged (they already are TagrouteErrors), and returning
 * early from the loop is never needed: the stream ends itself after the finish event.
 */
export async function collectText(events: AsyncIterable<CompleteEvent>): Promise<CompletionText> {
  const parts: string[] = [];
  let usage: CompletionUsage | undefined;
  let attempts = 0;
  let routedTo = "";
  let finish: { reason: string; deploymentId: string } | undefined;
  for await (const event of events) {
    switch (event.kind) {
      case "routed":
        attempts += 1;
        routedTo = event.deploymentId;
        break;
      case "delta":
        parts.push(event.text);
        break;
      case "usage":
        usage = {
          inputTokens: event.inputTokens,
          outputTokens: event.outputTokens,
          costUsd: event.costUsd,
        };
        break;
      case "finish":
        finish = { reason: event.reason, deploymentId: event.deploymentId };
        break;
    }
  }
  if (finish === undefined) {
    throw new TagrouteError(
      new ConnectError(
        `completion stream ended without a finish event after ${parts.length} delta(s)`,
        Code.Internal,
      ),
    );
  }
  return {
    text: parts.join(""),
    deploymentId: finish.deploymentId || routedTo,
    usage,
    finishReason: finish.reason,
    attempts,
  };
}
