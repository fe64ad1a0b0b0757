/** Upstream clients behind one interface. This issue ships `mock`; openai and anthropic follow. */
export { createMockProvider, type MockProviderOptions, mockTokens } from "./mock/index.js";
export type {
  ChatMessage,
  ChatRequest,
  Provider,
  ProviderEvent,
  StreamOptions,
} from "./provider.js";
