import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CompleteEvent, TagrouteClient } from "../../sdk/src/index.js";
import { type FakeOpenAI, startFakeOpenAI } from "../providers/fake-openai.js";
import { failure, startTestServer, type TestServer } from "./support.js";

let upstream: FakeOpenAI;
let server: TestServer;
let client: TagrouteClient;

beforeAll(async () => {
  upstream = await startFakeOpenAI();
  // weight 0 is never picked while a weighted sibling is left: the first attempt is deterministic.
  const entry = (group: string, id: string, model: string, extra: string) => `
  - model_name: ${group}
    litellm_params: { model: openai/${model}, api_base: "${upstream.baseUrl}", ${extra} }
    model_info: { id: ${id} }`;
  server = await startTestServer({
    config: `model_list:${[
      entry("retry", "r-bad", "500", "weight: 1"),
      entry("retry", "r-good", "ok", "weight: 0"),
      entry("mid", "m-bad", "midstream-error", "weight: 1"),
      entry("mid", "m-good", "ok", "weight: 0"),
      entry("primary", "p-down", "500", "tags: [t]"),
      entry("backup", "b-t", "ok", "tags: [t]"),
      entry("backup", "b-u", "ok", "tags: [u]"),
      entry("elsewhere", "e-x", "ok", "tags: [x]"),
    ].join("")}
router_settings:
  num_retries: 1
  fallbacks:
    - primary: [backup]
    - elsewhere: [backup]
`,
  });
  client = server.client("grpc");
});
afterAll(async () => {
  await server?.close();
  await upstream?.close();
});

const messages = [{ role: "user", content: "hi" }];
async function events(model: string, tags: string[] = [], none: string[] = []) {
  const out: CompleteEvent[] = [];
  for await (const e of client.complete({ routing: { model, tags, none }, messages })) out.push(e);
  return out;
}
const routed = (es: readonly CompleteEvent[]) =>
  es.flatMap((e) => (e.kind === "routed" ? [[e.attempt, e.model, e.deploymentId]] : []));
const text = (es: readonly CompleteEvent[]) =>
  es.flatMap((e) => (e.kind === "delta" ? [e.text] : [])).join("");

describe("failover and fallbacks (DESIGN rule 9)", () => {
  it("an upstream failure before the first delta moves to the group's next candidate", async () => {
    const es = await events("retry");
    expect(routed(es)).toEqual([
      [1, "retry", "r-bad"],
      [2, "retry", "r-good"],
    ]);
    expect(text(es)).toBe("Hello, world");
    expect(es.at(-1)).toMatchObject({ kind: "finish", deploymentId: "r-good" });
  });

  it("a failure after the first delta ends the stream: no second attempt", async () => {
    const seen: CompleteEvent[] = [];
    const error = await failure(
      (async () => {
        for await (const e of client.complete({ routing: { model: "mid" }, messages }))
          seen.push(e);
      })(),
    );
    expect(error.reason).toBe("UPSTREAM_ERROR");
    expect(routed(seen)).toEqual([[1, "mid", "m-bad"]]);
    expect(text(seen)).toBe("partial ");
  });

  it("when the group has nothing left, its fallbacks are routed with the same tags", async () => {
    const es = await events("primary", ["t"]);
    expect(routed(es)).toEqual([
      [1, "primary", "p-down"],
      [2, "backup", "b-t"],
    ]);
    expect(text(es)).toBe("Hello, world");
  });

  it("a NO_DEPLOYMENT_MATCHES_TAGS decision falls back too", async () => {
    expect(routed(await events("elsewhere", ["t"]))).toEqual([[1, "backup", "b-t"]]);
  });

  it("hard constraints travel with the fallback and are never relaxed", async () => {
    const error = await failure(events("elsewhere", ["t"], ["t"]));
    expect(error.reason).toBe("NO_DEPLOYMENT_MATCHES_TAGS");
  });

  it("an invalid tag never falls back", async () => {
    const error = await failure(events("primary", ["bad tag"]));
    expect(error.reason).toBe("INVALID_TAG");
  });
});
