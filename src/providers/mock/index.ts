export { createMockProvider, type MockProviderOptions, mockTokens } from "./mock-provider.js";
