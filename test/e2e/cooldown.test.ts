import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Code, type TagrouteClient } from "../../sdk/src/index.js";
import { type FakeOpenAI, startFakeOpenAI } from "../providers/fake-openai.js";
import { failure, startTestServer, type TestServer } from "./support.js";

let upstream: FakeOpenAI;
let server: TestServer;
let client: TagrouteClient;

beforeAll(async () => {
  upstream = await startFakeOpenAI();
  const entry = (id: string, model: string, tag: string) => `
  - model_name: gpt-4
    litellm_params: { model: openai/${model}, api_base: "${upstream.baseUrl}", tags: [${tag}] }
    model_info: { id: ${id} }`;
  server = await startTestServer({
    config: `model_list:${entry("busy-1", "429", "busy")}${entry("flaky-1", "500", "flaky")}${entry("ok-1", "ok", "default")}
  - model_name: gpt-4
    litellm_params: { model: mock/m, tags: [limited], rpm: 2 }
    model_info: { id: limited-1 }
router_settings:
  allowed_fails: 1
  cooldown_time: 30
  num_retries: 0
`,
  });
  client = server.client("grpc");
});
afterAll(async () => {
  await server?.close();
  await upstream?.close();
});

const messages = [{ role: "user", content: "hi" }];

describe("cooldowns feed routing, so SelectDeployment and Complete agree", () => {
  it("a 429 with retry-after cools the deployment for that long: the tag is then UNAVAILABLE, not rerouted", async () => {
    expect(
      (await client.selectDeployment({ routing: { model: "gpt-4", tags: ["busy"] } })).deployment
        ?.id,
    ).toBe("busy-1");
    const upstreamError = await failure(
      client.completeText({ routing: { model: "gpt-4", tags: ["busy"] }, messages }),
    );
    expect(upstreamError.reason).toBe("UPSTREAM_ERROR");

    const cooling = await failure(
      client.selectDeployment({ routing: { model: "gpt-4", tags: ["busy"] } }),
    );
    expect(cooling.code).toBe(Code.Unavailable);
    expect(cooling.reason).toBe("DEPLOYMENTS_UNAVAILABLE");
    expect(cooling.retryAfterMs).toBeGreaterThan(5_000);
    expect(cooling.retryAfterMs).toBeLessThanOrEqual(7_000);
    const alsoComplete = await failure(
      client.completeText({ routing: { model: "gpt-4", tags: ["busy"] }, messages }),
    );
    expect(alsoComplete.reason).toBe("DEPLOYMENTS_UNAVAILABLE");
    // Other tags are untouched.
    expect((await client.selectDeployment({ routing: { model: "gpt-4" } })).deployment?.id).toBe(
      "ok-1",
    );
  });

  it("more than allowed_fails failures cool a deployment for cooldown_time", async () => {
    await failure(client.completeText({ routing: { model: "gpt-4", tags: ["flaky"] }, messages }));
    expect(
      (await client.selectDeployment({ routing: { model: "gpt-4", tags: ["flaky"] } })).deployment
        ?.id,
    ).toBe("flaky-1");
    await failure(client.completeText({ routing: { model: "gpt-4", tags: ["flaky"] }, messages }));
    const cooling = await failure(
      client.selectDeployment({ routing: { model: "gpt-4", tags: ["flaky"] }, explain: true }),
    );
    expect(cooling.reason).toBe("DEPLOYMENTS_UNAVAILABLE");
    expect(cooling.retryAfterMs).toBeGreaterThan(25_000);
  });

  it("a deployment at its own rpm is set aside like a cooling one, until the minute ends", async () => {
    for (let i = 0; i < 2; i++) {
      await client.completeText({ routing: { model: "gpt-4", tags: ["limited"] }, messages });
    }
    const limited = await failure(
      client.selectDeployment({ routing: { model: "gpt-4", tags: ["limited"] } }),
    );
    expect(limited.code).toBe(Code.Unavailable);
    expect(limited.reason).toBe("DEPLOYMENTS_UNAVAILABLE");
    expect(limited.retryAfterMs).toBeGreaterThan(0);
    expect(limited.retryAfterMs).toBeLessThanOrEqual(60_000);
  });
});
