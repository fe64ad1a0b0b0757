import { describe, expect, it } from "vitest";
import {
  configOf,
  entry,
  load,
  pathsOf,
  problemAt,
  problemsOf,
  withEntry,
  withTop,
} from "./support.js";

const P = "model_list[0].litellm_params";
const I = "model_list[0].model_info";

describe("model_list entries: one problem, its path, its message", () => {
  it.each([
    // provider prefixes
    [
      { litellm_params: { model: "azure/gpt-4o" } },
      `${P}.model`,
      "provider",
      ['"azure"', "openai/, anthropic/, mock/"],
    ],
    [
      { litellm_params: { model: "bedrock/anthropic.claude-v2" } },
      `${P}.model`,
      "provider",
      ['"bedrock"'],
    ],
    [
      { litellm_params: { model: "openai/" } },
      `${P}.model`,
      "provider",
      ['names no model after "openai/"'],
    ],
    [{ litellm_params: { model: 4 } }, `${P}.model`, "type", ["must be a string, got a number"]],
    // credentials and endpoints
    [
      { litellm_params: { api_key: "os.environ/MISSING_KEY" } },
      `${P}.api_key`,
      "env_unset",
      ["MISSING_KEY is not set"],
    ],
    [
      { litellm_params: { api_key: "os.environ/EMPTY_KEY" } },
      `${P}.api_key`,
      "env_unset",
      ["EMPTY_KEY is empty"],
    ],
    [
      { litellm_params: { api_key: "os.environ/1-bad" } },
      `${P}.api_key`,
      "env_name",
      ["environment variable name"],
    ],
    [
      { litellm_params: { api_key: 12345 } },
      `${P}.api_key`,
      "type",
      ["must be a string, got a number"],
    ],
    [
      { litellm_params: { api_base: "ftp://example.com" } },
      `${P}.api_base`,
      "url",
      ["http:// or https:// URL"],
    ],
    [
      { litellm_params: { api_base: "os.environ/NO_BASE" } },
      `${P}.api_base`,
      "env_unset",
      ["NO_BASE is not set"],
    ],
    // tags: non-strings are named, never dropped; strings go through the core's validator
    [
      { litellm_params: { tags: ["free", 5] } },
      `${P}.tags[1]`,
      "type",
      ["tag must be a string", "number 5"],
    ],
    [{ litellm_params: { tags: [true] } }, `${P}.tags[0]`, "type", ["boolean true"]],
    [{ litellm_params: { tags: [{ a: "b" }] } }, `${P}.tags[0]`, "type", ["got a mapping"]],
    [
      { litellm_params: { tags: ["free tier"] } },
      `${P}.tags[0]`,
      "whitespace",
      ['"free tier"', "white space"],
    ],
    [
      { litellm_params: { tags: ["Credential: openai"] } },
      `${P}.tags[0]`,
      "whitespace",
      ["white space"],
    ],
    [{ litellm_params: { tags: ["ok", "a,b"] } }, `${P}.tags[1]`, "comma", ['"a,b"', "comma"]],
    [
      { litellm_params: { tags: ["*"] } },
      `${P}.tags[0]`,
      "wildcard_not_allowed",
      ["only a request"],
    ],
    [
      { litellm_params: { tags: ["team:*"] } },
      `${P}.tags[0]`,
      "wildcard_not_allowed",
      ['"team:*"'],
    ],
    [{ litellm_params: { tags: ["!paid"] } }, `${P}.tags[0]`, "leading_marker", ["'!' or '&'"]],
    [{ litellm_params: { tags: [""] } }, `${P}.tags[0]`, "empty", ["is empty"]],
    [{ litellm_params: { tags: "free" } }, `${P}.tags`, "type", ["must be a list, got a string"]],
    [
      { litellm_params: { tags: Array.from({ length: 65 }, (_, i) => `t${i}`) } },
      `${P}.tags`,
      "too_many_tags",
      ["at most 64"],
    ],
    // user-agent patterns are RE2
    [
      { litellm_params: { tag_regex: ["(?<=x)y"] } },
      `${P}.tag_regex[0]`,
      "pattern_syntax",
      ["invalid RE2 pattern"],
    ],
    [
      { litellm_params: { tag_regex: ["ok", "(a"] } },
      `${P}.tag_regex[1]`,
      "pattern_syntax",
      ["invalid RE2 pattern"],
    ],
    [{ litellm_params: { tag_regex: [7] } }, `${P}.tag_regex[0]`, "type", ["must be a string"]],
    // numbers: types here, ranges from the core's validateDeployment, mapped to config paths
    [
      { litellm_params: { weight: "heavy" } },
      `${P}.weight`,
      "type",
      ["must be a finite number, got a string"],
    ],
    [{ litellm_params: { weight: -1 } }, `${P}.weight`, "number", ["≥ 0"]],
    [{ litellm_params: { rpm: 1.5 } }, `${P}.rpm`, "number", ["an integer"]],
    [{ litellm_params: { tpm: -5 } }, `${P}.tpm`, "number", ["≥ 0"]],
    [{ litellm_params: { order: 1.5 } }, `${P}.order`, "number", ["an integer"]],
    [{ model_info: { order: -1 } }, `${I}.order`, "number", ["≥ 0"]],
    [
      { model_info: { input_cost_per_token: -0.1 } },
      `${I}.input_cost_per_token`,
      "number",
      ["≥ 0"],
    ],
    [{ litellm_params: { timeout: 0 } }, `${P}.timeout`, "too_small", ["≥ 0.001"]],
    [{ litellm_params: { timeout: 100_000 } }, `${P}.timeout`, "too_big", ["≤ 86400"]],
    [
      { litellm_params: { stream_timeout: "soon" } },
      `${P}.stream_timeout`,
      "type",
      ["finite number"],
    ],
    [{ litellm_params: { max_retries: -1 } }, `${P}.max_retries`, "too_small", ["≥ 0"]],
    // the same value in both sections must agree
    [
      { litellm_params: { order: 1 }, model_info: { order: 2 } },
      `${I}.order`,
      "conflict",
      ["is 2 but litellm_params.order is 1"],
    ],
    [
      { litellm_params: { output_cost_per_token: 1 }, model_info: { output_cost_per_token: 2 } },
      `${I}.output_cost_per_token`,
      "conflict",
      ["litellm_params.output_cost_per_token is 1"],
    ],
    // keys that would route differently
    [
      { litellm_params: { custom_llm_provider: "azure" } },
      `${P}.custom_llm_provider`,
      "unsupported",
      ["prefix of `model`"],
    ],
    [
      { model_info: { enable_tag_filtering: true } },
      `${I}.enable_tag_filtering`,
      "unsupported",
      ["router-wide"],
    ],
    // ids
    [{ model_info: { id: "has space" } }, `${I}.id`, "id", ['"has space"', "letters, digits"]],
    [{ model_info: { id: 42 } }, `${I}.id`, "type", ["must be a string, got a number"]],
    // required fields and shapes
    [{ model_name: 7 }, "model_list[0].model_name", "type", ["must be a string"]],
    [{ model_name: "" }, "model_list[0].model_name", "model_name", ["1–256 characters"]],
    [
      { litellm_params: { model: null } },
      `${P}.model`,
      "required",
      ["is required", "openai/gpt-4o"],
    ],
    [{ model_info: "x" }, I, "type", ["must be a mapping, got a string"]],
  ])("%j → %s", (patch, path, rule, parts) => {
    const env = { EMPTY_KEY: "" };
    const problem = problemAt(load(withEntry(patch), env), path);
    expect(problem.rule).toBe(rule);
    for (const part of parts) expect(problem.message).toContain(part);
  });

  it.each([
    [{ model_list: undefined }, "model_list", "required"],
    [{ model_list: [] }, "model_list", "too_small"],
    [{ model_list: { a: 1 } }, "model_list", "type"],
    [{ model_list: ["gpt-4"] }, "model_list[0]", "type"],
    [{ model_list: [{ model_name: "g" }] }, "model_list[0].litellm_params", "required"],
    [
      { model_list: [{ litellm_params: { model: "mock/m" } }] },
      "model_list[0].model_name",
      "required",
    ],
    [
      { model_list: [{ model_name: "g", litellm_params: "mock/m" }] },
      "model_list[0].litellm_params",
      "type",
    ],
  ])("model_list %j → %s", (top, path, rule) => {
    const doc = { ...withTop({}), ...top };
    expect(problemsOf(load(doc))).toEqual([expect.objectContaining({ path, rule })]);
  });
});

