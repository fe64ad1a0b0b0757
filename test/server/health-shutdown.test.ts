import { Code, createClient } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { type Client, status } from "@grpc/grpc-js";
import { afterEach, describe, expect, it } from "vitest";
import {
  Health,
  HealthCheckResponse_ServingStatus as Serving,
} from "../../sdk/src/gen/grpc/health/v1/health_pb.js";
import { RoutingService } from "../../sdk/src/gen/tagroute/v1/routing_pb.js";
import { grpcClient, serverStreamCall, unaryCall } from "./support/grpc-client.js";
import { eventually } from "./support/log-capture.js";
import { startTestTransport, type TestTransport } from "./support/test-transport.js";

const COMPLETE = "/tagroute.v1.RoutingService/Complete";

const started: { server: TestTransport; client: Client }[] = [];

async function start() {
  const server = await startTestTransport();
  const client = grpcClient(server.transport.grpcPort);
  started.push({ server, client });
  return { server, client };
}

afterEach(async () => {
  for (const { server, client } of started.splice(0)) {
    client.close();
    await server.transport.close(100);
  }
});

describe("health", () => {
  it("checks the server and each service, and follows setServing", async () => {
    const { server, client } = await start();
    const check = async (service: string) => unaryCall(client, Health.method.check, { service });
    expect((await check("")).response?.status).toBe(Serving.SERVING);
    expect((await check("tagroute.v1.RoutingService")).response?.status).toBe(Serving.SERVING);
    expect((await check("nope.v1.Nope")).error?.code).toBe(status.NOT_FOUND);

    server.transport.setServing(false);
    expect((await check("tagroute.v1.RoutingService")).response?.status).toBe(Serving.NOT_SERVING);
    server.transport.setServing(true);
    expect((await check("")).response?.status).toBe(Serving.SERVING);

    const http = createClient(
      Health,
      createConnectTransport({
        baseUrl: `http://127.0.0.1:${server.transport.httpPort}`,
        httpVersion: "1.1",
      }),
    );
    expect((await http.check({ service: "" })).status).toBe(Serving.SERVING);
  });

  it("watches an unknown service as SERVICE_UNKNOWN", async () => {
    const { client } = await start();
    const { stream, done } = serverStreamCall(client, Health.method.watch, {
      service: "nope.v1.Nope",
    });
    stream.once("data", () => stream.cancel());
    const result = await done;
    expect(result.messages.map((m) => m.status)).toEqual([Serving.SERVICE_UNKNOWN]);
  });
});

describe("graceful close", () => {
  it("goes NOT_SERVING, lets an in-flight stream finish, then refuses calls", async () => {
    const { server, client } = await start();
    const watch = serverStreamCall(client, Health.method.watch, { service: "" });
    await new Promise((resolve) => watch.stream.once("data", resolve));
    const inFlight = serverStreamCall(client, RoutingService.method.complete, {
      user: "deltas=5;delay=60",
    });
    await new Promise((resolve) => inFlight.stream.once("data", resolve));

    const connect = createClient(
      RoutingService,
      createConnectTransport({
        baseUrl: `http://127.0.0.1:${server.transport.httpPort}`,
        httpVersion: "1.1",
      }),
    );
    const httpEvents: (string | undefined)[] = [];
    const httpDone = (async () => {
      for await (const message of connect.complete({ user: "deltas=5;delay=60" })) {
        httpEvents.push(message.event.case);
      }
    })();
    await eventually(() => httpEvents.length > 0);

    const closed = server.transport.close(5000);
    const watched = await watch.done;
    expect(watched.messages.map((m) => m.status)).toEqual([Serving.SERVING, Serving.NOT_SERVING]);
    expect(watched.status.code).toBe(status.OK);

    const streamed = await inFlight.done;
    expect(streamed.status.code).toBe(status.OK);
    expect(streamed.messages.at(-1)?.event.case).toBe("finish");
    await httpDone;
    expect(httpEvents.at(-1)).toBe("finish");
    await closed;

    const after = await unaryCall(
      client,
      Health.method.check,
      { service: "" },
      { call: { deadline: Date.now() + 1000 } },
    );
    expect(after.error?.code).toBe(status.UNAVAILABLE);
    const lines = await server.logs.waitForCalls(COMPLETE, 2);
    expect(lines.map((line) => [line.port, line.code, line.deployment]).sort()).toEqual([
      ["grpc", "ok", "dep-2"],
      ["http", "ok", "dep-2"],
    ]);
  });

  it("resolves promptly with idle clients connected to both ports", async () => {
    const { server, client } = await start();
    await unaryCall(client, Health.method.check, { service: "" });
    const baseUrl = `http://127.0.0.1:${server.transport.httpPort}`;
    const connect = createClient(
      RoutingService,
      createConnectTransport({ baseUrl, httpVersion: "1.1" }),
    );
    await connect.selectDeployment({ routing: { model: "gpt-4" } });
    const keepAlive = await fetch(`${baseUrl}/tagroute.v1.RoutingService/SelectDeployment`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    await keepAlive.text();
    // A grace period far beyond the test's timeout: only idle-connection handling can pass.
    await server.transport.close(60_000);
  }, 5000);

  it("cuts off calls that outlive the grace period and aborts their handlers", async () => {
    const { server, client } = await start();
    const grpcStream = serverStreamCall(client, RoutingService.method.complete, {
      user: "deltas=100;delay=50",
    });
    await new Promise((resolve) => grpcStream.stream.once("data", resolve));
    const connect = createClient(
      RoutingService,
      createConnectTransport({
        baseUrl: `http://127.0.0.1:${server.transport.httpPort}`,
        httpVersion: "1.1",
      }),
    );
    let received = 0;
    const httpOutcome = (async () => {
      for await (const _message of connect.complete({ user: "deltas=100;delay=50" })) received++;
    })().then(
      () => undefined,
      (error: unknown) => error,
    );
    await eventually(() => received > 0);

    await server.transport.close(200);
    const result = await grpcStream.done;
    expect(result.status.code).not.toBe(status.OK);
    expect(await httpOutcome).toBeDefined();
    await eventually(() => server.stub.observed.aborts.length >= 2);
    // grpc-js cancels with a reason; connect-node aborts an HTTP/1.1 request whose socket was
    // destroyed without one, so only the gRPC handler's reason is asserted.
    expect(server.stub.observed.aborts.map((a) => a.method)).toEqual(["Complete", "Complete"]);
    expect(server.stub.observed.aborts.map((a) => a.code)).toContain(Code.Canceled);
    const lines = await server.logs.waitForCalls(COMPLETE, 2);
    expect(lines.map((line) => line.code).sort()).toEqual(["canceled", "canceled"]);
  });
});
