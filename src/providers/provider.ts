import type { Deployment } from "../core/index.js";

/** One message of the conversation sent upstream. */
export interface ChatMessage {
  readonly role: "system" | "user" | "assistant";
  readonly content: string;
}

/** A chat completion as providers receive it: no tags, no routing fields — those stay here. */
export interface ChatRequest {
  readonly messages: readonly ChatMessage[];
  readonly temperature?: number | undefined;
  readonly topP?: number | undefined;
  readonly maxTokens?: number | undefined;
  readonly stop?: readonly string[] | undefined;
  readonly user?: string | undefined;
  readonly seed?: bigint | undefined;
}

/** What a provider stream yields: text as it arrives, then usage and the finish reason. */
export type ProviderEvent =
  | { readonly kind: "delta"; readonly text: string }
  | { readonly kind: "usage"; readonly inputTokens: number; readonly outputTokens: number }
  | { readonly kind: "finish"; readonly reason: string };

export interface StreamOptions {
  /** Aborts the upstream request: the caller went away or its deadline passed. */
  readonly signal: AbortSignal;
}

/**
 * An upstream protocol. `stream` returns an AsyncIterable; stopping the iteration early or
 * aborting the signal must end the upstream request.
 */
export interface Provider {
  readonly kind: Deployment["provider"];
  stream(
    deployment: Deployment,
    request: ChatRequest,
    options: StreamOptions,
  ): AsyncIterable<ProviderEvent>;
}
