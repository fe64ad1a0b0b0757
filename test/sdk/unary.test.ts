import {
  createTagrouteClient,
  MatchHow,
  MatchMode,
  Provider,
  type TagrouteClient,
} from "@tagroute/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROTOCOLS, type StubServer, startStubServer } from "./stub-server.js";

const API_KEY = "tr-unary-test-key";

describe.each(PROTOCOLS)("unary calls over %s", (protocol) => {
  let server: StubServer;
  let client: TagrouteClient;

  beforeAll(async () => {
    server = await startStubServer(protocol);
    client = createTagrouteClient({
      address: server.address,
      protocol,
      apiKey: API_KEY,
      litellmTags: "free, &region:eu, !p:anthropic",
      userAgent: "billing-service/2.3",
    });
  });

  afterAll(async () => {
    await client.close();
    await server.close();
  });

  function lastCall(method: string) {
    const call = server.state.calls.findLast((c) => c.method === method);
    if (call === undefined) throw new Error(`the stub saw no ${method} call`);
    return call;
  }

  it("round-trips SelectDeployment with bearer auth and x-litellm-tags metadata", async () => {
    const response = await client.selectDeployment({
      routing: { model: "gpt-4", tags: ["team:search"], match: MatchMode.ALL },
    });
    expect(response.deployment?.id).toBe("d1");
    expect(response.deployment?.provider).toBe(Provider.MOCK);
    expect(response.deployment?.tags).toEqual(["team:search"]);
    expect(response.how).toBe(MatchHow.TAGS);
    expect(response.candidateCount).toBe(2);

    const call = lastCall("SelectDeployment");
    expect(call.protocol).toBe(protocol === "grpc" ? "grpc" : "connect");
    expect(call.header.get("authorization")).toBe(`Bearer ${API_KEY}`);
    expect(call.header.get("x-litellm-tags")).toBe("free, &region:eu, !p:anthropic");
  });

  it("fills routing.userAgent from the client option only when the request leaves it empty", async () => {
    await client.selectDeployment({ routing: { model: "gpt-4" } });
    expect(lastCall("SelectDeployment").request).toMatchObject({
      routing: { userAgent: "billing-service/2.3" },
    });
    await client.selectDeployment({ routing: { model: "gpt-4", userAgent: "curl/8" } });
    expect(lastCall("SelectDeployment").request).toMatchObject({
      routing: { userAgent: "curl/8" },
    });
  });

  it("lets per-call headers override the client-wide metadata", async () => {
    await client.getTag(
      { name: "team:search" },
      { headers: { "x-litellm-tags": "paid", authorization: "Bearer other-tenant" } },
    );
    const call = lastCall("GetTag");
    expect(call.header.get("x-litellm-tags")).toBe("paid");
    expect(call.header.get("authorization")).toBe("Bearer other-tenant");
  });

  it("has one typed method per tag RPC", async () => {
    const created = await client.createTag({
      tag: { name: "team:search", description: "search team", maxBudgetUsd: 50 },
      deploymentIds: ["d1"],
    });
    expect(created.tag).toMatchObject({ name: "team:search", registered: true, version: 1n });
    expect(created.tag?.maxBudgetUsd).toBe(50);

    const got = await client.getTag({ name: "team:search" });
    expect(got.tag?.version).toBe(3n);

    const updated = await client.updateTag({
      tag: { name: "team:search", description: "renamed", version: 3n },
      updateMask: { paths: ["description"] },
    });
    expect(updated.tag).toMatchObject({ description: "renamed", version: 4n });

    await expect(client.deleteTag({ name: "team:search", version: 4n })).resolves.toBeDefined();
    expect(lastCall("DeleteTag").request).toMatchObject({ name: "team:search", version: 4n });

    const page = await client.listTags({ prefix: "team:", pageSize: 2 });
    expect(page.tags.map((t) => t.name)).toEqual(["team:a", "team:b"]);
    expect(page.nextPageToken).toBe("p2");
  });

  it("has one typed method per deployment RPC", async () => {
    const created = await client.createDeployment({
      deployment: {
        id: "eu-1",
        modelName: "gpt-4",
        provider: Provider.OPENAI,
        upstreamModel: "gpt-4o",
        credentialRef: "os.environ/OPENAI_KEY",
        tags: ["region:eu"],
        weight: 2,
      },
    });
    expect(created.deployment).toMatchObject({ id: "eu-1", weight: 2, version: 1n });

    const got = await client.getDeployment({ id: "eu-1" });
    expect(got.deployment).toMatchObject({ id: "eu-1", modelName: "gpt-4", version: 2n });

    const updated = await client.updateDeployment({
      deployment: { id: "eu-1", version: 2n },
      updateMask: { paths: ["tags", "weight"] },
    });
    expect(updated.deployment?.tags).toEqual(["tags", "weight"]);

    await expect(client.deleteDeployment({ id: "eu-1", version: 3n })).resolves.toBeDefined();
    expect(lastCall("DeleteDeployment").request).toMatchObject({ id: "eu-1", version: 3n });

    const page = await client.listDeployments({ modelName: "gpt-4" });
    expect(page.deployments.map((d) => d.id)).toEqual(["d1"]);
    expect(page.deployments[0]?.modelName).toBe("gpt-4");
  });

  it("sends no authorization or tag metadata when the client has none", async () => {
    const bare = createTagrouteClient({ address: server.address.replace("http://", ""), protocol });
    try {
      await bare.listDeployments({});
      const call = lastCall("ListDeployments");
      expect(call.header.has("authorization")).toBe(false);
      expect(call.header.has("x-litellm-tags")).toBe(false);
    } finally {
      await bare.close();
    }
  });
});
