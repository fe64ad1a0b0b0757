import { connect } from "node:http2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Code, type TagrouteClient } from "../../sdk/src/index.js";
import { failure, startTestServer, TEST_CONFIG, type TestServer } from "./support.js";

let server: TestServer;
let client: TagrouteClient;
beforeAll(async () => {
  server = await startTestServer({
    config: `${TEST_CONFIG}\ntagroute:\n  mock: { token_delay_ms: 40 }\n`,
  });
  client = server.client("grpc");
});
afterAll(async () => {
  await server?.close();
});

/** One bad request per RPC; each names its field, and the server keeps serving. */
const cases: [string, () => Promise<unknown>, Code, string | undefined][] = [
  [
    "CreateTag with an invalid name",
    () => client.createTag({ tag: { name: "a,b" } }),
    Code.InvalidArgument,
    "tag.name",
  ],
  [
    "CreateTag attaching to an unknown deployment",
    () => client.createTag({ tag: { name: "ok" }, deploymentIds: ["nope"] }),
    Code.InvalidArgument,
    "deployment_ids[0]",
  ],
  [
    "GetTag of an unknown tag",
    () => client.getTag({ name: "never:seen" }),
    Code.NotFound,
    undefined,
  ],
  [
    "UpdateTag without a mask",
    () => client.updateTag({ tag: { name: "free", version: 1n } }),
    Code.InvalidArgument,
    "update_mask",
  ],
  [
    "UpdateTag of an unregistered tag",
    () =>
      client.updateTag({
        tag: { name: "free", version: 1n },
        updateMask: { paths: ["description"] },
      }),
    Code.NotFound,
    undefined,
  ],
  [
    "DeleteTag of an unknown tag",
    () => client.deleteTag({ name: "never:seen" }),
    Code.NotFound,
    undefined,
  ],
  [
    "ListTags with a forged page token",
    () => client.listTags({ pageToken: "!!" }),
    Code.InvalidArgument,
    "page_token",
  ],
  [
    "ListTags with a huge page",
    () => client.listTags({ pageSize: 5000 }),
    Code.InvalidArgument,
    "page_size",
  ],
  [
    "GetDeployment of an unknown id",
    () => client.getDeployment({ id: "nope" }),
    Code.NotFound,
    undefined,
  ],
  [
    "CreateDeployment without a deployment",
    () => client.createDeployment({}),
    Code.InvalidArgument,
    "deployment",
  ],
  [
    "UpdateDeployment with an unknown mask path",
    () =>
      client.updateDeployment({ deployment: { id: "free-1" }, updateMask: { paths: ["source"] } }),
    Code.InvalidArgument,
    "update_mask",
  ],
  [
    "DeleteDeployment of an unknown id",
    () => client.deleteDeployment({ id: "nope" }),
    Code.NotFound,
    undefined,
  ],
  [
    "ListDeployments with a forged page token",
    () => client.listDeployments({ pageToken: "%%%" }),
    Code.InvalidArgument,
    "page_token",
  ],
  [
    "Complete with an invalid role",
    () =>
      client.completeText({
        routing: { model: "gpt-4" },
        messages: [{ role: "robot", content: "x" }],
      }),
    Code.InvalidArgument,
    "messages[0].role",
  ],
  [
    "Complete with no model",
    () => client.completeText({ messages: [{ role: "user", content: "x" }] }),
    Code.InvalidArgument,
    "routing.model",
  ],
];

describe("bad input on every RPC", () => {
  it.each(cases)("%s", async (_name, call, code, field) => {
    const error = await failure(call());
    expect(error.code).toBe(code);
    if (field !== undefined) expect(error.fieldViolations.map((v) => v.field)).toContain(field);
    expect(error.message.length).toBeGreaterThan(0);
    expect(
      (await client.selectDeployment({ routing: { model: "gpt-4", tags: ["free"] } })).deployment
        ?.id,
    ).toBe("free-1");
  });

  it("an oversized message is RESOURCE_EXHAUSTED and the server keeps serving", async () => {
    const error = await failure(
      client.selectDeployment({
        routing: { model: "gpt-4", userAgent: "x".repeat(5 * 1024 * 1024) },
      }),
    );
    expect(error.code).toBe(Code.ResourceExhausted);
    expect((await client.selectDeployment({ routing: { model: "gpt-4" } })).deployment?.id).toBe(
      "default-1",
    );
  });

  it("garbage bytes are INVALID_ARGUMENT and the server keeps serving", async () => {
    const session = connect(`http://127.0.0.1:${server.running.grpcPort}`);
    try {
      const status = await new Promise<string | undefined>((resolve, reject) => {
        const req = session.request({
          ":method": "POST",
          ":path": "/tagroute.v1.RoutingService/SelectDeployment",
          "content-type": "application/grpc",
          te: "trailers",
        });
        req.on("trailers", (trailers) => resolve(String(trailers["grpc-status"])));
        req.on("response", (headers) => {
          if (headers["grpc-status"] !== undefined) resolve(String(headers["grpc-status"]));
        });
        req.on("error", reject);
        req.resume();
        // A frame that says 5 bytes of protobuf follow, then bytes that are not protobuf.
        req.end(Buffer.from([0, 0, 0, 0, 5, 0xff, 0xff, 0xff, 0xff, 0xff]));
      });
      expect(status).toBe(String(Code.InvalidArgument));
    } finally {
      session.close();
    }
    expect((await client.selectDeployment({ routing: { model: "gpt-4" } })).deployment?.id).toBe(
      "default-1",
    );
  });

  it("a caller that stops reading a Complete stream cancels it on the server", async () => {
    for await (const event of client.complete({
      routing: { model: "gpt-4", tags: ["free"] },
      messages: [{ role: "user", content: "a long answer please" }],
    })) {
      if (event.kind === "delta") break;
    }
    let line: Record<string, unknown> | undefined;
    for (let i = 0; i < 100 && line === undefined; i++) {
      line = server.logs.find(
        (l) => String(l.method).endsWith("/Complete") && l.code === "canceled",
      );
      if (line === undefined) await new Promise((r) => setTimeout(r, 20));
    }
    // Had the stream run to its end the call would be logged "ok": "canceled" means the handler's
    // signal fired mid-stream, and that signal is what the provider's stream runs under.
    expect(line).toBeDefined();
  });
});
