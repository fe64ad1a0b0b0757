import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "../providers/fake-openai.js";
import { failure, startTestServer, type TestServer } from "./support.js";

let upstream: FakeOpenAI;
let server: TestServer;

beforeAll(async () => {
  upstream = await startFakeOpenAI();
  server = await startTestServer({
    config: `model_list:
  - model_name: gpt-4
    litellm_params: { model: openai/500, api_base: "${upstream.baseUrl}", tags: [flaky] }
    model_info: { id: flaky-1 }
router_settings:
  allowed_fails: 0 # the first failure cools it
  cooldown_time: 0.3
  num_retries: 0
`,
  });
});
afterAll(async () => {
  await server?.close();
  await upstream?.close();
});

const routing = { model: "gpt-4", tags: ["flaky"] };

describe("a cooling deployment", () => {
  it("is set aside until its cooldown ends (RetryInfo says when), then serves again", async () => {
    const client = server.client("grpc");
    await failure(client.completeText({ routing, messages: [{ role: "user", content: "hi" }] }));
    const cooling = await failure(client.selectDeployment({ routing }));
    expect(cooling.reason).toBe("DEPLOYMENTS_UNAVAILABLE");
    expect(cooling.retryAfterMs).toBeGreaterThan(0);
    expect(cooling.retryAfterMs).toBeLessThanOrEqual(300);

    await new Promise((resolve) => setTimeout(resolve, (cooling.retryAfterMs ?? 0) + 50));
    const back = await client.selectDeployment({ routing, explain: true });
    expect(back.deployment?.id).toBe("flaky-1");
    expect(back.explanation?.allowed[0]).toMatchObject({ id: "flaky-1", reason: "tags" });
  });
});
