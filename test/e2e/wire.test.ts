import { execFile } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { anyUnpack } from "@bufbuild/protobuf/wkt";
import * as grpc from "@grpc/grpc-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorInfoSchema } from "../../sdk/src/gen/google/rpc/error_details_pb.js";
import { StatusSchema } from "../../sdk/src/gen/google/rpc/status_pb.js";
import {
  CompleteRequestSchema,
  CompleteResponseSchema,
  SelectDeploymentRequestSchema,
  type SelectDeploymentResponse,
  SelectDeploymentResponseSchema,
} from "../../sdk/src/gen/tagroute/v1/routing_pb.js";
import { startTestServer, type TestServer } from "./support.js";

const run = promisify(execFile);
const PYTHON = "/usr/bin/python3";

let server: TestServer;
let address: string;
beforeAll(async () => {
  server = await startTestServer();
  address = `127.0.0.1:${server.running.grpcPort}`;
});
afterAll(async () => {
  await server?.close();
});

const SELECT = "/tagroute.v1.RoutingService/SelectDeployment";

describe("clients that are not ours", () => {
  it("a plain @grpc/grpc-js client built from the descriptors: unary, errors with details, streaming", async () => {
    const client = new grpc.Client(address, grpc.credentials.createInsecure());
    const call = (model: string, tags: string[]) =>
      new Promise<SelectDeploymentResponse>((resolve, reject) => {
        client.makeUnaryRequest(
          SELECT,
          (req: Uint8Array) => Buffer.from(req),
          (bytes: Buffer) => fromBinary(SelectDeploymentResponseSchema, bytes),
          toBinary(
            SelectDeploymentRequestSchema,
            create(SelectDeploymentRequestSchema, { routing: { model, tags } }),
          ),
          (error, value) => (error ? reject(error) : resolve(value as SelectDeploymentResponse)),
        );
      });
    try {
      expect((await call("gpt-4", ["free"])).deployment?.id).toBe("free-1");
      const error = (await call("gpt-4", ["!free"]).catch((e: unknown) => e)) as grpc.ServiceError;
      expect(error.code).toBe(grpc.status.INVALID_ARGUMENT);
      const raw = error.metadata.get("grpc-status-details-bin")[0] as Buffer;
      const status = fromBinary(StatusSchema, raw);
      const info = status.details
        .map((d) => anyUnpack(d, ErrorInfoSchema))
        .find((d) => d !== undefined);
      expect(info?.reason).toBe("INVALID_TAG");
      expect(info?.domain).toBe("tagroute.dev");

      const texts: string[] = [];
      await new Promise<void>((resolve, reject) => {
        const stream = client.makeServerStreamRequest(
          "/tagroute.v1.RoutingService/Complete",
          (req: Uint8Array) => Buffer.from(req),
          (bytes: Buffer) => fromBinary(CompleteResponseSchema, bytes),
          toBinary(
            CompleteRequestSchema,
            create(CompleteRequestSchema, {
              routing: { model: "gpt-4" },
              messages: [{ role: "user", content: "ok" }],
            }),
          ),
        );
        stream.on("data", (event: ReturnType<typeof fromBinary<typeof CompleteResponseSchema>>) => {
          if (event.event.case === "delta") texts.push(event.event.value.text);
        });
        stream.on("error", reject);
        stream.on("end", resolve);
      });
      expect(texts.join("")).toBe(
        "This is a mock completion from default-1 (gpt-4o-mini). You said: ok",
      );
    } finally {
      client.close();
    }
  });

  it("buf curl through server reflection: list services, call SelectDeployment, stream Complete", async () => {
    const base = ["buf", "curl", "--protocol", "grpc", "--http2-prior-knowledge"];
    const listed = await run("npx", [...base, "--list-services", `http://${address}`], {
      timeout: 60_000,
    });
    expect(listed.stdout.split("\n")).toEqual(
      expect.arrayContaining(["tagroute.v1.RoutingService", "tagroute.v1.DeploymentService"]),
    );
    const called = await run(
      "npx",
      [
        ...base,
        "-d",
        '{"routing":{"model":"gpt-4","tags":["paid"],"none":["region:eu"]}}',
        `http://${address}${SELECT}`,
      ],
      { timeout: 60_000 },
    );
    expect(JSON.parse(called.stdout)).toMatchObject({
      deployment: { id: "paid-us" },
      how: "MATCH_HOW_TAGS",
    });
    // A streamed completion: buf curl prints one JSON object per message.
    const streamed = await run(
      "npx",
      [
        ...base,
        "-d",
        '{"routing":{"model":"gpt-4","tags":["free"]},"messages":[{"role":"user","content":"hi"}]}',
        `http://${address}/tagroute.v1.RoutingService/Complete`,
      ],
      { timeout: 60_000 },
    );
    const events = streamed.stdout
      .split(/\n(?=\{)/)
      .filter((part) => part.trim() !== "")
      .map((part) => JSON.parse(part) as Record<string, { text?: string; reason?: string }>);
    expect(events[0]).toMatchObject({ routed: { deploymentId: "free-1", attempt: 1 } });
    expect(events.filter((e) => e.delta !== undefined).length).toBeGreaterThan(1);
    expect(events.at(-1)).toMatchObject({ finish: { reason: "stop", deploymentId: "free-1" } });
  }, 120_000);

  // Debian's python3-grpcio; .ci/run installs it. Elsewhere the test says why it cannot run.
  const python =
    existsSync(PYTHON) &&
    existsSync("/usr/bin/protoc") &&
    existsSync("/usr/bin/grpc_python_plugin");
  it.runIf(python || process.env.CI === "true")(
    "a Python grpcio client with stubs from Debian's protoc",
    async () => {
      const gen = mkdtempSync(join(tmpdir(), "tagroute-py-"));
      await run("protoc", [
        "-I",
        "proto",
        `--python_out=${gen}`,
        `--grpc_python_out=${gen}`,
        "--plugin=protoc-gen-grpc_python=/usr/bin/grpc_python_plugin",
        "tagroute/v1/routing.proto",
        "tagroute/v1/deployment.proto",
        "tagroute/v1/tag.proto",
        "google/rpc/status.proto",
        "google/rpc/error_details.proto",
      ]);
      const { stdout } = await run(PYTHON, ["test/e2e/wire_client.py", gen, address], {
        timeout: 60_000,
      });
      expect(JSON.parse(stdout)).toEqual({
        selected: "paid-eu",
        allowed: ["paid-eu"],
        error: ["INVALID_ARGUMENT", "INVALID_TAG", ["routing.tags[0]"]],
        text: "This is a mock completion from free-1 (gpt-4o). You said: hi",
      });
    },
    90_000,
  );
});
