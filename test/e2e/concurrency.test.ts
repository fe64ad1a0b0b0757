import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Code, isTagrouteError } from "../../sdk/src/index.js";
import { startTestServer, type TestServer } from "./support.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe("optimistic concurrency", () => {
  it("of many UpdateTags with the same version exactly one wins, the others get ABORTED", async () => {
    const grpc = server.client("grpc");
    const http = server.client("connect");
    await grpc.createTag({ tag: { name: "contended", description: "v1" } });
    const attempts = Array.from({ length: 24 }, (_, i) =>
      (i % 2 === 0 ? grpc : http).updateTag({
        tag: { name: "contended", description: `writer ${i}`, version: 1n },
        updateMask: { paths: ["description"] },
      }),
    );
    const results = await Promise.allSettled(attempts);
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(23);
    for (const error of lost) {
      expect(
        isTagrouteError(error) &&
          error.code === Code.Aborted &&
          error.reason === "VERSION_CONFLICT",
      ).toBe(true);
    }
    const final = await grpc.getTag({ name: "contended" });
    expect(final.tag?.version).toBe(2n);
    const winner = won[0];
    if (winner?.status === "fulfilled")
      expect(final.tag?.description).toBe(winner.value.tag?.description);
  });
});
