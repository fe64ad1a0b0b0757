import { create, createFileRegistry, type DescService } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  type Delta,
  file_tagroute_v1_routing,
} from "../../../sdk/src/gen/tagroute/v1/routing_pb.js";
import type { ServiceRegistration } from "../../../src/server/transport/index.js";

/**
 * A test-only service with the two method kinds the tagroute protos do not use yet
 * (client-streaming, bidi), built as a descriptor at runtime so no generated code is needed.
 * Its file imports tagroute/v1/routing.proto, which also exercises reflection's dependencies.
 */
function echoDescriptor(): DescService {
  const proto = create(FileDescriptorProtoSchema, {
    name: "test/v1/echo.proto",
    package: "test.v1",
    dependency: ["tagroute/v1/routing.proto"],
    syntax: "proto3",
    service: [
      {
        name: "EchoService",
        method: [
          {
            name: "Collect",
            inputType: ".tagroute.v1.Delta",
            outputType: ".tagroute.v1.Delta",
            clientStreaming: true,
          },
          {
            name: "Echo",
            inputType: ".tagroute.v1.Delta",
            outputType: ".tagroute.v1.Delta",
            clientStreaming: true,
            serverStreaming: true,
          },
        ],
      },
    ],
  });
  const registry = createFileRegistry(proto, (name) =>
    name === file_tagroute_v1_routing.proto.name ? file_tagroute_v1_routing : undefined,
  );
  const service = registry.getService("test.v1.EchoService");
  if (service === undefined) throw new Error("echo service descriptor did not build");
  return service;
}

export const EchoService = echoDescriptor();

/**
 * Collect joins the texts it receives; Echo upper-cases each one and fails on "fail". A
 * descriptor built at runtime has no typed methods, so the implementation is cast once here.
 */
export const echoRegistration: ServiceRegistration = {
  service: EchoService,
  impl: {
    async collect(requests: AsyncIterable<Delta>) {
      const texts: string[] = [];
      for await (const request of requests) texts.push(request.text);
      return { text: texts.join("+") };
    },
    async *echo(requests: AsyncIterable<Delta>) {
      for await (const request of requests) {
        if (request.text === "fail")
          throw new ConnectError("echo refused", Code.FailedPrecondition);
        yield { text: request.text.toUpperCase() };
      }
    },
  } as unknown as ServiceRegistration["impl"],
};