describe("model_list entries: values", () => {
  it("keeps every documented litellm_params field, in domain units", () => {
    const config = configOf(
      load(
        withEntry({
          litellm_params: {
            model: "openai/gpt-4o",
            api_base: "https://llm.internal/v1",
            api_key: "os.environ/OPENAI_API_KEY",
            tags: ["paid", "region:eu"],
            tag_regex: ["^User-Agent: claude-code/"],
            weight: 2.5,
            rpm: 600,
            tpm: 100_000,
            order: 1,
            timeout: 1.5,
            input_cost_per_token: 0.000001,
            output_cost_per_token: 0.000002,
          },
          model_info: { id: "paid-eu" },
        }),
      ),
    );
    expect(config.deployments[0]).toMatchObject({
      id: "paid-eu",
      provider: "openai",
      upstreamModel: "gpt-4o",
      apiBase: "https://llm.internal/v1",
      credential: { kind: "env", name: "OPENAI_API_KEY" },
      tags: ["paid", "region:eu"],
      userAgentPatterns: ["^User-Agent: claude-code/"],
      weight: 2.5,
      rpm: 600,
      tpm: 100_000,
      order: 1,
      timeoutMs: 1500,
      inputCostPerToken: 0.000001,
      outputCostPerToken: 0.000002,
    });
  });

  it("takes order and prices from model_info too, and accepts them in both when equal", () => {
    const fromInfo = configOf(
      load(withEntry({ model_info: { id: "x", order: 3, input_cost_per_token: 0.5 } })),
    );
    expect(fromInfo.deployments[0]).toMatchObject({ order: 3, inputCostPerToken: 0.5 });
    const both = configOf(
      load(withEntry({ litellm_params: { order: 2 }, model_info: { id: "x", order: 2 } })),
    );
    expect(both.deployments[0]?.order).toBe(2);
  });

  it("keeps an inline api_key as an inline credential", () => {
    const config = configOf(load(withEntry({ litellm_params: { api_key: "sk-inline" } })));
    expect(config.deployments[0]?.credential).toMatchObject({ kind: "inline" });
    expect(config.deployments[0]?.credential?.secret.reveal()).toBe("sk-inline");
  });

  it("reads api_base from the environment as LiteLLM does", () => {
    const env = { BASE: "http://10.0.0.1:8000/v1" };
    const config = configOf(
      load(withEntry({ litellm_params: { api_base: "os.environ/BASE" } }), env),
    );
    expect(config.deployments[0]?.apiBase).toBe(env.BASE);
  });

  it("treats empty (null) values as absent, as LiteLLM does", () => {
    const config = configOf(
      load(withEntry({ litellm_params: { weight: null, tags: null }, model_info: null })),
    );
    expect(config.deployments[0]).toMatchObject({ weight: undefined, tags: [] });
  });

  it("reports unused keys as ignored notices, each with its path", () => {
    const result = load(
      withEntry({
        litellm_params: { temperature: 0.2, stream_timeout: 30, max_retries: 2 },
        model_info: { id: "x", mode: "chat", base_model: "gpt-4" },
        extra: true,
      }),
    );
    configOf(result);
    expect(result.notices.map((n) => [n.kind, n.path])).toEqual([
      ["ignored", "model_list[0].extra"],
      ["ignored", `${P}.temperature`],
      ["ignored", `${P}.stream_timeout`],
      ["ignored", `${P}.max_retries`],
      ["ignored", `${I}.mode`],
      ["ignored", `${I}.base_model`],
    ]);
  });

  it("names the environment_variables section when a referenced variable is unset", () => {
    const doc = {
      ...withEntry({ litellm_params: { api_key: "os.environ/MY_KEY" } }),
      environment_variables: { MY_KEY: "x" },
    };
    expect(problemAt(load(doc), `${P}.api_key`).message).toContain(
      "environment_variables declares it",
    );
  });
});

