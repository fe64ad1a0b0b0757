import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Code, type TagrouteClient } from "../../sdk/src/index.js";
import { type FakeOpenAI, startFakeOpenAI } from "../providers/fake-openai.js";
import { failure, startTestServer, type TestServer } from "./support.js";

const UPSTREAM_KEY = "sk-upstream-e2e-9876";
let upstream: FakeOpenAI;
let server: TestServer;
let client: TagrouteClient;

beforeAll(async () => {
  upstream = await startFakeOpenAI();
  const entry = (id: string, model: string, tags: string[]) => `
  - model_name: gpt-4
    litellm_params:
      model: openai/${model}
      api_base: ${upstream.baseUrl}
      api_key: os.environ/UPSTREAM_KEY
      tags: [${tags.join(", ")}]
      input_cost_per_token: 0.5
      output_cost_per_token: 1
    model_info: { id: ${id} }`;
  server = await startTestServer({
    config: `model_list:${entry("ok-1", "ok", ["default"])}${entry("split-1", "split", ["split"])}${entry("down-1", "500", ["down"])}${entry("busy-1", "429", ["busy"])}`,
    env: { UPSTREAM_KEY },
  });
  client = server.client("grpc");
});
afterAll(async () => {
  await server?.close();
  await upstream?.close();
});

const hello = [{ role: "user", content: "hi" }];

describe("Complete against an OpenAI-compatible upstream", () => {
  it("streams the upstream's deltas with usage, cost and finish, and keeps tags away from it", async () => {
    const out = await client.completeText({
      routing: { model: "gpt-4", tags: ["default"] },
      messages: hello,
      temperature: 0.2,
    });
    expect(out).toMatchObject({
      text: "Hello, world",
      deploymentId: "ok-1",
      finishReason: "length",
    });
    expect(out.usage).toMatchObject({ inputTokens: 5, outputTokens: 2, costUsd: 5 * 0.5 + 2 });
    const seen = upstream.requests.at(-1);
    expect(seen?.authorization).toBe(`Bearer ${UPSTREAM_KEY}`);
    expect(JSON.stringify(seen?.body)).not.toContain("default");
    expect(seen?.body.temperature).toBe(0.2);
  });

  it("relays characters split across upstream chunks intact", async () => {
    const out = await client.completeText({
      routing: { model: "gpt-4", tags: ["split"] },
      messages: hello,
    });
    expect(out.text).toBe("héllo wörld 🙂");
  });

  it("maps upstream failures to UPSTREAM_ERROR without leaking the upstream credential", async () => {
    const down = await failure(
      client.completeText({ routing: { model: "gpt-4", tags: ["down"] }, messages: hello }),
    );
    expect(down.code).toBe(Code.Unavailable);
    expect(down.reason).toBe("UPSTREAM_ERROR");
    const busy = await failure(
      client.completeText({ routing: { model: "gpt-4", tags: ["busy"] }, messages: hello }),
    );
    expect(busy.code).toBe(Code.Unavailable);
    expect(busy.retryAfterMs).toBe(7000);
    // The fake upstream echoes the authorization header in its 429 body.
    expect(busy.message).not.toContain(UPSTREAM_KEY);
    expect(server.rawLogs.join("\n")).not.toContain(UPSTREAM_KEY);
  });
});
