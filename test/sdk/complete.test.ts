import {
  Code,
  type CompleteEvent,
  collectText,
  createTagrouteClient,
  isTagrouteError,
  MatchHow,
  type TagrouteClient,
} from "@tagroute/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROTOCOLS, type StubServer, startStubServer, within } from "./stub-server.js";

const messages = [{ role: "user", content: "hi" }];

/** Drains a stream, returning what it yielded and what it threw. */
async function drain(events: AsyncIterable<CompleteEvent>) {
  const seen: CompleteEvent[] = [];
  try {
    for await (const event of events) seen.push(event);
    return { seen, error: undefined };
  } catch (error) {
    return { seen, error };
  }
}

describe.each(PROTOCOLS)("complete over %s", (protocol) => {
  let server: StubServer;
  let client: TagrouteClient;

  beforeAll(async () => {
    server = await startStubServer(protocol);
    client = createTagrouteClient({
      address: server.address,
      protocol,
      apiKey: "tr-stream-key",
      userAgent: "chat-ui/1",
    });
  });

  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it("yields typed events in order and skips unknown ones", async () => {
    const { seen, error } = await drain(
      client.complete({ routing: { model: "gpt-4", tags: ["paid"] }, messages, user: "order" }),
    );
    expect(error).toBeUndefined();
    expect(seen).toEqual([
      { kind: "routed", deploymentId: "d1", model: "gpt-4", attempt: 1, how: MatchHow.TAGS },
      { kind: "delta", text: "Hel" },
      { kind: "delta", text: "lo" },
      { kind: "usage", inputTokens: 12, outputTokens: 2, costUsd: 0.0003 },
      { kind: "finish", reason: "stop", deploymentId: "d2" },
    ]);
    const call = server.state.calls.findLast((c) => c.method === "Complete");
    expect(call?.header.get("authorization")).toBe("Bearer tr-stream-key");
    expect(call?.request).toMatchObject({ routing: { userAgent: "chat-ui/1" } });
  });

  it("starts the call only when iterated", async () => {
    const before = server.state.calls.length;
    const events = client.complete({ routing: { model: "gpt-4" }, messages, user: "lazy" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.state.calls.length).toBe(before);
    await events.return();
    expect(server.state.calls.length).toBe(before);
  });

  it("cancels the RPC when the consumer breaks out after the first delta", async () => {
    const id = `break-${protocol}`;
    const aborted = server.state.aborted(id);
    let deltas = 0;
    for await (const event of client.complete({
      routing: { model: "endless" },
      messages,
      user: id,
    })) {
      if (event.kind === "delta") {
        deltas += 1;
        break;
      }
    }
    expect(deltas).toBe(1);
    // The handler would stream forever; only a cancelled call aborts its signal.
    await within(aborted, 5000, "the server-side handler's signal to abort after break");
  });

  it("cancels the RPC when the caller's signal aborts, and throws CANCELLED", async () => {
    const id = `signal-${protocol}`;
    const aborted = server.state.aborted(id);
    const controller = new AbortController();
    const seen: CompleteEvent[] = [];
    const error = await (async () => {
      try {
        const events = client.complete(
          { routing: { model: "endless" }, messages, user: id },
          { signal: controller.signal },
        );
        for await (const event of events) {
          seen.push(event);
          if (event.kind === "delta") controller.abort();
        }
        return undefined;
      } catch (e) {
        return e;
      }
    })();
    expect(isTagrouteError(error) && error.code).toBe(Code.Canceled);
    expect(seen[0]?.kind).toBe("routed");
    await within(
      aborted,
      5000,
      "the server-side handler's signal to abort after the caller's abort",
    );
  });

  it("does not start a call whose signal is already aborted", async () => {
    const { seen, error } = await drain(
      client.complete(
        { routing: { model: "gpt-4" }, messages, user: "pre-aborted" },
        { signal: AbortSignal.abort() },
      ),
    );
    expect(seen).toEqual([]);
    expect(isTagrouteError(error) && error.code).toBe(Code.Canceled);
  });

  it("ends a stream at its deadline with DEADLINE_EXCEEDED", async () => {
    const { seen, error } = await drain(
      client.complete(
        { routing: { model: "endless" }, messages, user: `deadline-${protocol}` },
        { timeoutMs: 150 },
      ),
    );
    expect(seen.length).toBeGreaterThan(1);
    expect(isTagrouteError(error) && error.codeName).toBe("DEADLINE_EXCEEDED");
  });

  it("surfaces an error before the first event as a TagrouteError with its reason", async () => {
    const { seen, error } = await drain(
      client.complete({ routing: { model: "missing" }, messages, user: "missing" }),
    );
    expect(seen).toEqual([]);
    expect(isTagrouteError(error) && error.reason).toBe("MODEL_NOT_FOUND");
  });

  it("surfaces an error mid-stream after the events before it", async () => {
    const { seen, error } = await drain(
      client.complete({ routing: { model: "fail-mid" }, messages, user: "mid" }),
    );
    expect(seen.map((e) => e.kind)).toEqual(["routed", "delta"]);
    expect(isTagrouteError(error) && error.code).toBe(Code.Unavailable);
    expect(isTagrouteError(error) && error.reason).toBe("UPSTREAM_ERROR");
  });

  it("collectText assembles text, deployment, usage, finish reason and attempts", async () => {
    const result = await collectText(
      client.complete({ routing: { model: "retry" }, messages, user: "collect" }),
    );
    expect(result).toEqual({
      text: "Hello",
      deploymentId: "d2",
      usage: { inputTokens: 12, outputTokens: 2, costUsd: 0.0003 },
      finishReason: "stop",
      attempts: 2,
    });
    const same = await client.completeText({ routing: { model: "gpt-4" }, messages, user: "ct" });
    expect(same.text).toBe("Hello");
    expect(same.attempts).toBe(1);
  });

  it("collectText refuses a stream that ended without a finish event", async () => {
    const error = await client
      .completeText({ routing: { model: "no-finish" }, messages, user: "cut" })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isTagrouteError(error) && error.code).toBe(Code.Internal);
    expect(String(error)).toContain("without a finish event after 2 delta(s)");
  });
});
