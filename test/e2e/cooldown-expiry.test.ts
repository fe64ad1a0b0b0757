import { describe, expect, it } from "vitest";
import { againstFakeUpstream } from "./against-fake-upstream.js";
import { failure } from "./support.js";

const fixture = againstFakeUpstream(
  (baseUrl) => `model_list:
  - model_name: gpt-4
    litellm_params: { model: openai/500, api_base: "${baseUrl}", tags: [flaky] }
    model_info: { id: flaky-1 }
router_settings:
  allowed_fails: 0 # the first failure cools it
  cooldown_time: 0.3
  num_retries: 0
`,
);

const routing = { model: "gpt-4", tags: ["flaky"] };

describe("a cooling deployment", () => {
  it("is set aside until its cooldown ends (RetryInfo says when), then serves again", async () => {
    const client = fixture.server.client("grpc");
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
