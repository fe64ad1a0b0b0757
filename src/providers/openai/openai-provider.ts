import { createParser, type EventSourceMessage } from "eventsource-parser";
import { Pool } from "undici";
import type { Deployment } from "../../core/index.js";
import type { ChatRequest, Provider, ProviderEvent, StreamOptions } from "../provider.js";
import { kindOfStatus, ProviderError, parseRetryAfter } from "../provider-error.js";
import { type OpenAIChunk, openAIBody } from "./openai-body.js";

export const DEFAULT_OPENAI_BASE = "https://api.openai.com/v1";
const MAX_ERROR_BODY = 16 * 1024;
const MAX_MESSAGE = 500;

export interface OpenAIProviderOptions {
  /** Used when neither the deployment nor the call sets a timeout. */
  readonly defaultTimeoutMs?: number;
  /** Connections kept per upstream origin. */
  readonly connectionsPerOrigin?: number;
}

/** The upstream's own error message, bounded, with the credential cut out if it was echoed. */
function upstreamMessage(text: string, secret: string | undefined): string {
  let message = text;
  try {
    const parsed = JSON.parse(text) as OpenAIChunk;
    if (typeof parsed.error?.message === "string") message = parsed.error.message;
  } catch {
    // Not JSON: keep the text itself (bounded below).
  }
  if (secret !== undefined && secret !== "") message = message.split(secret).join("[redacted]");
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message;
}

function chatUrl(deployment: Deployment): URL {
  const base = deployment.apiBase ?? DEFAULT_OPENAI_BASE;
  return new URL(`${base.replace(/\/+$/, "")}/chat/completions`);
}

/**
 * `openai`: any server speaking the OpenAI chat API (OpenAI, vLLM, Ollama, LiteLLM, …), streamed
 * over SSE. One keep-alive undici pool per upstream origin; SSE parsed by eventsource-parser, with
 * a streaming TextDecoder so a multi-byte character split across chunks arrives whole. The
 * caller's signal and the timeout both abort the upstream request; so does stopping iteration.
 */
export function createOpenAIProvider(
  options: OpenAIProviderOptions = {},
): Provider & { close(): Promise<void> } {
  const pools = new Map<string, Pool>();
  const poolFor = (origin: string): Pool => {
    let pool = pools.get(origin);
    if (pool === undefined) {
      pool = new Pool(origin, {
        connections: options.connectionsPerOrigin ?? 64,
        keepAliveTimeout: 30_000,
      });
      pools.set(origin, pool);
    }
    return pool;
  };

  async function* stream(
    deployment: Deployment,
    request: ChatRequest,
    { signal }: StreamOptions,
  ): AsyncGenerator<ProviderEvent> {
    const url = chatUrl(deployment);
    const secret = deployment.credential?.secret.reveal();
    const timeoutMs = deployment.timeoutMs ?? options.defaultTimeoutMs ?? 600_000;
    const timeout = AbortSignal.timeout(timeoutMs);
    const local = new AbortController();
    const abort = AbortSignal.any([signal, timeout, local.signal]);
    const fail = (error: unknown): ProviderError => {
      if (error instanceof ProviderError) return error;
      if (signal.aborted)
        return new ProviderError("aborted", "the caller went away", { cause: error });
      if (timeout.aborted)
        return new ProviderError("timeout", `no complete answer within ${timeoutMs} ms`, {
          cause: error,
        });
      const code = (error as { code?: string }).code ?? "";
      return new ProviderError(
        "connection",
        `cannot reach ${url.origin}${code ? ` (${code})` : ""}`,
        { cause: error },
      );
    };

    let response: Awaited<ReturnType<Pool["request"]>>;
    try {
      response = await poolFor(url.origin).request({
        method: "POST",
        path: `${url.pathname}${url.search}`,
        headers: {
          "content-type": "application/json",
          accept: "text/event-stream",
          ...(secret === undefined ? {} : { authorization: `Bearer ${secret}` }),
        },
        body: openAIBody(deployment, request),
        signal: abort,
      });
    } catch (error) {
      throw fail(error);
    }

    try {
      if (response.statusCode >= 400) {
        let text = "";
        for await (const chunk of response.body) {
          if (text.length < MAX_ERROR_BODY) text += chunk.toString();
        }
        const retry = response.headers["retry-after"];
        const retryAfterMs = parseRetryAfter(Array.isArray(retry) ? retry[0] : retry, Date.now());
        throw new ProviderError(
          kindOfStatus(response.statusCode),
          `upstream answered ${response.statusCode}: ${upstreamMessage(text, secret)}`,
          { status: response.statusCode, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
        );
      }

      const events: EventSourceMessage[] = [];
      const parser = createParser({ onEvent: (event) => events.push(event) });
      const decoder = new TextDecoder();
      let finish = "stop";
      let usage: { inputTokens: number; outputTokens: number } | undefined;
      let done = false;
      for await (const chunk of response.body) {
        parser.feed(decoder.decode(chunk, { stream: true }));
        for (const event of events.splice(0)) {
          if (event.data === "[DONE]") {
            done = true;
            break;
          }
          let data: OpenAIChunk;
          try {
            data = JSON.parse(event.data) as OpenAIChunk;
          } catch (error) {
            throw new ProviderError("server", "upstream sent a chunk that is not JSON", {
              cause: error,
            });
          }
          if (event.event === "error" || data.error !== undefined) {
            throw new ProviderError(
              "server",
              `upstream stream error: ${upstreamMessage(event.data, secret)}`,
            );
          }
          for (const choice of data.choices ?? []) {
            const text = choice.delta?.content;
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
        if (done) break;
      }
      if (!done) throw new ProviderError("connection", "the upstream stream ended before [DONE]");
      if (usage !== undefined) yield { kind: "usage", ...usage };
      yield { kind: "finish", reason: finish };
    } catch (error) {
      throw fail(error);
    } finally {
      // Ends the upstream request if the consumer stopped early or anything failed.
      local.abort();
      response.body.destroy();
    }
  }

  return {
    kind: "openai",
    stream,
    async close() {
      await Promise.all([...pools.values()].map((p) => p.close()));
    },
  };
}
