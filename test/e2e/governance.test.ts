import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Code, Provider } from "../../sdk/src/index.js";
import { failure, startTestServer, TEST_CONFIG, type TestServer } from "./support.js";

const GOVERNED = `${TEST_CONFIG}
tagroute:
  governance:
    naming_pattern: "^[a-z0-9-]+(:[a-z0-9-]+)?$"
    controlled_vocabulary: true
`;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ config: GOVERNED });
});
afterAll(async () => {
  await server?.close();
});

describe("tag governance", () => {
  it("refuses tags that break the naming policy, naming the field", async () => {
    const client = server.client("grpc");
    const error = await failure(client.createTag({ tag: { name: "Team:Search" } }));
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.reason).toBe("TAG_NAMING_POLICY");
    expect(error.fieldViolations[0]?.field).toBe("tag.name");
  });

  it("in controlled-vocabulary mode requests and deployments may use registered tags only", async () => {
    const client = server.client("grpc");
    const unregistered = await failure(
      client.selectDeployment({ routing: { model: "gpt-4", tags: ["team:search"] } }),
    );
    expect(unregistered.reason).toBe("UNREGISTERED_TAG");
    expect(unregistered.fieldViolations[0]?.field).toBe("routing.tags[0]");

    const onDeployment = await failure(
      client.createDeployment({
        deployment: {
          id: "gov-1",
          modelName: "gpt-4",
          provider: Provider.MOCK,
          upstreamModel: "m",
          tags: ["team:search"],
          enabled: true,
        },
      }),
    );
    expect(onDeployment.reason).toBe("UNREGISTERED_TAG");
    expect(onDeployment.fieldViolations[0]?.field).toBe("deployment.tags[0]");

    await client.createTag({ tag: { name: "team:search" }, deploymentIds: ["paid-eu"] });
    expect(
      (await client.selectDeployment({ routing: { model: "gpt-4", tags: ["team:search"] } }))
        .deployment?.id,
    ).toBe("paid-eu");
    expect(
      (await client.selectDeployment({ routing: { model: "gpt-4", tags: ["team:*"] } })).deployment
        ?.id,
    ).toBe("paid-eu");
  });
});
