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
import { type OpenAIChunk, openAIBody } from "./openai-body.js";

export const DEFAULT_OPENAI_BASE = "https://api.openai.com/v1";

export type OpenAIProviderOptions = HttpProviderOptions;

/** `{api_base}/chat/completions`, the OpenAI API's own base when the deployment sets none. */
const chatUrl = createUrlCache(
  (deployment) =>
    `${(deployment.apiBase ?? DEFAULT_OPENAI_BASE).replace(/\/+$/, "")}/chat/completions`,
);
/**
 * `openai`: any server speaking the OpenAI chat API (OpenAI, vLLM, Ollama, LiteLLM, …), streamed
 * over SSE with `stream_options.include_usage`; `[DONE]` ends the stream, an `error` payload
 * mid-stream fails it, and a stream that ends without `[DONE]` is a cut connection. A server that
 * ignores `stream: true` and answers one JSON completion is relayed as one delta.
 */
export function createOpenAIProvider(
  options: OpenAIProviderOptions = {},
): Provider & { close(): Promise<void> } {
  const pools = createPoolSet(options.connectionsPerOrigin);

  async function* stream(
    deployment: Deployment,
    request: ChatRequest,
    { signal }: StreamOptions,
  ): AsyncGenerator<ProviderEvent> {
    const secret = deployment.credential?.secret.reveal();
    let finish = "stop";
    let usage: { inputTokens: number; outputTokens: number } | undefined;
    let done = false;
    for await (const batch of sseRequest({
      pools,
      url: chatUrl(deployment),
      headers: secret === undefined ? {} : { authorization: `Bearer ${secret}` },
      body: openAIBody(deployment, request),
      signal,
      timeoutMs: upstreamTimeoutMs(deployment, options),
      secret,
    })) {
      for (const event of batch) {
        // Read on to the end of the body after [DONE] rather than stopping: a response read to its
        // end hands its connection back to the pool; one cut short closes it.
        if (done) continue;
        if (event.data === "[DONE]") {
          done = true;
          continue;
        }
        // A server that answered with one JSON completion: that answer is the whole stream.
        if (event.event === JSON_RESPONSE_EVENT) done = true;
        const data = eventJson<OpenAIChunk>(event);
        if (event.event === "error" || data.error !== undefined) {
          throw new ProviderError(
            "server",
            `upstream stream error: ${upstreamMessage(event.data, secret)}`,
          );
        }
        for (const choice of data.choices ?? []) {
          const text = (choice.delta ?? choice.message)?.content;
          if (typeof text === "string" && text !== "") yield { kind: "delta", text };
          if (typeof choice.finish_reason === "string") finish = choice.finish_reason;
        }
        if (data.usage) {
          usage = {
            inputTokens: data.usage.prompt_tokens ?? 0,
            outputTokens: data.usage.completion_tokens ?? 0,
          };
        }
      }
    }
    if (!done) throw new ProviderError("connection", "the upstream stream ended before [DONE]");
    if (usage !== undefined) yield { kind: "usage", ...usage };
    yield { kind: "finish", reason: finish };
  }

  return { kind: "openai", stream, close: () => pools.close() };
}
