export {
  createOpenAIProvider,
  DEFAULT_OPENAI_BASE,
  type OpenAIProviderOptions,
} from "./openai-provider.js";
