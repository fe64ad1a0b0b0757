/** Upstream clients behind one interface: `mock`, `openai` (any OpenAI-compatible API), `anthropic`. */

export {
  type AnthropicProviderOptions,
  createAnthropicProvider,
  DEFAULT_ANTHROPIC_BASE,
} from "./anthropic/index.js";
export { createMockProvider, type MockProviderOptions, mockTokens } from "./mock/index.js";
export {
  createOpenAIProvider,
  DEFAULT_OPENAI_BASE,
  type OpenAIProviderOptions,
} from "./openai/index.js";
export type {
  ChatMessage,
  ChatRequest,
  Provider,
  ProviderEvent,
  StreamOptions,
} from "./provider.js";
export {
  isProviderError,
  kindOfStatus,
  ProviderError,
  type ProviderErrorKind,
  parseRetryAfter,
} from "./provider-error.js";
