import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isTagrouteError, MatchMode, Provider, type TagrouteClient } from "../../sdk/src/index.js";
import { loadConformance } from "../fixtures/conformance-cases.js";
import { startTestServer, type TestServer } from "./support.js";

/**
 * The conformance vectors driven through the API: deployments created over RPC in a group of their
 * own, the decision read back from SelectDeployment's explanation. Cases that need router settings
 * or cooldown state are covered by the core suite; API-created groups use the router defaults, and
 * cooldown arrives with Complete's health tracking.
 */
const file = loadConformance();
const sample = file.cases
  .map((c, i) => ({ c, group: `conformance-${i}` }))
  .filter(({ c }) => c.settings === undefined && !c.deployments.some((d) => d.cooling));

let server: TestServer;
let client: TagrouteClient;
beforeAll(async () => {
  server = await startTestServer();
  client = server.client("grpc");
  for (const { c, group } of sample) {
    for (const d of c.deployments) {
      await client.createDeployment({
        deployment: {
          id: `${group}.${d.id}`,
          modelName: group,
          provider: Provider.MOCK,
          upstreamModel: "m",
          tags: [...d.tags],
          userAgentPatterns: [...(d.user_agent_patterns ?? [])],
          enabled: d.enabled ?? true,
        },
      });
    }
  }
}, 60_000);
afterAll(async () => {
  await server?.close();
});

describe(`conformance vectors through SelectDeployment (${sample.length} of ${file.cases.length})`, () => {
  it("drives a meaningful sample", () => {
    expect(sample.length).toBeGreaterThanOrEqual(50);
  });

  it.each(sample.map(({ c, group }) => [c.name, c, group] as const))(
    "%s",
    async (_name, c, group) => {
      const r = c.request;
      const headers: Record<string, string> = {};
      if (r.compat_tags !== undefined) headers["x-litellm-tags"] = r.compat_tags.join(", ");
      let outcome: { ids: string[] } | { error: string | undefined };
      try {
        const res = await client.selectDeployment(
          {
            routing: {
              model: group,
              tags: [...(r.tags ?? [])],
              all: [...(r.all ?? [])],
              none: [...(r.none ?? [])],
              match:
                r.match === "all"
                  ? MatchMode.ALL
                  : r.match === "any"
                    ? MatchMode.ANY
                    : MatchMode.UNSPECIFIED,
              userAgent: r.user_agent ?? "",
            },
            explain: true,
          },
          { headers },
        );
        outcome = {
          ids: (res.explanation?.allowed ?? []).map((d) => d.id.slice(group.length + 1)).sort(),
        };
      } catch (error) {
        if (!isTagrouteError(error)) throw error;
        outcome = { error: error.reason };
      }
      expect(outcome).toEqual(
        "ids" in c.expect ? { ids: [...c.expect.ids].sort() } : { error: c.expect.error },
      );
    },
  );
});
