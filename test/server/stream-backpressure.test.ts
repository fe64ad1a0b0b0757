import { create, toBinary } from "@bufbuild/protobuf";
import type { Client } from "@grpc/grpc-js";
import { afterEach, describe, expect, it } from "vitest";
import { CompleteRequestSchema, RoutingService } from "../../sdk/src/gen/tagroute/v1/routing_pb.js";
import { createCallLog } from "../../src/server/transport/call-log.js";
import { type GrpcPort, startGrpcPort } from "../../src/server/transport/grpc-port.js";
import { serviceRegistration } from "../../src/server/transport/index.js";
import { grpcClient } from "./support/grpc-client.js";
import { captureLogs } from "./support/log-capture.js";

const MESSAGES = 2_000;
const TEXT = "x".repeat(8 * 1024);

/** A Complete that produces 2,000 messages of 8 KiB as fast as it is allowed to, counting them. */
function producer() {
  const state = { produced: 0, finished: false };
  const registration = serviceRegistration(RoutingService, {
    async *complete() {
      for (let i = 0; i < MESSAGES; i++) {
        state.produced++;
        yield { event: { case: "delta", value: { text: `${i}:${TEXT}` } } };
      }
      state.finished = true;
    },
  });
  return { state, registration };
}

let port: GrpcPort | undefined;
let client: Client | undefined;
afterEach(async () => {
  client?.close();
  await port?.close(100);
});

describe.each([
  ["past grpc-js's Writable (default)", true],
  ["through grpc-js's public write", false],
])("a server stream to a client that stops reading, %s", (_name, directWrites) => {
  it("stops its producer until the client reads again, then delivers everything in order", async () => {
    const { state, registration } = producer();
    port = await startGrpcPort({
      services: [registration],
      address: { host: "127.0.0.1", port: 0 },
      maxMessageBytes: 4 * 1024 * 1024,
      callLog: createCallLog(captureLogs().logger),
      directWrites,
    });
    client = grpcClient(port.port);
    const call = client.makeServerStreamRequest(
      "/tagroute.v1.RoutingService/Complete",
      (value: Uint8Array) => Buffer.from(value),
      (bytes: Buffer) => bytes,
      toBinary(CompleteRequestSchema, create(CompleteRequestSchema, {})),
    );
    const received: Buffer[] = [];
    await new Promise<void>((resolve) => {
      call.once("data", (first: Buffer) => {
        received.push(first);
        call.pause();
        resolve();
      });
    });
    // Paused: HTTP/2 flow control and the sink's high-water mark hold the producer back.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const whilePaused = state.produced;
    expect(state.finished).toBe(false);
    expect(whilePaused).toBeLessThan(200);

    const ended = new Promise<void>((resolve, reject) => {
      call.on("end", resolve);
      call.on("error", reject);
    });
    call.on("data", (message: Buffer) => received.push(message));
    call.resume();
    await ended;
    expect(state.finished).toBe(true);
    expect(received.length).toBe(MESSAGES);
    // Each message is CompleteResponse{delta{text}}: the index leads the text, in order.
    const indexes = received.map((m) => Number(/(\d+):x/.exec(m.toString("latin1"))?.[1]));
    expect(indexes).toEqual(Array.from({ length: MESSAGES }, (_, i) => i));
  });
});
