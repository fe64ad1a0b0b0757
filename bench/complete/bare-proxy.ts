/**
 * The baseline of bench:complete (STACK.md's "plain proxy"): a grpc-js server-streaming handler
 * that calls the upstream with an undici Pool, parses SSE with eventsource-parser and writes one
 * gRPC message per delta. No routing, no accounting, no logging. `node --import tsx bare-proxy.ts UPSTREAM_PORT`.
 */
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import * as grpc from "@grpc/grpc-js";
import { createParser } from "eventsource-parser";
import { Pool } from "undici";
import {
  type CompleteRequest,
  CompleteRequestSchema,
  CompleteResponseSchema,
} from "../../sdk/src/gen/tagroute/v1/routing_pb.js";

const upstream = new Pool(`http://127.0.0.1:${process.argv[2]}`, { connections: 64 });
const server = new grpc.Server();
server.addService(
  {
    complete: {
      path: "/tagroute.v1.RoutingService/Complete",
      requestStream: false,
      responseStream: true,
      requestDeserialize: (b: Buffer) => fromBinary(CompleteRequestSchema, b),
      responseSerialize: (m: ReturnType<typeof create<typeof CompleteResponseSchema>>) =>
        Buffer.from(toBinary(CompleteResponseSchema, m)),
      requestSerialize: () => Buffer.alloc(0),
      responseDeserialize: () => ({}),
    },
  },
  {
    complete: async (
      call: grpc.ServerWritableStream<
        CompleteRequest,
        ReturnType<typeof create<typeof CompleteResponseSchema>>
      >,
    ) => {
      const controller = new AbortController();
      call.on("cancelled", () => controller.abort());
      const res = await upstream.request({
        method: "POST",
        path: "/v1/chat/completions",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "m", messages: call.request.messages, stream: true }),
        signal: controller.signal,
      });
      const decoder = new TextDecoder();
      const parser = createParser({
        onEvent(event) {
          if (event.data === "[DONE]") return;
          const text = (JSON.parse(event.data) as { choices?: { delta?: { content?: string } }[] })
            .choices?.[0]?.delta?.content;
          if (text)
            call.write(
              create(CompleteResponseSchema, { event: { case: "delta", value: { text } } }),
            );
        },
      });
      for await (const chunk of res.body) parser.feed(decoder.decode(chunk, { stream: true }));
      call.end();
    },
  },
);
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) throw error;
  process.stdout.write(`gRPC  127.0.0.1:${port}\n`);
});
// Exit normally on SIGTERM so that `--cpu-prof` (BENCH_CPU_PROF) writes its profile.
process.on("SIGTERM", () => process.exit(0));
