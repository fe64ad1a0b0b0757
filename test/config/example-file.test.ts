import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RouteInput, route } from "../../src/core/index.js";
import {
  buildSnapshot,
  describeFilteringImpact,
  loadConfigFile,
  type TagrouteConfig,
} from "../../src/server/config/index.js";
import { configOf } from "./support.js";

const EXAMPLE = new URL("../../examples/tagroute.yaml", import.meta.url).pathname;

/** The ids a request may use, through the core's one routing entry point. */
function allowed(config: TagrouteConfig, input: RouteInput): string[] {
  const outcome = route(buildSnapshot(config), input, { now: 0 });
  if (outcome.kind !== "decided" || outcome.decision.kind !== "allowed") return [];
  return outcome.decision.candidates.map((d) => d.id).sort();
}

describe("examples/tagroute.yaml", () => {
  let config: TagrouteConfig;

  beforeAll(async () => {
    const result = await loadConfigFile(EXAMPLE, { env: {} });
    expect(result.notices).toEqual([]);
    config = configOf(result);
  });

  it("loads with no problem and no notice", () => {
    expect(config.deployments.map((d) => [d.modelGroup, d.id, d.provider, d.tags])).toEqual([
      ["gpt-4", "free-1", "mock", ["free"]],
      ["gpt-4", "paid-1", "mock", ["paid", "region:eu"]],
      ["gpt-4", "paid-2", "mock", ["paid", "region:us"]],
      ["gpt-4", "default-1", "mock", ["default"]],
      ["claude", "claude-code-1", "mock", []],
      ["claude", "claude-default", "mock", ["default"]],
    ]);
    expect(config.deployments[4]?.userAgentPatterns).toEqual(["^User-Agent: claude-code/"]);
    expect(config.groups.get("gpt-4")).toEqual({ match: "any", noMatch: "error", filtering: true });
    expect(config.router.fallbacks.get("gpt-4")).toEqual(["claude"]);
    expect(config.listen.grpc).toEqual({ host: "127.0.0.1", port: 50051 });
    expect(config.store.path).toBe("data/tagroute.db");
  });

  it.each([
    [{ model: "gpt-4" }, ["default-1"]],
    [{ model: "gpt-4", tags: ["free"] }, ["free-1"]],
    [{ model: "gpt-4", tags: ["region:*"] }, ["paid-1", "paid-2"]],
    [{ model: "gpt-4", tags: ["paid"], none: ["region:us"] }, ["paid-1"]],
    [{ model: "claude", userAgent: "claude-code/1.0.3" }, ["claude-code-1"]],
    [{ model: "claude", userAgent: "curl/8" }, ["claude-default"]],
  ])("routes %j to %j", (input, ids) => {
    expect(allowed(config, input)).toEqual(ids);
  });

  it("says what filtering changes for each group", () => {
    expect(describeFilteringImpact(config).map((i) => [i.group, i.changed])).toEqual([
      ["gpt-4", true],
      ["claude", true],
    ]);
  });
});

describe("loadConfigFile", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "tagroute-config-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reports a missing file as a problem, not a throw", async () => {
    const path = join(dir, "missing.yaml");
    const result = await loadConfigFile(path, { env: {} });
    expect(result).toEqual({
      ok: false,
      problems: [{ path: "", rule: "file", message: `${path}: no such file` }],
      notices: [],
    });
  });

  it("reports a directory as a problem", async () => {
    const result = await loadConfigFile(dir, { env: {} });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems[0]?.message).toContain("is a directory");
  });

  it("names the file in syntax errors", async () => {
    const path = join(dir, "broken.yaml");
    await writeFile(path, "model_list: [\n");
    const result = await loadConfigFile(path, { env: {} });
    expect(!result.ok && result.problems[0]?.message).toContain(`${path}, line 2`);
  });
});
