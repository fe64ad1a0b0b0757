export {
  ANTHROPIC_VERSION,
  type AnthropicProviderOptions,
  anthropicBody,
  createAnthropicProvider,
  DEFAULT_ANTHROPIC_BASE,
  DEFAULT_ANTHROPIC_MAX_TOKENS,
} from "./anthropic-provider.js";
