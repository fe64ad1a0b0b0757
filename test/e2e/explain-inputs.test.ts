import { describe, expect, it } from "vitest";
import type { TagrouteClient } from "../../sdk/src/index.js";
import { againstFakeUpstream } from "./against-fake-upstream.js";

const fixture = againstFakeUpstream(
  (baseUrl) => `model_list:
  - model_name: gpt-4
    litellm_params: { model: openai/ok, api_base: "${baseUrl}", tags: [fast] }
    model_info: { id: fast-1 }
  - model_name: gpt-4
    litellm_params: { model: openai/slow, api_base: "${baseUrl}", tags: [slow] }
    model_info: { id: slow-1 }
router_settings:
  routing_strategy: least-busy
`,
);
const client = (): TagrouteClient => fixture.server.client("grpc");

const messages = [{ role: "user", content: "hi" }];
const both = { model: "gpt-4", tags: ["fast", "slow"] };

async function explained() {
  const response = await client().selectDeployment({ routing: both, explain: true });
  const rows = new Map(
    [...(response.explanation?.allowed ?? []), ...(response.explanation?.excluded ?? [])].map(
      (row) => [row.id, row],
    ),
  );
  return { response, rows };
}

describe("explanations show what the strategy weighed", () => {
  it("in flight, time to first token and this minute's requests and tokens, per deployment", async () => {
    for (let i = 0; i < 3; i++)
      await client().completeText({ routing: { model: "gpt-4", tags: ["fast"] }, messages });

    // A slow stream held open (read by hand: `break` would cancel it): slow-1 has a call in flight.
    const stream = client().complete({ routing: { model: "gpt-4", tags: ["slow"] }, messages });
    for (;;) {
      const next = await stream.next();
      if (next.done === true || next.value.kind === "delta") break;
    }

    const { response, rows } = await explained();
    expect(response.explanation?.strategy).toBe("least-busy");
    // least-busy picks the deployment with nothing in flight.
    expect(response.deployment?.id).toBe("fast-1");
    const fast = rows.get("fast-1")?.inputs;
    const slow = rows.get("slow-1")?.inputs;
    expect(fast?.inFlight).toBe(0);
    expect(fast?.minuteRequests).toBe(3);
    // The fake upstream reports 5 prompt + 2 completion tokens per call.
    expect(fast?.minuteTokens).toBe(21);
    expect(fast?.latencyMs).toBeGreaterThanOrEqual(0);
    expect(slow?.inFlight).toBe(1);
    expect(slow?.minuteRequests).toBe(1);
    expect(slow?.latencyMs).toBeGreaterThanOrEqual(0);

    await stream.return();
    await expect
      .poll(async () => (await explained()).rows.get("slow-1")?.inputs?.inFlight, {
        timeout: 3_000,
      })
      .toBe(0);
  });
});
