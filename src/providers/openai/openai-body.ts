import type { Deployment } from "../../core/index.js";
import type { ChatRequest } from "../provider.js";

/**
 * The OpenAI chat-completions request body. Only the conversation and sampling parameters go
 * upstream: tags and routing fields stay in tagroute.
 */
export function openAIBody(deployment: Deployment, request: ChatRequest): string {
  const body: Record<string, unknown> = {
    model: deployment.upstreamModel,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    stream: true,
    stream_options: { include_usage: true },
  };
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
  if (request.stop !== undefined && request.stop.length > 0) body.stop = request.stop;
  if (request.user !== undefined) body.user = request.user;
  if (request.seed !== undefined) body.seed = Number(request.seed);
  return JSON.stringify(body);
}

/**
 * One `data:` payload of the stream, or a whole `chat.completion` when the server answered with
 * JSON (`message` instead of `delta`), as far as tagroute reads them.
 */
export interface OpenAIChunk {
  readonly choices?: readonly {
    readonly delta?: { readonly content?: string | null };
    readonly message?: { readonly content?: string | null };
    readonly finish_reason?: string | null;
  }[];
  readonly usage?: { readonly prompt_tokens?: number; readonly completion_tokens?: number } | null;
  readonly error?: { readonly message?: string; readonly type?: string; readonly code?: unknown };
}
