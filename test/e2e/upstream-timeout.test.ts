import { describe, expect, it } from "vitest";
import { againstFakeUpstream } from "./against-fake-upstream.js";
import { failure } from "./support.js";

const fixture = againstFakeUpstream(
  (baseUrl) => `model_list:
  - model_name: gpt-4
    litellm_params: { model: openai/slow, api_base: "${baseUrl}", tags: [router] }
    model_info: { id: slow-1 }
  - model_name: gpt-4
    litellm_params: { model: openai/slow, api_base: "${baseUrl}", timeout: 0.2, tags: [own] }
    model_info: { id: own-timeout }
router_settings:
  timeout: 30
  stream_timeout: 0.4 # every upstream call streams: this one applies
  num_retries: 0
`,
);

const messages = [{ role: "user", content: "hi" }];

describe("router_settings timeouts bound upstream calls", () => {
  it("stream_timeout ends a deployment's call that has no timeout of its own", async () => {
    const started = Date.now();
    const error = await failure(
      fixture.server
        .client("grpc")
        .completeText({ routing: { model: "gpt-4", tags: ["router"] }, messages }),
    );
    expect(error.codeName).toBe("DEADLINE_EXCEEDED");
    expect(error.message).toContain("within 400 ms");
    expect(error.reason).toBe("UPSTREAM_ERROR");
    expect(error.metadata.upstream_error).toBe("timeout");
    // Well before router_settings.timeout (30 s) and the slow upstream's own end (5 s).
    expect(Date.now() - started).toBeLessThan(3_000);
    await expect
      .poll(() => fixture.upstream.requests.at(-1)?.aborted, { timeout: 2_000 })
      .toBe(true);
  });

  it("a deployment's own timeout wins over the router's", async () => {
    const error = await failure(
      fixture.server
        .client("grpc")
        .completeText({ routing: { model: "gpt-4", tags: ["own"] }, messages }),
    );
    expect(error.metadata.upstream_error).toBe("timeout");
    expect(error.message).toContain("within 200 ms");
  });
});
