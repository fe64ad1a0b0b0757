import { fromBinary } from "@bufbuild/protobuf";
import { anyUnpack } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import { type Client, Metadata, status } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BadRequestSchema,
  ErrorInfoSchema,
  RetryInfoSchema,
} from "../../sdk/src/gen/google/rpc/error_details_pb.js";
import { StatusSchema } from "../../sdk/src/gen/google/rpc/status_pb.js";
import { MatchHow, RoutingService } from "../../sdk/src/gen/tagroute/v1/routing_pb.js";
import { grpcClient, rawUnaryCall, serverStreamCall, unaryCall } from "./support/grpc-client.js";
import { eventually } from "./support/log-capture.js";
import { SECRET_MESSAGE } from "./support/routing-stub.js";
import {
  startTestTransport,
  TEST_MAX_MESSAGE_BYTES,
  type TestTransport,
} from "./support/test-transport.js";

const SELECT = "/tagroute.v1.RoutingService/SelectDeployment";
const COMPLETE = "/tagroute.v1.RoutingService/Complete";
const { selectDeployment, complete, createTag, getTag } = RoutingService.method;

let server: TestTransport;
let client: Client;

beforeAll(async () => {
  server = await startTestTransport();
  client = grpcClient(server.transport.grpcPort);
});

afterAll(async () => {
  client.close();
  await server.transport.close(500);
});

function statusDetails(metadata: Metadata | undefined) {
  const raw = metadata?.get("grpc-status-details-bin")[0];
  expect(raw).toBeInstanceOf(Buffer);
  return fromBinary(StatusSchema, raw as Buffer);
}

