import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { Code } from "@connectrpc/connect";
import { type Client, Metadata, type ServiceError, type StatusObject } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeltaSchema } from "../../sdk/src/gen/tagroute/v1/routing_pb.js";
import { EchoService, echoRegistration } from "./support/echo-service.js";
import { bidiCall, grpcClient } from "./support/grpc-client.js";
import { startTestTransport, type TestTransport } from "./support/test-transport.js";

const COLLECT = "/test.v1.EchoService/Collect";
const ECHO = "/test.v1.EchoService/Echo";

let server: TestTransport;
let client: Client;

beforeAll(async () => {
  server = await startTestTransport([echoRegistration]);
  client = grpcClient(server.transport.grpcPort);
});

afterAll(async () => {
  client.close();
  await server.transport.close(500);
});

const encode = (text: string) => Buffer.from(toBinary(DeltaSchema, create(DeltaSchema, { text })));
const decode = (bytes: Buffer) => fromBinary(DeltaSchema, bytes);

describe("client-streaming and bidi through the adapter", () => {
  it("builds from a runtime descriptor", () => {
    expect(EchoService.method.collect?.methodKind).toBe("client_streaming");
    expect(EchoService.method.echo?.methodKind).toBe("bidi_streaming");
  });

  it("serves a client-streaming call", async () => {
    const result = await new Promise<{ text: string | undefined; error: ServiceError | null }>(
      (resolve) => {
        const call = client.makeClientStreamRequest(
          COLLECT,
          (b: Buffer) => b,
          decode,
          new Metadata(),
          {},
          (error, response) => resolve({ text: response?.text, error }),
        );
        for (const text of ["a", "b", "c"]) call.write(encode(text));
        call.end();
      },
    );
    expect(result.error).toBeNull();
    expect(result.text).toBe("a+b+c");
  });

  it("serves a bidi call message by message", async () => {
    const result = await bidiCall(client, ECHO, DeltaSchema, DeltaSchema, [
      { text: "x" },
      { text: "y" },
    ]);
    expect(result.status.code).toBe(0);
    expect(result.messages.map((m) => m.text)).toEqual(["X", "Y"]);
  });

  it("ends a bidi call with the handler's error after the messages already sent", async () => {
    const result = await bidiCall(client, ECHO, DeltaSchema, DeltaSchema, [
      { text: "ok" },
      { text: "fail" },
    ]);
    expect(result.messages.map((m) => m.text)).toEqual(["OK"]);
    expect(result.status.code).toBe(Code.FailedPrecondition);
  });

  it("answers a malformed message in a request stream with INVALID_ARGUMENT", async () => {
    const status = await new Promise<StatusObject>((resolve) => {
      const call = client.makeBidiStreamRequest(ECHO, (b: Buffer) => b, decode, new Metadata(), {});
      call.on("data", () => undefined);
      call.on("error", () => undefined);
      call.on("status", resolve);
      call.write(encode("fine"));
      call.write(Buffer.from([0x0a, 0x09, 0x01]));
      call.end();
    });
    expect(status.code).toBe(Code.InvalidArgument);
    expect(status.details).toContain(ECHO);
    const lines = await server.logs.waitForCalls(ECHO, 3);
    expect(lines.map((line) => line.code)).toEqual([
      "ok",
      "failed_precondition",
      "invalid_argument",
    ]);
  });
});
