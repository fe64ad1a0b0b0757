import { inspect } from "node:util";
import {
  Code,
  createTagrouteClient,
  isTagrouteError,
  type TagrouteClient,
  TagrouteError,
} from "@tagroute/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROTOCOLS, type StubServer, startStubServer } from "./stub-server.js";

const API_KEY = "tr-secret-9f8e7d6c5b4a";

/** Runs the call, which must fail, and returns its error as a TagrouteError. */
async function failure(call: Promise<unknown>): Promise<TagrouteError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TagrouteError);
  if (!isTagrouteError(error)) throw new Error("expected a TagrouteError");
  return error;
}

describe.each(PROTOCOLS)("errors over %s", (protocol) => {
  let server: StubServer;
  let client: TagrouteClient;

  beforeAll(async () => {
    server = await startStubServer(protocol);
    client = createTagrouteClient({ address: server.address, protocol, apiKey: API_KEY });
  });

  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it("decodes ErrorInfo into code, codeName, reason and metadata", async () => {
    const error = await failure(client.selectDeployment({ routing: { model: "missing" } }));
    expect(error.code).toBe(Code.NotFound);
    expect(error.codeName).toBe("NOT_FOUND");
    expect(error.reason).toBe("MODEL_NOT_FOUND");
    expect(error.domain).toBe("tagroute.dev");
    expect(error.metadata).toEqual({ model: "missing" });
    expect(error.retryAfterMs).toBeUndefined();
    expect(error.fieldViolations).toEqual([]);
    expect(error.message).toBe('[NOT_FOUND MODEL_NOT_FOUND] model group "missing" not found');
    expect(error.cause.code).toBe(Code.NotFound);
  });

  it("decodes RetryInfo into retryAfterMs", async () => {
    const error = await failure(client.selectDeployment({ routing: { model: "busy" } }));
    expect(error.code).toBe(Code.Unavailable);
    expect(error.reason).toBe("DEPLOYMENTS_UNAVAILABLE");
    expect(error.retryAfterMs).toBe(1250);
  });

  it("decodes BadRequest into fieldViolations", async () => {
    const error = await failure(client.selectDeployment({ routing: { model: "bad-tags" } }));
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.reason).toBe("INVALID_TAG");
    expect(error.fieldViolations).toEqual([
      { field: "routing.tags[0]", description: "whitespace: free tier" },
      { field: "routing.none[1]", description: "comma: a,b" },
    ]);
  });

  it("leaves reason undefined for an error without details", async () => {
    const error = await failure(client.selectDeployment({ routing: { model: "plain-error" } }));
    expect(error.code).toBe(Code.Internal);
    expect(error.reason).toBeUndefined();
    expect(error.metadata).toEqual({});
    expect(error.message).toBe("[INTERNAL] no details here");
  });

  it("reports an optimistic-concurrency conflict as ABORTED / VERSION_CONFLICT", async () => {
    const error = await failure(client.updateTag({ tag: { name: "team:x", version: 2n } }));
    expect(error.code).toBe(Code.Aborted);
    expect(error.reason).toBe("VERSION_CONFLICT");
    expect(error.metadata.current_version).toBe("3");
  });

  it("turns timeoutMs into DEADLINE_EXCEEDED", async () => {
    const error = await failure(
      client.selectDeployment({ routing: { model: "slow" } }, { timeoutMs: 100 }),
    );
    expect(error.code).toBe(Code.DeadlineExceeded);
    expect(error.codeName).toBe("DEADLINE_EXCEEDED");
  });

  it("applies the client-wide timeoutMs", async () => {
    const impatient = createTagrouteClient({ address: server.address, protocol, timeoutMs: 100 });
    try {
      const error = await failure(impatient.selectDeployment({ routing: { model: "slow" } }));
      expect(error.code).toBe(Code.DeadlineExceeded);
    } finally {
      await impatient.close();
    }
  });

  it("cancels a unary call when the signal aborts", async () => {
    const controller = new AbortController();
    const pending = client.selectDeployment(
      { routing: { model: "slow" } },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 50);
    const error = await failure(pending);
    expect(error.code).toBe(Code.Canceled);
    expect(error.codeName).toBe("CANCELLED");
  });

  it("never shows the API key, even when the server echoes it", async () => {
    const error = await failure(client.selectDeployment({ routing: { model: "echo-key" } }));
    expect(error.code).toBe(Code.PermissionDenied);
    expect(error.message).toContain("[redacted]");
    expect(error.message).not.toContain(API_KEY);
    expect(String(error)).not.toContain(API_KEY);
    expect(inspect(error, { depth: 10 })).not.toContain(API_KEY);
    expect(inspect(client, { depth: 10 })).not.toContain(API_KEY);
    expect(String(client)).not.toContain(API_KEY);
    expect(String(client)).toContain(protocol);
  });

  it("fails calls after close() with CANCELLED, without touching the network", async () => {
    const closing = createTagrouteClient({ address: server.address, protocol });
    await closing.listTags({});
    await closing.close();
    await closing.close();
    const before = server.state.calls.length;
    const error = await failure(closing.listTags({}));
    expect(error.code).toBe(Code.Canceled);
    expect(error.message).toContain("closed");
    expect(server.state.calls.length).toBe(before);
  });
});

describe("errors without a server", () => {
  it("reports a refused connection as UNAVAILABLE", async () => {
    // Port 1 on loopback: nothing listens there.
    const client = createTagrouteClient({ address: "127.0.0.1:1", apiKey: API_KEY });
    try {
      const error = await failure(client.getTag({ name: "x" }));
      expect(error.code).toBe(Code.Unavailable);
      expect(error.message).not.toContain(API_KEY);
    } finally {
      await client.close();
    }
  });

  it("isTagrouteError recognises only TagrouteErrors", () => {
    expect(isTagrouteError(new Error("x"))).toBe(false);
    expect(isTagrouteError(undefined)).toBe(false);
    expect(isTagrouteError({ code: 5, reason: "MODEL_NOT_FOUND" })).toBe(false);
  });
});