describe("gRPC port, plain grpc-js client", () => {
  it("serves a unary call with headers, trailers and request metadata", async () => {
    const metadata = new Metadata();
    metadata.set("x-probe", "p1");
    metadata.set("authorization", "Bearer sk-secret");
    const result = await unaryCall(
      client,
      selectDeployment,
      { routing: { model: "gpt-4" } },
      { metadata },
    );
    expect(result.error).toBeUndefined();
    expect(result.response?.deployment?.id).toBe("dep-1");
    expect(result.response?.how).toBe(MatchHow.TAGS);
    expect(result.header?.get("tagroute-deployment-id")).toEqual(["dep-1"]);
    expect(result.status?.metadata.get("x-trailer")).toEqual(["t1"]);
    expect(server.stub.observed.probes).toContain("p1");
  });

  it("streams server-streaming messages, headers before the first one, trailers after", async () => {
    const { done } = serverStreamCall(client, complete, { user: "deltas=4" });
    const result = await done;
    expect(result.status.code).toBe(status.OK);
    expect(result.messages.map((m) => m.event.case)).toEqual([
      "routed",
      "delta",
      "delta",
      "delta",
      "delta",
      "finish",
    ]);
    expect(result.status.metadata.get("tagroute-deployment-id")).toEqual(["dep-2"]);
  });

  it("reports a stream that fails midway with its code after the messages sent", async () => {
    const result = await serverStreamCall(client, complete, { user: "deltas=4;fail=2" }).done;
    expect(result.messages).toHaveLength(3);
    expect(result.status.code).toBe(Code.Unavailable);
    expect(result.status.details).toBe("upstream failed");
  });

  it("sends a ConnectError's code, message and all three details in grpc-status-details-bin", async () => {
    const result = await unaryCall(client, createTag, { tag: { name: "paid" } });
    expect(result.error?.code).toBe(Code.AlreadyExists);
    expect(result.error?.details).toBe("tag paid already exists");
    const details = statusDetails(result.status?.metadata);
    expect(details.code).toBe(Code.AlreadyExists);
    expect(details.message).toBe("tag paid already exists");
    const [info, retry, bad] = details.details;
    expect(info && anyUnpack(info, ErrorInfoSchema)?.reason).toBe("TAG_EXISTS");
    expect(info && anyUnpack(info, ErrorInfoSchema)?.metadata).toEqual({ tag: "paid" });
    expect(retry && anyUnpack(retry, RetryInfoSchema)?.retryDelay?.seconds).toBe(2n);
    expect(bad && anyUnpack(bad, BadRequestSchema)?.fieldViolations[0]?.field).toBe("tag.name");
  });

  it("passes incoming (type + bytes) details through unchanged", async () => {
    const result = await unaryCall(client, getTag, { name: "x" });
    expect(result.error?.code).toBe(Code.FailedPrecondition);
    const [info] = statusDetails(result.status?.metadata).details;
    expect(info?.typeUrl).toBe("type.googleapis.com/google.rpc.ErrorInfo");
    expect(info && anyUnpack(info, ErrorInfoSchema)?.reason).toBe("UPSTREAM");
  });

  it("answers a plain Error with INTERNAL 'internal error' and logs the real one", async () => {
    const result = await unaryCall(client, selectDeployment, { routing: { model: "boom" } });
    expect(result.error?.code).toBe(status.INTERNAL);
    expect(result.error?.details).toBe("internal error");
    expect(JSON.stringify(result.status)).not.toContain("hunter2");
    const lines = await server.logs.waitForCalls(SELECT, 1);
    const line = lines.find((each) => each.code === "internal");
    expect(line?.level).toBe(50);
    expect(JSON.stringify(line?.err)).toContain(SECRET_MESSAGE);
  });

  it("aborts the handler's signal when the deadline passes", async () => {
    const before = server.stub.observed.aborts.length;
    const result = await unaryCall(
      client,
      selectDeployment,
      { routing: { model: "slow" } },
      {
        call: { deadline: Date.now() + 150 },
      },
    );
    expect(result.error?.code).toBe(status.DEADLINE_EXCEEDED);
    await eventually(() => server.stub.observed.aborts.length > before);
    // The grpc-js client resets the stream at its own deadline, often a moment before the server's
    // timer fires; on the wire that is a cancel. Either way the handler's signal must abort.
    const abort = server.stub.observed.aborts.at(-1);
    expect(abort?.method).toBe("SelectDeployment");
    expect([Code.DeadlineExceeded, Code.Canceled]).toContain(abort?.code);
  });

  it("aborts the handler's signal and stops the generator when the client cancels", async () => {
    const before = server.stub.observed.aborts.length;
    const stopped = server.stub.observed.stoppedStreams;
    const { stream, done } = serverStreamCall(client, complete, { user: "deltas=50;delay=40" });
    stream.once("data", () => stream.cancel());
    const result = await done;
    expect(result.status.code).toBe(status.CANCELLED);
    await eventually(() => server.stub.observed.aborts.length > before);
    expect(server.stub.observed.aborts.at(-1)).toEqual({ method: "Complete", code: Code.Canceled });
    await eventually(() => server.stub.observed.stoppedStreams > stopped);
  });

  it("answers bytes that do not parse with INVALID_ARGUMENT and keeps serving", async () => {
    const garbage = Buffer.from([0x0a, 0x05, 0x01]);
    const bad = await rawUnaryCall(
      client,
      SELECT,
      (b: Buffer) => b,
      (b: Buffer) => b,
      garbage,
    );
    expect(bad.error?.code).toBe(status.INVALID_ARGUMENT);
    expect(bad.error?.details).toContain(SELECT);
    const good = await unaryCall(client, selectDeployment, { routing: { model: "gpt-4" } });
    expect(good.response?.deployment?.id).toBe("dep-1");
  });

  it("refuses an over-size request and an over-size response with RESOURCE_EXHAUSTED", async () => {
    const request = await unaryCall(client, selectDeployment, {
      routing: { model: "x".repeat(TEST_MAX_MESSAGE_BYTES + 1) },
    });
    expect(request.error?.code).toBe(status.RESOURCE_EXHAUSTED);
    const response = await unaryCall(client, selectDeployment, { routing: { model: "huge" } });
    expect(response.error?.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(response.error?.details).toContain("writeMaxBytes");
  });

  it("ends a call whose headers cannot become metadata with INTERNAL", async () => {
    const result = await unaryCall(client, selectDeployment, { routing: { model: "bad-bin" } });
    expect(result.error?.code).toBe(status.INTERNAL);
    const next = await unaryCall(client, selectDeployment, { routing: { model: "gpt-4" } });
    expect(next.response?.deployment?.id).toBe("dep-1");
  });

  it("answers a method the implementation leaves out with UNIMPLEMENTED", async () => {
    const result = await unaryCall(client, RoutingService.method.listTags, {});
    expect(result.error?.code).toBe(status.UNIMPLEMENTED);
  });
});

describe("gRPC port, call log", () => {
  it("writes one line per call with method, code, duration and deployment, no metadata", async () => {
    const before = server.logs.calls(SELECT).length;
    const metadata = new Metadata();
    metadata.set("authorization", "Bearer sk-very-secret");
    await unaryCall(client, selectDeployment, { routing: { model: "gpt-4" } }, { metadata });
    const lines = await server.logs.waitForCalls(SELECT, before + 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.logs.calls(SELECT)).toHaveLength(before + 1);
    const line = lines[before];
    expect(line).toMatchObject({
      method: SELECT,
      port: "grpc",
      code: "ok",
      deployment: "dep-1",
      level: 30,
    });
    expect(typeof line?.duration_ms).toBe("number");
    expect(JSON.stringify(server.logs.lines)).not.toContain("sk-very-secret");
  });

  it("logs streams with the deployment from the trailers, and calls grpc-js ended itself", async () => {
    const streams = server.logs.calls(COMPLETE).length;
    await serverStreamCall(client, complete, { user: "deltas=1" }).done;
    const [line] = (await server.logs.waitForCalls(COMPLETE, streams + 1)).slice(streams);
    expect(line).toMatchObject({ code: "ok", deployment: "dep-2", port: "grpc" });

    const selects = server.logs.calls(SELECT).length;
    await unaryCall(client, selectDeployment, {
      routing: { model: "x".repeat(TEST_MAX_MESSAGE_BYTES + 1) },
    });
    await unaryCall(
      client,
      selectDeployment,
      { routing: { model: "slow" } },
      { call: { deadline: Date.now() + 50 } },
    );
    const codes = (await server.logs.waitForCalls(SELECT, selects + 2))
      .slice(selects)
      .map((l) => l.code);
    expect(codes).toEqual(["resource_exhausted", "deadline_exceeded"]);
  });
});
