import { beforeAll, describe, expect, it } from "vitest";
import { isTagrouteError, type TagrouteClient } from "../../sdk/src/index.js";
import { againstFakeUpstream } from "./against-fake-upstream.js";

const fixture = againstFakeUpstream(
  (baseUrl) => `model_list:
  - model_name: gpt-4
    litellm_params: { model: openai/slow, api_base: "${baseUrl}" }
    model_info: { id: slow-1 }
`,
);

const request = { routing: { model: "gpt-4" }, messages: [{ role: "user", content: "hi" }] };

/**
 * The upstream saw its latest request end early and the socket it came on closed. (undici 7
 * then opens one fresh, unused connection in its place — nodejs/undici#5845 — which stays in
 * the pool for the next request; that one is not the aborted request's socket.)
 */
async function upstreamCutOff(before: number): Promise<void> {
  expect(fixture.upstream.requests.length).toBe(before + 1);
  await expect.poll(() => fixture.upstream.requests.at(-1)?.aborted, { timeout: 3_000 }).toBe(true);
  await expect
    .poll(() => fixture.upstream.requests.at(-1)?.socketClosed, { timeout: 3_000 })
    .toBe(true);
}

describe.each(["grpc", "connect"] as const)(
  "Complete over %s ends its upstream request",
  (protocol) => {
    let client: TagrouteClient;
    beforeAll(() => {
      client = fixture.server.client(protocol);
    });

    it("when the caller cancels after the first delta", async () => {
      const before = fixture.upstream.requests.length;
      const stream = client.complete(request);
      let deltas = 0;
      for await (const event of stream) {
        if (event.kind === "delta") deltas++;
        // Leaving the loop cancels the call on the wire.
        if (deltas === 2) break;
      }
      expect(deltas).toBe(2);
      await upstreamCutOff(before);
    });

    it("when the caller's deadline passes mid-stream", async () => {
      const before = fixture.upstream.requests.length;
      let deltas = 0;
      let failure: unknown;
      try {
        for await (const event of client.complete(request, { timeoutMs: 300 }))
          if (event.kind === "delta") deltas++;
      } catch (error) {
        failure = error;
      }
      // The slow upstream sends a token every 50 ms: some arrived, then the deadline ended it.
      expect(deltas).toBeGreaterThan(0);
      expect(isTagrouteError(failure) && failure.codeName).toBe("DEADLINE_EXCEEDED");
      await upstreamCutOff(before);
      // The server logged the call as the deadline it was.
      await expect
        .poll(
          () =>
            fixture.server.logs
              .filter(
                (line) =>
                  line.method === "/tagroute.v1.RoutingService/Complete" &&
                  line.port === (protocol === "grpc" ? "grpc" : "http"),
              )
              .at(-1)?.code,
          { timeout: 3_000 },
        )
        .toBe("deadline_exceeded");
    });
  },
);
