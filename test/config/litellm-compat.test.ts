import { describe, expect, it } from "vitest";
import { buildSnapshot, describeFilteringImpact } from "../../src/server/config/index.js";
import { configOf, ENV, loadText } from "./support.js";

/** LiteLLM's tag-routing example (free / paid / default), verbatim. */
const LITELLM_EXAMPLE = `model_list:
  - model_name: gpt-4
    litellm_params:
      model: openai/gpt-4o
      api_key: os.environ/OPENAI_API_KEY
      tags: ["free"]
    model_info:
      id: "very-cheap-model"
  - model_name: gpt-4
    litellm_params:
      model: openai/gpt-4o-mini
      api_key: os.environ/OPENAI_API_KEY
      tags: ["paid"]
    model_info:
      id: "very-expensive-model"
  - model_name: gpt-4
    litellm_params:
      model: openai/gpt-4o
      api_key: os.environ/OPENAI_API_KEY
      tags: ["default"]
    model_info:
      id: "default-model"
router_settings:
  enable_tag_filtering: True
general_settings:
  master_key: sk-1234
`;

describe("LiteLLM's free/paid/default example", () => {
  const result = loadText(LITELLM_EXAMPLE);
  const config = configOf(result);

  it("loads unchanged into three openai deployments with their tags", () => {
    expect(
      config.deployments.map((d) => [d.id, d.modelGroup, d.provider, d.upstreamModel, d.tags]),
    ).toEqual([
      ["very-cheap-model", "gpt-4", "openai", "gpt-4o", ["free"]],
      ["very-expensive-model", "gpt-4", "openai", "gpt-4o-mini", ["paid"]],
      ["default-model", "gpt-4", "openai", "gpt-4o", ["default"]],
    ]);
    for (const d of config.deployments) {
      expect(d).toMatchObject({ enabled: true, source: "config", apiBase: undefined });
    }
  });

  it("resolves os.environ/ credentials from the given environment", () => {
    const credential = config.deployments[0]?.credential;
    expect(credential).toMatchObject({ kind: "env", name: "OPENAI_API_KEY" });
    expect(credential?.secret.reveal()).toBe(ENV.OPENAI_API_KEY);
  });

  it("reads True as a boolean and keeps LiteLLM's match-any default", () => {
    expect(config.router.enableTagFiltering).toBe(true);
    expect(config.groups.get("gpt-4")).toEqual({
      match: "any",
      noMatch: "default",
      filtering: true,
    });
    expect([...config.groups.keys()]).toEqual(["gpt-4"]);
  });

  it("reports general_settings as ignored, and nothing else", () => {
    expect(result.notices).toEqual([
      { path: "general_settings", kind: "ignored", message: expect.stringContaining("master_key") },
    ]);
    expect(JSON.stringify(result.notices)).not.toContain("sk-1234");
  });

  it("builds a snapshot with one indexed group", () => {
    const snapshot = buildSnapshot(config);
    const group = snapshot.group("gpt-4");
    expect(snapshot.groupCount).toBe(1);
    expect(group?.members.map((m) => m.deployment.id)).toEqual([
      "very-cheap-model",
      "very-expensive-model",
      "default-model",
    ]);
    expect(group?.defaults.map((m) => m.deployment.id)).toEqual(["default-model"]);
    expect(group?.settings).toEqual(config.groups.get("gpt-4"));
  });

  it("explains that filtering, which the config enables itself, changes nothing here", () => {
    const [impact] = describeFilteringImpact(config);
    expect(impact?.changed).toBe(false);
    expect(impact?.message).toContain("3 of 3 deployments carry tags");
    expect(impact?.message).toContain("only the 1 `default` deployment(s)");
  });
});

describe("LiteLLM YAML habits", () => {
  const entryWith = (line: string) => `model_list:
  - model_name: g
    litellm_params:
      model: mock/m
router_settings:
  ${line}
`;

  it.each([
    ["enable_tag_filtering: True", true],
    ["enable_tag_filtering: TRUE", true],
    ["enable_tag_filtering: False", false],
    ["enable_tag_filtering: yes", true],
    ["enable_tag_filtering: off", false],
  ])("reads %s as a boolean", (line, expected) => {
    expect(configOf(loadText(entryWith(line))).router.enableTagFiltering).toBe(expected);
  });

  it("reads anchors and << merge keys, as PyYAML does", () => {
    const config = configOf(
      loadText(`shared: &shared
  model: mock/m
  tags: [team:search]
model_list:
  - model_name: g
    litellm_params:
      <<: *shared
      weight: 2
  - model_name: g
    litellm_params: *shared
    model_info: { id: second }
`),
    );
    expect(config.deployments.map((d) => [d.upstreamModel, d.tags, d.weight])).toEqual([
      ["m", ["team:search"], 2],
      ["m", ["team:search"], undefined],
    ]);
  });

  it("keeps YAML 1.1 surprises out of tags: `no` and `1:30` stay strings", () => {
    const config = configOf(
      loadText(`model_list:
  - model_name: g
    litellm_params:
      model: mock/m
      tags: [no, on, 1:30]
`),
    );
    expect(config.deployments[0]?.tags).toEqual(["no", "on", "1:30"]);
  });

  it("treats a bare model name as openai, and only the first segment as the provider", () => {
    const config = configOf(
      loadText(`model_list:
  - model_name: g
    litellm_params: { model: gpt-4o }
  - model_name: g
    litellm_params: { model: openai/meta-llama/Llama-3-70b }
  - model_name: g
    litellm_params: { model: anthropic/claude-sonnet-4 }
`),
    );
    expect(config.deployments.map((d) => [d.provider, d.upstreamModel])).toEqual([
      ["openai", "gpt-4o"],
      ["openai", "meta-llama/Llama-3-70b"],
      ["anthropic", "claude-sonnet-4"],
    ]);
  });
});
