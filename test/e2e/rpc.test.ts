import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  Code,
  MatchHow,
  MatchMode,
  Provider,
  Source,
  type TagrouteClient,
  Verdict,
} from "../../sdk/src/index.js";
import { failure, startTestServer, TEST_SECRET, type TestServer } from "./support.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe.each(["grpc", "connect"] as const)(
  "every RPC through the SDK on the %s port",
  (protocol) => {
    let client: TagrouteClient;
    beforeAll(() => {
      client = server.client(protocol);
    });
    const p = protocol; // keeps resource names distinct per port

    it("SelectDeployment routes by tags and explains itself", async () => {
      const res = await client.selectDeployment({
        routing: { model: "gpt-4", tags: ["paid"], none: ["region:us"] },
        explain: true,
      });
      expect(res.deployment?.id).toBe("paid-eu");
      expect(res.deployment?.provider).toBe(Provider.MOCK);
      expect(res.how).toBe(MatchHow.TAGS);
      expect(res.mode).toBe(MatchMode.ANY);
      expect(res.candidateCount).toBe(1);
      expect(res.explanation?.allowed).toMatchObject([
        { id: "paid-eu", verdict: Verdict.SELECTED, reason: "tags" },
      ]);
      expect(res.explanation?.excluded.map((d) => [d.id, d.reason, d.tag])).toEqual([
        ["free-1", "tag_mismatch", ""],
        ["paid-us", "excluded_tag", "region:us"],
        ["default-1", "tag_mismatch", ""],
      ]);
    });

    it("SelectDeployment never returns a credential, only its reference", async () => {
      const res = await client.selectDeployment({ routing: { model: "claude" } });
      expect(res.deployment?.id).toBe("claude-default");
      expect(res.deployment?.credentialRef).toBe("os.environ/TEST_CLAUDE_KEY");
      expect(JSON.stringify(res, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain(
        TEST_SECRET,
      );
    });

    it("SelectDeployment honours the user agent and LiteLLM's tag metadata", async () => {
      const ua = await client.selectDeployment({
        routing: { model: "claude", userAgent: "claude-code/1.2" },
      });
      expect(ua.deployment?.id).toBe("claude-code");
      expect(ua.how).toBe(MatchHow.PATTERN);
      const compat = server.client(protocol, { litellmTags: "paid, !region:eu" });
      expect((await compat.selectDeployment({ routing: { model: "gpt-4" } })).deployment?.id).toBe(
        "paid-us",
      );
    });

    it("Complete streams routed, deltas, usage with cost and finish", async () => {
      const events = [];
      for await (const event of client.complete({
        routing: { model: "gpt-4", tags: ["free"] },
        messages: [{ role: "user", content: "hello there" }],
      })) {
        events.push(event);
      }
      expect(events[0]).toMatchObject({ kind: "routed", deploymentId: "free-1", attempt: 1 });
      const text = events.flatMap((e) => (e.kind === "delta" ? [e.text] : [])).join("");
      expect(text).toBe("This is a mock completion from free-1 (gpt-4o). You said: hello there");
      const usage = events.find((e) => e.kind === "usage");
      expect(usage).toMatchObject({ kind: "usage", inputTokens: 2, outputTokens: 12 });
      if (usage?.kind === "usage") expect(usage.costUsd).toBeCloseTo(2 * 0.001 + 12 * 0.002);
      expect(events.at(-1)).toMatchObject({
        kind: "finish",
        reason: "stop",
        deploymentId: "free-1",
      });
    });

    it("Complete honours max_tokens", async () => {
      const out = await client.completeText({
        routing: { model: "gpt-4" },
        messages: [{ role: "user", content: "x" }],
        maxTokens: 3,
      });
      expect(out.text).toBe("This is a ");
      expect(out.finishReason).toBe("length");
      expect(out.deploymentId).toBe("default-1");
    });

    it("tag CRUD changes routing at once, with versions", async () => {
      const name = `team:${p}`;
      const created = await client.createTag({
        tag: { name, description: "the search team" },
        deploymentIds: ["paid-us"],
      });
      expect(created.tag).toMatchObject({ name, registered: true, version: 1n, createdBy: "api" });
      expect(created.tag?.attachments).toMatchObject([
        { deploymentId: "paid-us", source: Source.API },
      ]);
      expect(
        (await client.selectDeployment({ routing: { model: "gpt-4", tags: [name] } })).deployment
          ?.id,
      ).toBe("paid-us");

      const got = await client.getTag({ name });
      expect(got.tag?.description).toBe("the search team");

      const updated = await client.updateTag({
        tag: { name, description: "moved", version: 1n },
        updateMask: { paths: ["description", "attachments"] },
        modelNames: ["claude"],
      });
      expect(updated.tag?.version).toBe(2n);
      expect(updated.tag?.attachments.map((a) => a.deploymentId).sort()).toEqual([
        "claude-code",
        "claude-default",
      ]);
      const stale = await failure(
        client.updateTag({
          tag: { name, description: "x", version: 1n },
          updateMask: { paths: ["description"] },
        }),
      );
      expect(stale.code).toBe(Code.Aborted);
      expect(stale.reason).toBe("VERSION_CONFLICT");
      // The tag left gpt-4: it is no longer known there, so gpt-4 falls back to its default.
      expect(
        (await client.selectDeployment({ routing: { model: "gpt-4", tags: [name] } })).how,
      ).toBe(MatchHow.DEFAULT_FALLBACK);

      const attached = await failure(client.deleteTag({ name }));
      expect(attached.code).toBe(Code.FailedPrecondition);
      expect(attached.reason).toBe("TAG_ATTACHED");
      await client.deleteTag({ name, force: true });
      expect((await failure(client.getTag({ name }))).code).toBe(Code.NotFound);
    });

    it("ListTags pages through registered and unregistered tags", async () => {
      const all = await client.listTags({ pageSize: 1000 });
      const names = all.tags.map((t) => t.name);
      expect(names).toEqual([...names].sort());
      expect(names).toEqual(expect.arrayContaining(["default", "free", "paid", "region:eu"]));
      expect(all.tags.find((t) => t.name === "paid")).toMatchObject({ registered: false });
      expect(
        all.tags.find((t) => t.name === "paid")?.attachments.map((a) => a.deploymentId),
      ).toEqual(["paid-eu", "paid-us"]);

      const seen: string[] = [];
      let token = "";
      do {
        const page = await client.listTags({ pageSize: 2, pageToken: token });
        expect(page.tags.length).toBeLessThanOrEqual(2);
        seen.push(...page.tags.map((t) => t.name));
        token = page.nextPageToken;
      } while (token !== "");
      expect(seen).toEqual(names);
      expect((await client.listTags({ prefix: "region:" })).tags.map((t) => t.name)).toEqual([
        "region:eu",
        "region:us",
      ]);
      expect((await client.listTags({ modelName: "claude" })).tags.map((t) => t.name)).toEqual([
        "default",
      ]);
    });

    it("deployment CRUD: API deployments are durable data, config ones are read-only", async () => {
      const id = `api-${p}`;
      const created = await client.createDeployment({
        deployment: {
          id,
          modelName: `group-${p}`,
          provider: Provider.MOCK,
          upstreamModel: "m",
          tags: ["vip"],
          enabled: true,
          weight: 2,
        },
      });
      expect(created.deployment).toMatchObject({
        id,
        source: Source.API,
        version: 1n,
        tags: ["vip"],
        weight: 2,
      });
      expect(
        (await client.selectDeployment({ routing: { model: `group-${p}`, tags: ["vip"] } }))
          .deployment?.id,
      ).toBe(id);

      const updated = await client.updateDeployment({
        deployment: { id, version: 1n, tags: ["vip", "gold"], enabled: true },
        updateMask: { paths: ["tags"] },
      });
      expect(updated.deployment).toMatchObject({ version: 2n, tags: ["vip", "gold"], weight: 2 });
      expect((await client.getDeployment({ id })).deployment?.tags).toEqual(["vip", "gold"]);
      expect(
        (await client.listDeployments({ modelName: `group-${p}` })).deployments.map((d) => d.id),
      ).toEqual([id]);
      expect(
        (await client.listDeployments({ tagPrefix: "region:" })).deployments.map((d) => d.id),
      ).toEqual(["paid-eu", "paid-us"]);

      const readOnly = await failure(
        client.updateDeployment({
          deployment: { id: "free-1", version: 1n },
          updateMask: { paths: ["enabled"] },
        }),
      );
      expect(readOnly.code).toBe(Code.FailedPrecondition);
      expect(readOnly.reason).toBe("READ_ONLY");
      expect((await failure(client.deleteDeployment({ id: "free-1" }))).reason).toBe("READ_ONLY");

      await client.deleteDeployment({ id, version: 2n });
      const gone = await failure(client.selectDeployment({ routing: { model: `group-${p}` } }));
      expect(gone.reason).toBe("MODEL_NOT_FOUND");
    });

    it("logs one line per call with method, code, duration and deployment, and no secret", async () => {
      await client.selectDeployment({ routing: { model: "gpt-4", tags: ["free"] } });
      const line = server.logs.findLast((l) => String(l.method).endsWith("/SelectDeployment"));
      expect(line).toMatchObject({ code: "ok", deployment: "free-1" });
      expect(typeof line?.duration_ms).toBe("number");
      expect(server.rawLogs.join("\n")).not.toContain(TEST_SECRET);
    });
  },
);

describe("errors through the SDK", () => {
  let client: TagrouteClient;
  beforeAll(() => {
    client = server.client("grpc");
  });

  it.each([
    [{ routing: { model: "gpt-5" } }, Code.NotFound, "MODEL_NOT_FOUND", undefined],
    [{ routing: { model: "" } }, Code.InvalidArgument, "INVALID_REQUEST", "routing.model"],
    [
      { routing: { model: "gpt-4", tags: ["free tier"] } },
      Code.InvalidArgument,
      "INVALID_TAG",
      "routing.tags[0]",
    ],
    [
      { routing: { model: "gpt-4", none: ["!x"] } },
      Code.InvalidArgument,
      "INVALID_TAG",
      "routing.none[0]",
    ],
    [
      { routing: { model: "gpt-4", all: ["region:ap"] } },
      Code.FailedPrecondition,
      "NO_DEPLOYMENT_MATCHES_TAGS",
      undefined,
    ],
    [
      { routing: { model: "m".repeat(300) } },
      Code.InvalidArgument,
      "INVALID_REQUEST",
      "routing.model",
    ],
  ])("SelectDeployment %j → %s %s", async (request, code, reason, field) => {
    const error = await failure(client.selectDeployment(request));
    expect(error.code).toBe(code);
    expect(error.reason).toBe(reason);
    if (field !== undefined) expect(error.fieldViolations.map((v) => v.field)).toContain(field);
  });

  it("names the bad field of a write and keeps serving", async () => {
    const error = await failure(
      client.createDeployment({
        deployment: {
          id: "bad id",
          modelName: "",
          provider: Provider.UNSPECIFIED,
          tags: ["a b"],
          credentialRef: TEST_SECRET,
        },
      }),
    );
    expect(error.code).toBe(Code.InvalidArgument);
    expect(error.fieldViolations.map((v) => v.field)).toEqual(
      expect.arrayContaining([
        "deployment.provider",
        "deployment.upstream_model",
        "deployment.credential_ref",
        "deployment.id",
        "deployment.model_name",
        "deployment.tags[0]",
      ]),
    );
    expect(error.message).not.toContain(TEST_SECRET);
    expect((await client.selectDeployment({ routing: { model: "gpt-4" } })).deployment?.id).toBe(
      "default-1",
    );
  });

  it("Complete refuses before streaming, with the same reasons as SelectDeployment", async () => {
    const error = await failure(
      client.completeText({
        routing: { model: "gpt-4", tags: ["bad tag"] },
        messages: [{ role: "user", content: "x" }],
      }),
    );
    expect(error.reason).toBe("INVALID_TAG");
    const noMessages = await failure(
      client.completeText({ routing: { model: "gpt-4" }, messages: [] }),
    );
    expect(noMessages.fieldViolations.map((v) => v.field)).toEqual(["messages"]);
  });
});
