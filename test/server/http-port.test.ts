import { type Client, Code, ConnectError, createClient, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcWebTransport } from "@connectrpc/connect-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BadRequestSchema,
  ErrorInfoSchema,
  RetryInfoSchema,
} from "../../sdk/src/gen/google/rpc/error_details_pb.js";
import { RoutingService } from "../../sdk/src/gen/tagroute/v1/routing_pb.js";
import { eventually } from "./support/log-capture.js";
import { SECRET_MESSAGE } from "./support/routing-stub.js";
import {
  startTestTransport,
  TEST_MAX_MESSAGE_BYTES,
  type TestTransport,
} from "./support/test-transport.js";

const SELECT = "/tagroute.v1.RoutingService/SelectDeployment";

let server: TestTransport;
let baseUrl: string;

beforeAll(async () => {
  server = await startTestTransport();
  baseUrl = `http://127.0.0.1:${server.transport.httpPort}`;
});

afterAll(async () => {
  await server.transport.close(500);
});

async function rejection(promise: Promise<unknown>): Promise<ConnectError> {
  try {
    await promise;
  } catch (error) {
    return ConnectError.from(error);
  }
  throw new Error("the call succeeded");
}

const protocols: [string, () => Transport][] = [
  ["Connect (JSON)", () => createConnectTransport({ baseUrl, httpVersion: "1.1" })],
  ["gRPC-Web", () => createGrpcWebTransport({ baseUrl, httpVersion: "1.1" })],
];

describe.each(protocols)("HTTP port, %s over HTTP/1.1", (_name, makeTransport) => {
  let client: Client<typeof RoutingService>;
  beforeAll(() => {
    client = createClient(RoutingService, makeTransport());
  });

  it("serves a unary call with the handler's header", async () => {
    let header: Headers | undefined;
    const response = await client.selectDeployment(
      { routing: { model: "gpt-4" } },
      { onHeader: (h) => (header = h), headers: { "x-probe": "http" } },
    );
    expect(response.deployment?.id).toBe("dep-1");
    expect(header?.get("tagroute-deployment-id")).toBe("dep-1");
    expect(server.stub.observed.probes).toContain("http");
  });

  it("streams a server-streaming call with the deployment in the trailers", async () => {
    let trailer: Headers | undefined;
    const events: (string | undefined)[] = [];
    for await (const message of client.complete(
      { user: "deltas=2" },
      { onTrailer: (t) => (trailer = t) },
    )) {
      events.push(message.event.case);
    }
    expect(events).toEqual(["routed", "delta", "delta", "finish"]);
    expect(trailer?.get("tagroute-deployment-id")).toBe("dep-2");
  });

  it("delivers the error code and all three details", async () => {
    const error = await rejection(client.createTag({ tag: { name: "paid" } }));
    expect(error.code).toBe(Code.AlreadyExists);
    expect(error.rawMessage).toBe("tag paid already exists");
    expect(error.findDetails(ErrorInfoSchema)[0]?.reason).toBe("TAG_EXISTS");
    expect(error.findDetails(RetryInfoSchema)[0]?.retryDelay?.seconds).toBe(2n);
    expect(error.findDetails(BadRequestSchema)[0]?.fieldViolations[0]?.description).toBe(
      "already taken",
    );
  });

  it("answers a plain Error with internal 'internal error' and logs the real one", async () => {
    const before = server.logs.calls(SELECT).length;
    const error = await rejection(client.selectDeployment({ routing: { model: "boom" } }));
    expect(error.code).toBe(Code.Internal);
    expect(error.rawMessage).toBe("internal error");
    const line = (await server.logs.waitForCalls(SELECT, before + 1))[before];
    expect(line).toMatchObject({ port: "http", code: "internal", level: 50 });
    expect(JSON.stringify(line?.err)).toContain(SECRET_MESSAGE);
  });

  it("aborts the handler's signal on timeout and on client cancel", async () => {
    const before = server.stub.observed.aborts.length;
    const timedOut = await rejection(
      client.selectDeployment({ routing: { model: "slow" } }, { timeoutMs: 100 }),
    );
    expect(timedOut.code).toBe(Code.DeadlineExceeded);
    await eventually(() => server.stub.observed.aborts.length > before);
    // The server's deadline and the client dropping the request at its own deadline race; the
    // handler sees whichever comes first, and either way its signal aborted.
    expect(server.stub.observed.aborts.at(-1)?.method).toBe("SelectDeployment");

    const controller = new AbortController();
    const stream = client.complete({ user: "deltas=50;delay=40" }, { signal: controller.signal });
    const canceled = await rejection(
      (async () => {
        for await (const _message of stream) controller.abort();
      })(),
    );
    expect(canceled.code).toBe(Code.Canceled);
    await eventually(() => server.stub.observed.aborts.length > before + 1);
    expect(server.stub.observed.aborts.at(-1)).toMatchObject({ method: "Complete" });
  });

  it("refuses an over-size request with resource_exhausted", async () => {
    const error = await rejection(
      client.selectDeployment({ routing: { model: "x".repeat(TEST_MAX_MESSAGE_BYTES + 1) } }),
    );
    expect(error.code).toBe(Code.ResourceExhausted);
  });
});

describe("HTTP port, plain HTTP clients", () => {
  it("answers curl-style Connect JSON, and malformed JSON with invalid_argument", async () => {
    const post = (body: string) =>
      fetch(`${baseUrl}${SELECT}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      });
    const before = server.logs.calls(SELECT).length;
    const bad = await post("{not json");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe("invalid_argument");
    const good = await post(JSON.stringify({ routing: { model: "gpt-4" } }));
    expect(good.status).toBe(200);
    expect(((await good.json()) as { deployment: { id: string } }).deployment.id).toBe("dep-1");
    const lines = (await server.logs.waitForCalls(SELECT, before + 2)).slice(before);
    expect(lines.map((line) => line.code)).toEqual(["invalid_argument", "ok"]);
    expect(lines[1]).toMatchObject({ port: "http", deployment: "dep-1" });
    expect(typeof lines[1]?.duration_ms).toBe("number");
  });
});
