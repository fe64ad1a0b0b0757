import { describe, expect, it } from "vitest";
import { ROUTING_STRATEGIES } from "../../src/server/config/index.js";
import { configOf, load, problemAt, problemsOf, withTop } from "./support.js";

const withRouter = (settings: Record<string, unknown>) =>
  load(withTop({ router_settings: settings }));

describe("router_settings", () => {
  it("reads every supported setting, in domain units", () => {
    const config = configOf(
      withRouter({
        routing_strategy: "usage-based-routing-v2",
        num_retries: 3,
        timeout: 30,
        stream_timeout: 12.5,
        allowed_fails: 2,
        cooldown_time: 0,
        disable_cooldowns: false,
        fallbacks: [{ "gpt-4": ["claude"] }, { claude: ["gpt-4"] }],
      }),
    );
    expect(config.router).toEqual({
      routingStrategy: "usage-based-routing-v2",
      numRetries: 3,
      timeoutMs: 30_000,
      streamTimeoutMs: 12_500,
      allowedFails: 2,
      cooldownTimeMs: 0,
      fallbacks: new Map([
        ["gpt-4", ["claude"]],
        ["claude", ["gpt-4"]],
      ]),
      disableCooldowns: false,
      enableTagFiltering: undefined,
    });
  });

  it("leaves unset settings undefined and fallbacks empty", () => {
    const config = configOf(withRouter({}));
    expect(config.router.routingStrategy).toBeUndefined();
    expect(config.router.numRetries).toBeUndefined();
    expect(config.router.fallbacks.size).toBe(0);
  });

  it.each(ROUTING_STRATEGIES)("accepts the routing strategy %s", (strategy) => {
    expect(configOf(withRouter({ routing_strategy: strategy })).router.routingStrategy).toBe(
      strategy,
    );
  });

  it("filters by tag unless the config turns it off, and maps match_any to the match mode", () => {
    const on = configOf(withRouter({}));
    expect(on.groups.get("gpt-4")).toEqual({ match: "any", noMatch: "default", filtering: true });
    const off = configOf(
      withRouter({ enable_tag_filtering: false, tag_filtering_match_any: false }),
    );
    expect(off.groups.get("gpt-4")).toEqual({ match: "all", noMatch: "default", filtering: false });
    expect(off.groups.get("claude")).toEqual({
      match: "all",
      noMatch: "default",
      filtering: false,
    });
  });

  it.each([
    ["allow_fail_open", true, "never relaxes a tag decision"],
    ["tag_routing_prefix", "tag:", "x-litellm-tags"],
    ["model_group_alias", { gpt4: "gpt-4" }, "alias"],
    ["context_window_fallbacks", [{ "gpt-4": ["claude"] }], "context-window fallbacks"],
    ["content_policy_fallbacks", [{ "gpt-4": ["claude"] }], "content-policy fallbacks"],
    ["default_fallbacks", ["claude"], "catch-all fallbacks"],
    ["enable_pre_call_checks", true, "pre-call checks"],
    ["optional_pre_call_checks", ["prompt_caching"], "pre-call checks"],
    ["retry_policy", { TimeoutErrorRetries: 2 }, "retry policies"],
    ["model_group_retry_policy", {}, "retry policies"],
    ["allowed_fails_policy", {}, "cooldown policies"],
    ["provider_budget_config", {}, "provider budgets"],
    ["routing_strategy_args", { ttl: 10 }, "strategy arguments"],
    ["max_fallbacks", 3, "cap on fallbacks"],
  ])("rejects %s, which would route differently", (key, value, why) => {
    const problem = problemAt(withRouter({ [key]: value }), `router_settings.${key}`);
    expect(problem.rule).toBe("unsupported");
    expect(problem.message).toContain("is not supported");
    expect(problem.message).toContain(why);
  });

  it.each([
    [
      { routing_strategy: "random" },
      "router_settings.routing_strategy",
      "one_of",
      "simple-shuffle, least-busy",
    ],
    [{ num_retries: -1 }, "router_settings.num_retries", "too_small", "≥ 0"],
    [{ num_retries: 1.5 }, "router_settings.num_retries", "type", "an integer"],
    [{ allowed_fails: "3" }, "router_settings.allowed_fails", "type", "got a string"],
    [{ timeout: -1 }, "router_settings.timeout", "too_small", "≥ 0.001"],
    [{ cooldown_time: -1 }, "router_settings.cooldown_time", "too_small", "≥ 0"],
    [
      { stream_timeout: Number.POSITIVE_INFINITY },
      "router_settings.stream_timeout",
      "type",
      "finite number",
    ],
    [
      { enable_tag_filtering: "sometimes" },
      "router_settings.enable_tag_filtering",
      "type",
      "true or false",
    ],
    [{ disable_cooldowns: 1 }, "router_settings.disable_cooldowns", "type", "true or false"],
    [{ fallbacks: { "gpt-4": ["claude"] } }, "router_settings.fallbacks", "type", "must be a list"],
    [
      { fallbacks: [{ "gpt-4": ["claude"], claude: ["gpt-4"] }] },
      "router_settings.fallbacks[0]",
      "fallback_shape",
      "has 2 keys",
    ],
    [
      { fallbacks: [{ "gpt-4": "claude" }] },
      "router_settings.fallbacks[0].gpt-4",
      "type",
      "must be a list",
    ],
    [
      { fallbacks: [{ "gpt-4": ["gpt-5"] }] },
      "router_settings.fallbacks[0].gpt-4[0]",
      "unknown_group",
      '"gpt-5"',
    ],
    [
      { fallbacks: [{ "gpt-3.5": ["claude"] }] },
      'router_settings.fallbacks[0]["gpt-3.5"]',
      "unknown_group",
      '"gpt-3.5"',
    ],
    [
      { fallbacks: [{ "gpt-4": ["claude"] }, { "gpt-4": ["claude"] }] },
      "router_settings.fallbacks[1].gpt-4",
      "duplicate_fallback",
      "router_settings.fallbacks[0].gpt-4",
    ],
  ])("%j → %s", (settings, path, rule, part) => {
    const problem = problemAt(withRouter(settings), path);
    expect(problem.rule).toBe(rule);
    expect(problem.message).toContain(part);
  });

  it("names every unknown group of the fallbacks at once", () => {
    const result = withRouter({ fallbacks: [{ nope: ["gone", "claude", "missing"] }] });
    expect(problemsOf(result).map((p) => p.path)).toEqual([
      "router_settings.fallbacks[0].nope",
      "router_settings.fallbacks[0].nope[0]",
      "router_settings.fallbacks[0].nope[2]",
    ]);
  });

  it("reports infrastructure and unknown keys as ignored, never silently", () => {
    const result = withRouter({
      redis_host: "localhost",
      redis_port: 6379,
      redis_password: "hunter2",
      cache_responses: true,
      some_new_litellm_key: 1,
    });
    configOf(result);
    expect(result.notices).toEqual([
      {
        path: "router_settings.redis_host",
        kind: "ignored",
        message: expect.stringContaining("infrastructure"),
      },
      {
        path: "router_settings.redis_port",
        kind: "ignored",
        message: expect.stringContaining("infrastructure"),
      },
      {
        path: "router_settings.redis_password",
        kind: "ignored",
        message: expect.stringContaining("infrastructure"),
      },
      {
        path: "router_settings.cache_responses",
        kind: "ignored",
        message: expect.stringContaining("infrastructure"),
      },
      {
        path: "router_settings.some_new_litellm_key",
        kind: "ignored",
        message: expect.stringContaining("not a router setting"),
      },
    ]);
    expect(JSON.stringify(result.notices)).not.toContain("hunter2");
  });

  it("must be a mapping", () => {
    expect(
      problemAt(withRouter(["x"] as unknown as Record<string, unknown>), "router_settings").rule,
    ).toBe("type");
  });
});

describe("top-level sections tagroute reads past", () => {
  it("reports each as ignored with what it is, one notice per key", () => {
    const result = load(
      withTop({
        litellm_settings: {
          num_retries: 3,
          fallbacks: [{ "gpt-4": ["claude"] }],
          drop_params: true,
        },
        general_settings: { master_key: "sk-master-secret" },
        environment_variables: { OPENAI_API_KEY: "sk-env-secret" },
        credential_list: [],
      }),
    );
    configOf(result);
    expect(result.notices.map((n) => [n.kind, n.path])).toEqual([
      ["ignored", "litellm_settings"],
      ["ignored", "general_settings"],
      ["ignored", "environment_variables"],
      ["ignored", "credential_list"],
    ]);
    expect(result.notices[3]?.message).toContain("not a top-level key");
    expect(JSON.stringify(result.notices)).not.toMatch(/sk-(master|env)-secret/);
  });
});
