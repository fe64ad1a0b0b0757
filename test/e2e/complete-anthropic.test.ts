import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeAnthropic, startFakeAnthropic } from "../providers/fake-anthropic.js";
import { startTestServer, type TestServer } from "./support.js";

let upstream: FakeAnthropic;
let server: TestServer;
beforeAll(async () => {
  upstream = await startFakeAnthropic();
  server = await startTestServer({
    config: `model_list:
  - model_name: claude
    litellm_params: { model: anthropic/ok, api_base: "${upstream.baseUrl}", api_key: os.environ/ANTHROPIC_KEY, output_cost_per_token: 0.01 }
    model_info: { id: claude-1 }
`,
    env: { ANTHROPIC_KEY: "sk-ant-e2e" },
  });
});
afterAll(async () => {
  await server?.close();
  await upstream?.close();
});

describe("Complete against an Anthropic Messages upstream", () => {
  it("streams the same events as any provider, with cost", async () => {
    const out = await server.client("connect").completeText({
      routing: { model: "claude" },
      messages: [{ role: "user", content: "salut" }],
    });
    expect(out).toMatchObject({
      text: "Bonjour à tous",
      deploymentId: "claude-1",
      finishReason: "length",
    });
    expect(out.usage).toMatchObject({ inputTokens: 11, outputTokens: 3 });
    expect(out.usage?.costUsd).toBeCloseTo(0.03);
    expect(upstream.requests.at(-1)?.apiKey).toBe("sk-ant-e2e");
  });
});
