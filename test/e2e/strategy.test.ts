import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    config: `model_list:
  - { model_name: gpt-4, litellm_params: { model: mock/a, input_cost_per_token: 0.002, tags: [t], order: 1 }, model_info: { id: dear } }
  - { model_name: gpt-4, litellm_params: { model: mock/b, input_cost_per_token: 0.001, tags: [t], order: 1 }, model_info: { id: cheap } }
  - { model_name: gpt-4, litellm_params: { model: mock/c, input_cost_per_token: 0.0001, tags: [t], order: 2 }, model_info: { id: cheapest-backup } }
router_settings:
  routing_strategy: cost-based-routing
`,
  });
});
afterAll(async () => {
  await server?.close();
});

describe("routing_strategy from the config, after the tag filter, on both RPCs", () => {
  it("cost-based-routing picks the cheapest of the best order tier, every time", async () => {
    const client = server.client("grpc");
    for (let i = 0; i < 10; i++) {
      const res = await client.selectDeployment({ routing: { model: "gpt-4", tags: ["t"] } });
      expect(res.deployment?.id).toBe("cheap");
      expect(res.candidateCount).toBe(3);
    }
    const out = await client.completeText({
      routing: { model: "gpt-4", tags: ["t"] },
      messages: [{ role: "user", content: "x" }],
    });
    expect(out.deploymentId).toBe("cheap");
  });
});
