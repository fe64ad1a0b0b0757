import { execFile } from "node:child_process";
import { fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema } from "@bufbuild/protobuf/wkt";
import { Code } from "@connectrpc/connect";
import type { Client } from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as v1 from "../../sdk/src/gen/grpc/reflection/v1/reflection_pb.js";
import * as v1alpha from "../../sdk/src/gen/grpc/reflection/v1alpha/reflection_pb.js";
import { echoRegistration } from "./support/echo-service.js";
import { bidiCall, grpcClient } from "./support/grpc-client.js";
import { startTestTransport, type TestTransport } from "./support/test-transport.js";

const BUF = "node_modules/.bin/buf";

let server: TestTransport;
let client: Client;
let url: string;

beforeAll(async () => {
  server = await startTestTransport([echoRegistration]);
  client = grpcClient(server.transport.grpcPort);
  url = `http://127.0.0.1:${server.transport.grpcPort}`;
});

afterAll(async () => {
  client.close();
  await server.transport.close(500);
});

/** Runs `buf curl` over gRPC with reflection, the stand-in for grpcurl on this machine. */
function bufCurl(...args: string[]): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      BUF,
      ["curl", "--protocol", "grpc", "--http2-prior-knowledge", ...args],
      { timeout: 30_000 },
      (error, stdout, stderr) =>
        error === null
          ? resolve({ stdout, stderr })
          : reject(new Error(`${error.message}\n${stderr}`)),
    );
  });
}

async function askV1(...requests: v1.ServerReflectionRequest["messageRequest"][]) {
  const result = await bidiCall(
    client,
    "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
    v1.ServerReflectionRequestSchema,
    v1.ServerReflectionResponseSchema,
    requests.map((messageRequest) => ({ host: "h", messageRequest })),
  );
  expect(result.status.code).toBe(0);
  return result.messages;
}

function fileNames(response: v1.ServerReflectionResponse | undefined): string[] {
  if (response?.messageResponse.case !== "fileDescriptorResponse") return [];
  return response.messageResponse.value.fileDescriptorProto.map(
    (bytes) => fromBinary(FileDescriptorProtoSchema, bytes).name,
  );
}

describe("server reflection", () => {
  it("lists the services with buf curl", async () => {
    const { stdout } = await bufCurl(url, "--list-services");
    expect(stdout.split("\n").filter(Boolean)).toEqual([
      "grpc.health.v1.Health",
      "grpc.reflection.v1.ServerReflection",
      "grpc.reflection.v1alpha.ServerReflection",
      "tagroute.v1.RoutingService",
      "test.v1.EchoService",
    ]);
  });

  it("lets buf curl call a method knowing nothing but the URL", async () => {
    const { stdout } = await bufCurl(
      "--data",
      '{"routing":{"model":"gpt-4"}}',
      `${url}/tagroute.v1.RoutingService/SelectDeployment`,
    );
    expect(JSON.parse(stdout)).toEqual({
      deployment: { id: "dep-1", modelName: "gpt-4", upstreamModel: "gpt-4o" },
      how: "MATCH_HOW_TAGS",
      candidateCount: 2,
    });
  });

  it("resolves services, methods, nested messages and enums to files with all dependencies", async () => {
    const [service, method, nested, enumType, tag] = await askV1(
      { case: "fileContainingSymbol", value: "tagroute.v1.RoutingService" },
      { case: "fileContainingSymbol", value: "tagroute.v1.RoutingService.Complete" },
      { case: "fileContainingSymbol", value: "tagroute.v1.Explanation.CountsEntry" },
      { case: "fileContainingSymbol", value: "tagroute.v1.MatchMode" },
      { case: "fileContainingSymbol", value: "tagroute.v1.Tag" },
    );
    for (const answer of [service, method, nested, enumType]) {
      expect(fileNames(answer)[0]).toBe("tagroute/v1/routing.proto");
      expect(fileNames(answer)).toContain("tagroute/v1/tag.proto");
    }
    expect(fileNames(tag)[0]).toBe("tagroute/v1/tag.proto");
    expect(fileNames(tag)).toContain("google/protobuf/timestamp.proto");
    expect(fileNames(tag)).toContain("google/protobuf/field_mask.proto");
    expect(service?.validHost).toBe("h");
  });

  it("serves files by name, including the protocol and error detail files", async () => {
    const answers = await askV1(
      { case: "fileByFilename", value: "test/v1/echo.proto" },
      { case: "fileByFilename", value: "google/rpc/error_details.proto" },
      { case: "fileByFilename", value: "grpc/reflection/v1alpha/reflection.proto" },
    );
    expect(fileNames(answers[0])).toEqual(
      expect.arrayContaining(["test/v1/echo.proto", "tagroute/v1/routing.proto"]),
    );
    expect(fileNames(answers[1])).toEqual([
      "google/rpc/error_details.proto",
      "google/protobuf/duration.proto",
    ]);
    expect(fileNames(answers[2])).toEqual(["grpc/reflection/v1alpha/reflection.proto"]);
  });

  it("answers unknown symbols and files with NOT_FOUND without ending the stream", async () => {
    const [symbol, file, after] = await askV1(
      { case: "fileContainingSymbol", value: "tagroute.v1.Nope" },
      { case: "fileByFilename", value: "nope.proto" },
      { case: "listServices", value: "" },
    );
    expect(symbol?.messageResponse).toMatchObject({
      case: "errorResponse",
      value: { errorCode: Code.NotFound },
    });
    expect(file?.messageResponse).toMatchObject({
      case: "errorResponse",
      value: { errorCode: Code.NotFound },
    });
    expect(after?.messageResponse.case).toBe("listServicesResponse");
  });

  it("answers v1alpha the same way", async () => {
    const result = await bidiCall(
      client,
      "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
      v1alpha.ServerReflectionRequestSchema,
      v1alpha.ServerReflectionResponseSchema,
      [{ messageRequest: { case: "fileContainingSymbol", value: "grpc.health.v1.Health.Watch" } }],
    );
    const [answer] = result.messages;
    expect(answer?.messageResponse.case).toBe("fileDescriptorResponse");
    if (answer?.messageResponse.case === "fileDescriptorResponse") {
      const [first] = answer.messageResponse.value.fileDescriptorProto;
      expect(first && fromBinary(FileDescriptorProtoSchema, first).name).toBe(
        "grpc/health/v1/health.proto",
      );
    }
  });
});