describe("model_list: problems across entries", () => {
  it("names both paths of a duplicate explicit id", () => {
    const doc = withEntry({ model_info: { id: "def-1" } });
    const problem = problemAt(load(doc), "model_list[1].model_info.id");
    expect(problem.rule).toBe("duplicate_id");
    expect(problem.message).toContain('"def-1"');
    expect(problem.message).toContain("model_list[0].model_info.id");
  });

  it("says how to fix two entries whose generated ids collide", () => {
    const same = { model_name: "g", litellm_params: { model: "mock/m", api_key: "a" } };
    const other = { model_name: "g", litellm_params: { model: "mock/m", api_key: "b" } };
    const problem = problemAt(load({ model_list: [same, other] }), "model_list[1]");
    expect(problem.rule).toBe("duplicate_id");
    expect(problem.message).toContain("is also the id of model_list[0]");
    expect(problem.message).toContain("give each a model_info.id");
  });

  it("reports every problem of a broken config in one result", () => {
    const doc = {
      model_list: [
        entry({ litellm_params: { model: "azure/x", tags: ["free tier", 5, "a,b"], weight: "w" } }),
        entry({ litellm_params: { tag_regex: ["(?<=x)"], rpm: -1 }, model_info: { id: "bad id" } }),
        { model_name: "claude" },
      ],
      router_settings: {
        allow_fail_open: true,
        routing_strategy: "random",
        fallbacks: [{ "gpt-4": ["nope"] }],
      },
      tagroute: { mach: "all" },
    };
    expect(pathsOf(problemsOf(load(doc)))).toEqual([
      `${P}.model`,
      `${P}.tags[0]`,
      `${P}.tags[1]`,
      `${P}.tags[2]`,
      `${P}.weight`,
      "model_list[1].litellm_params.tag_regex[0]",
      "model_list[1].model_info.id",
      "model_list[1].litellm_params.rpm",
      "model_list[2].litellm_params",
      "router_settings.routing_strategy",
      "router_settings.allow_fail_open",
      "router_settings.fallbacks[0].gpt-4[0]",
      "tagroute.mach",
    ]);
  });
});

describe("a config with a flood of problems", () => {
  it("reports the first thousand and says how many more there are", () => {
    const tags = Array.from({ length: 1500 }, (_, i) => `bad tag ${i}`);
    const problems = problemsOf(load(withEntry({ litellm_params: { tags } })));
    expect(problems).toHaveLength(1001);
    expect(problems[999]?.path).toBe(`${P}.tags[999]`);
    expect(problems[1000]).toEqual({
      path: "",
      rule: "too_many_problems",
      message: "500 more problem(s) not shown; fix these first",
    });
  });
});
