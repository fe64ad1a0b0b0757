import { setTimeout as sleep } from "node:timers/promises";
import type { ChatRequest, Provider, ProviderEvent } from "../provider.js";

export interface MockProviderOptions {
  /** Delay before each token, in milliseconds (0: as fast as the consumer reads). */
  readonly tokenDelayMs?: number;
}

/** Splits text into word-ish tokens that keep their trailing white space, so they concatenate back. */
export function mockTokens(text: string): string[] {
  return text.match(/\S+\s*/g) ?? [];
}

function countWords(request: ChatRequest): number {
  return request.messages.reduce((n, m) => n + mockTokens(m.content).length, 0);
}

/**
 * The embedded `mock` provider: a deterministic reply (the deployment, its model and the last
 * user message echoed back), one token at a time with a configurable delay. The bundled example
 * config uses it so `npm start` works with no API key, and tests use it for exact expectations.
 */
export function createMockProvider(options: MockProviderOptions = {}): Provider {
  const delay = options.tokenDelayMs ?? 0;
  return {
    kind: "mock",
    async *stream(deployment, request, { signal }): AsyncGenerator<ProviderEvent> {
      const lastUser =
        [...request.messages].reverse().find((m) => m.role === "user")?.content ?? "";
      const reply = `This is a mock completion from ${deployment.id} (${deployment.upstreamModel}). You said: ${lastUser}`;
      const tokens = mockTokens(reply);
      const limit = request.maxTokens ?? tokens.length;
      let sent = 0;
      for (const token of tokens.slice(0, limit)) {
        signal.throwIfAborted();
        if (delay > 0) await sleep(delay, undefined, { signal });
        sent++;
        yield { kind: "delta", text: token };
      }
      yield { kind: "usage", inputTokens: countWords(request), outputTokens: sent };
      yield { kind: "finish", reason: sent < tokens.length ? "length" : "stop" };
    },
  };
}
