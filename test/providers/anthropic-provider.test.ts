import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeDeployment, Secret } from "../../src/core/index.js";
import {
  createAnthropicProvider,
  isProviderError,
  type ProviderEvent,
} from "../../src/providers/index.js";
import { type FakeAnthropic, startFakeAnthropic } from "./fake-anthropic.js";

const SECRET = "sk-ant-test-1234";
let upstream: FakeAnthropic;
const provider = createAnthropicProvider();
beforeAll(async () => {
  upstream = await startFakeAnthropic();
});
afterAll(async () => {
  await provider.close();
  await upstream.close();
});

const deployment = (model: string) =>
  makeDeployment({
    id: `a-${model}`,
    modelGroup: "claude",
    provider: "anthropic",
    upstreamModel: model,
    apiBase: upstream.baseUrl,
    credential: { kind: "inline", secret: new Secret(SECRET) },
  });

async function collect(model: string, maxTokens?: number) {
  const events: ProviderEvent[] = [];
  const request = {
    messages: [
      { role: "system" as const, content: "be brief" },
      { role: "user" as const, content: "salut" },
    ],
    stop: ["END"],
    user: "u-1",
    ...(maxTokens === undefined ? {} : { maxTokens }),
  };
  for await (const e of provider.stream(deployment(model), request, {
    signal: new AbortController().signal,
  }))
    events.push(e);
  return events;
}

async function kindOf(run: Promise<unknown>): Promise<string> {
  try {
    await run;
  } catch (error) {
    if (isProviderError(error)) return error.kind;
    throw error;
  }
  return "none";
}

describe("anthropic provider against a real Messages API stream", () => {
  it("maps the Messages stream to deltas, usage and finish, and sends the Messages body", async () => {
    expect(await collect("ok", 50)).toEqual([
      { kind: "delta", text: "Bonjour" },
      { kind: "delta", text: " à tous" },
      { kind: "usage", inputTokens: 11, outputTokens: 3 },
      { kind: "finish", reason: "length" },
    ]);
    const seen = upstream.requests.at(-1);
    expect(seen).toMatchObject({ path: "/v1/messages", apiKey: SECRET, version: "2023-06-01" });
    expect(seen?.body).toEqual({
      model: "ok",
      system: "be brief",
      messages: [{ role: "user", content: "salut" }],
      max_tokens: 50,
      stream: true,
      stop_sequences: ["END"],
      metadata: { user_id: "u-1" },
    });
  });

  it("relays a whole JSON message from a server that does not stream", async () => {
    expect(await collect("json", 50)).toEqual([
      { kind: "delta", text: "Bonjour" },
      { kind: "delta", text: " à tous" },
      { kind: "usage", inputTokens: 9, outputTokens: 4 },
      { kind: "finish", reason: "stop" },
    ]);
  });

  it("always sends max_tokens, which the Messages API requires", async () => {
    await collect("ok");
    expect(upstream.requests.at(-1)?.body.max_tokens).toBe(4096);
  });

  it("maps an overloaded answer, an error event and a stream without message_stop", async () => {
    expect(await kindOf(collect("529"))).toBe("server");
    expect(await kindOf(collect("error-event"))).toBe("server");
    expect(await kindOf(collect("no-stop"))).toBe("connection");
  });
});
