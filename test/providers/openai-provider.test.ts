import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeDeployment, Secret } from "../../src/core/index.js";
import type { ProviderEvent } from "../../src/providers/index.js";
import {
  createOpenAIProvider,
  isProviderError,
  type ProviderError,
} from "../../src/providers/index.js";
import { type FakeOpenAI, startFakeOpenAI } from "./fake-openai.js";

const SECRET = "sk-upstream-secret-4242";
let upstream: FakeOpenAI;
const provider = createOpenAIProvider();
beforeAll(async () => {
  upstream = await startFakeOpenAI();
});
afterAll(async () => {
  await provider.close();
  await upstream.close();
});

const deployment = (model: string, timeoutMs?: number) =>
  makeDeployment({
    id: `d-${model}`,
    modelGroup: "g",
    provider: "openai",
    upstreamModel: model,
    apiBase: upstream.baseUrl,
    credential: { kind: "env", name: "KEY", secret: new Secret(SECRET) },
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });
const chat = {
  messages: [{ role: "user" as const, content: "hi" }],
  temperature: 0.5,
  maxTokens: 9,
  stop: ["x"],
  seed: 7n,
};

async function collect(model: string, signal = new AbortController().signal, timeoutMs?: number) {
  const events: ProviderEvent[] = [];
  for await (const e of provider.stream(deployment(model, timeoutMs), chat, { signal }))
    events.push(e);
  return events;
}
async function failure(run: Promise<unknown>): Promise<ProviderError> {
  try {
    await run;
  } catch (error) {
    if (isProviderError(error)) return error;
    throw error;
  }
  throw new Error("expected a provider error");
}

describe("openai provider against a real SSE server", () => {
  it("streams deltas, usage and the finish reason, and sends only the conversation and sampling", async () => {
    expect(await collect("ok")).toEqual([
      { kind: "delta", text: "Hello" },
      { kind: "delta", text: ", world" },
      { kind: "usage", inputTokens: 5, outputTokens: 2 },
      { kind: "finish", reason: "length" },
    ]);
    const seen = upstream.requests.at(-1);
    expect(seen?.authorization).toBe(`Bearer ${SECRET}`);
    expect(seen?.body).toEqual({
      model: "ok",
      messages: [{ role: "user", content: "hi" }],
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0.5,
      max_tokens: 9,
      stop: ["x"],
      seed: 7,
    });
  });

  it("relays a JSON completion from a server that ignores stream: true", async () => {
    expect(await collect("json")).toEqual([
      { kind: "delta", text: "Hello, world" },
      { kind: "usage", inputTokens: 5, outputTokens: 3 },
      { kind: "finish", reason: "stop" },
    ]);
  });

  it("reassembles characters and SSE lines split across chunks", async () => {
    const events = await collect("split");
    expect(events.flatMap((e) => (e.kind === "delta" ? [e.text] : [])).join("")).toBe(
      "héllo wörld 🙂",
    );
    expect(events.slice(-2)).toEqual([
      { kind: "usage", inputTokens: 3, outputTokens: 4 },
      { kind: "finish", reason: "stop" },
    ]);
  });

  it.each([
    ["429", "rate_limited", 429],
    ["500", "server", 500],
    ["401", "auth", 401],
  ] as const)("maps HTTP %s to %s", async (model, kind, status) => {
    const error = await failure(collect(model));
    expect(error).toMatchObject({ kind, status });
    if (kind === "rate_limited") expect(error.retryAfterMs).toBe(7000);
    expect(error.message).not.toContain(SECRET);
  });

  it("reports an error event mid-stream and a connection cut before [DONE]", async () => {
    expect((await failure(collect("midstream-error"))).kind).toBe("server");
    expect((await failure(collect("cut"))).kind).toBe("connection");
  });

  it("reports a refused connection", async () => {
    const dead = makeDeployment({
      id: "dead",
      modelGroup: "g",
      provider: "openai",
      upstreamModel: "ok",
      apiBase: "http://127.0.0.1:1/v1",
    });
    const error = await failure(
      (async () => {
        for await (const _ of provider.stream(dead, chat, {
          signal: new AbortController().signal,
        })) {
          // consume
        }
      })(),
    );
    expect(error.kind).toBe("connection");
  });

  it("the caller's abort reaches the upstream as a closed request", async () => {
    const controller = new AbortController();
    const error = await failure(
      (async () => {
        for await (const e of provider.stream(deployment("slow"), chat, {
          signal: controller.signal,
        })) {
          if (e.kind === "delta") controller.abort();
        }
      })(),
    );
    expect(error.kind).toBe("aborted");
    await expect.poll(() => upstream.requests.at(-1)?.aborted, { timeout: 2_000 }).toBe(true);
  });

  it("a consumer that stops early closes the upstream request", async () => {
    for await (const e of provider.stream(deployment("slow"), chat, {
      signal: new AbortController().signal,
    })) {
      if (e.kind === "delta") break;
    }
    await expect.poll(() => upstream.requests.at(-1)?.aborted, { timeout: 2_000 }).toBe(true);
  });

  it("reads each response to its end, so its kept-alive connection goes back to the pool", async () => {
    const fresh = await startFakeOpenAI();
    const own = createOpenAIProvider();
    try {
      const d = makeDeployment({
        id: "d-linger",
        modelGroup: "g",
        provider: "openai",
        upstreamModel: "linger",
        apiBase: fresh.baseUrl,
      });
      for (let i = 0; i < 3; i++) {
        const events: ProviderEvent[] = [];
        for await (const e of own.stream(d, chat, { signal: new AbortController().signal }))
          events.push(e);
        expect(events).toEqual([
          { kind: "delta", text: "Hello" },
          { kind: "finish", reason: "stop" },
        ]);
      }
      expect(fresh.requests.map((r) => r.aborted)).toEqual([false, false, false]);
      // No connection was cut: every stream handed its socket back to the pool.
      expect(fresh.connections.closed).toBe(0);
      expect(fresh.connections.opened).toBeLessThan(3);
    } finally {
      await own.close();
      await fresh.close();
    }
  });

  it("a consumer slower than the upstream gets every event, in order (the socket is paused meanwhile)", async () => {
    const texts: string[] = [];
    for await (const e of provider.stream(deployment("burst"), chat, {
      signal: new AbortController().signal,
    })) {
      if (e.kind === "delta") texts.push(e.text);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(texts).toEqual(Array.from({ length: 1000 }, (_, i) => `${i} `));
  });

  it("a stalled upstream times out", async () => {
    expect((await failure(collect("slow", new AbortController().signal, 120))).kind).toBe(
      "timeout",
    );
  });
});
