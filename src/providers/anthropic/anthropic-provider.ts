import type { Deployment } from "../../core/index.js";
import {
  createPoolSet,
  eventJson,
  JSON_RESPONSE_EVENT,
  sseRequest,
  upstreamMessage,
} from "../http/sse-request.js";
import { type HttpProviderOptions, upstreamTimeoutMs } from "../http/upstream-options.js";
import { createUrlCache } from "../http/url-cache.js";
import type { ChatRequest, Provider, ProviderEvent, StreamOptions } from "../provider.js";
import { ProviderError } from "../provider-error.js";

export const DEFAULT_ANTHROPIC_BASE = "https://api.anthropic.com";
export const ANTHROPIC_VERSION = "2023-06-01";
/** The Messages API requires max_tokens; this is used when the request sets none. */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;

export type AnthropicProviderOptions = HttpProviderOptions;

/** The parts of Messages API stream events tagroute reads. */
interface AnthropicEvent {
  readonly type?: string;
  /** A whole (non-streamed) message: its text blocks, stop reason and usage. */
  readonly content?: readonly { readonly type?: string; readonly text?: string }[];
  readonly stop_reason?: string | null;
  readonly message?: {
    readonly usage?: { readonly input_tokens?: number; readonly output_tokens?: number };
  };
  readonly delta?: {
    readonly type?: string;
    readonly text?: string;
    readonly stop_reason?: string | null;
  };
  readonly usage?: { readonly input_tokens?: number; readonly output_tokens?: number };
  readonly error?: { readonly message?: string };
}

const messagesUrl = createUrlCache((deployment) => {
  const base = (deployment.apiBase ?? DEFAULT_ANTHROPIC_BASE).replace(/\/+$/, "");
  return base.endsWith("/v1") ? `${base}/messages` : `${base}/v1/messages`;
});

/** The Messages API body: system messages go to `system`; only conversation and sampling go up. */
export function anthropicBody(deployment: Deployment, request: ChatRequest): string {
  const system = request.messages.filter((m) => m.role === "system").map((m) => m.content);
  const body: Record<string, unknown> = {
    model: deployment.upstreamModel,
    messages: request.messages
      .filter((m) => m.role !== "system")
      .map((m) => ({ role: m.role, content: m.content })),
    max_tokens: request.maxTokens ?? DEFAULT_ANTHROPIC_MAX_TOKENS,
    stream: true,
  };
  if (system.length > 0) body.system = system.join("\n\n");
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.stop !== undefined && request.stop.length > 0) body.stop_sequences = request.stop;
  if (request.user !== undefined) body.metadata = { user_id: request.user };
  return JSON.stringify(body);
}

/** Anthropic's stop reasons in the OpenAI vocabulary Complete reports. */
const FINISH: Readonly<Record<string, string>> = {
  end_turn: "stop",
  stop_sequence: "stop",
  max_tokens: "length",
  tool_use: "tool_calls",
};

/**
 * `anthropic`: the Messages API streamed over SSE, mapped to the same events as every provider:
 * `content_block_delta` text → deltas; `message_start` / `message_delta` usage → usage;
 * `stop_reason` → finish; an `error` event fails the stream; no `message_stop` is a cut stream.
 */
export function createAnthropicProvider(
  options: AnthropicProviderOptions = {},
): Provider & { close(): Promise<void> } {
  const pools = createPoolSet(options.connectionsPerOrigin);

  async function* stream(
    deployment: Deployment,
    request: ChatRequest,
    { signal }: StreamOptions,
  ): AsyncGenerator<ProviderEvent> {
    const secret = deployment.credential?.secret.reveal();
    let inputTokens = 0;
    let outputTokens = 0;
    let finish = "stop";
    let stopped = false;
    for await (const batch of sseRequest({
      pools,
      url: messagesUrl(deployment),
      headers: {
        "anthropic-version": ANTHROPIC_VERSION,
        ...(secret === undefined ? {} : { "x-api-key": secret }),
      },
      body: anthropicBody(deployment, request),
      signal,
      timeoutMs: upstreamTimeoutMs(deployment, options),
      secret,
    })) {
      for (const event of batch) {
        // Read on to the end of the body after message_stop: a response read to its end hands its
        // connection back to the pool; one cut short closes it.
        if (stopped) continue;
        const data = eventJson<AnthropicEvent>(event);
        if (event.event === JSON_RESPONSE_EVENT && data.type === "message") {
          // The server answered with the whole message: that is the whole stream.
          for (const block of data.content ?? [])
            if (block.type === "text" && block.text) yield { kind: "delta", text: block.text };
          inputTokens = data.usage?.input_tokens ?? 0;
          outputTokens = data.usage?.output_tokens ?? 0;
          if (typeof data.stop_reason === "string")
            finish = FINISH[data.stop_reason] ?? data.stop_reason;
          stopped = true;
          continue;
        }
        const type = data.type ?? event.event;
        if (type === "error") {
          throw new ProviderError(
            "server",
            `upstream stream error: ${upstreamMessage(event.data, secret)}`,
          );
        }
        if (type === "message_start") {
          inputTokens = data.message?.usage?.input_tokens ?? 0;
          outputTokens = data.message?.usage?.output_tokens ?? 0;
        } else if (
          type === "content_block_delta" &&
          data.delta?.type === "text_delta" &&
          data.delta.text
        ) {
          yield { kind: "delta", text: data.delta.text };
        } else if (type === "message_delta") {
          if (data.usage?.output_tokens !== undefined) outputTokens = data.usage.output_tokens;
          const reason = data.delta?.stop_reason;
          if (typeof reason === "string") finish = FINISH[reason] ?? reason;
        } else if (type === "message_stop") {
          stopped = true;
        }
      }
    }
    if (!stopped)
      throw new ProviderError("connection", "the upstream stream ended before message_stop");
    yield { kind: "usage", inputTokens, outputTokens };
    yield { kind: "finish", reason: finish };
  }

  return { kind: "anthropic", stream, close: () => pools.close() };
}
