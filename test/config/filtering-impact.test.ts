import { describe, expect, it } from "vitest";
import { describeFilteringImpact } from "../../src/server/config/index.js";
import { configOf, load } from "./support.js";

const group = (deployments: Record<string, unknown>[], router: Record<string, unknown> = {}) =>
  describeFilteringImpact(
    configOf(
      load({
        model_list: deployments.map((params, i) => ({
          model_name: "gpt-4",
          litellm_params: { model: "mock/m", ...params },
          model_info: { id: `d${i}` },
        })),
        router_settings: router,
      }),
    ),
  );

describe("describeFilteringImpact", () => {
  it("spells out the LiteLLM difference for a group with tags and a default", () => {
    expect(group([{ tags: ["free"] }, { tags: ["paid"] }, { tags: ["default"] }, {}])).toEqual([
      {
        group: "gpt-4",
        changed: true,
        message:
          "group gpt-4: 3 of 4 deployments carry tags; untagged requests now reach only the 1 `default` deployment(s) (LiteLLM without filtering: all 4); tagged requests reach only deployments carrying the tag",
      },
    ]);
  });

  it("says untagged traffic still reaches everything when there is no default", () => {
    const [impact] = group([{ tags: ["free"] }, {}]);
    expect(impact?.message).toContain(
      "untagged requests still reach all 2 (the group has no `default` deployment)",
    );
  });

  it("says nothing changes for a group without tags or patterns", () => {
    expect(group([{}, {}])).toEqual([
      {
        group: "gpt-4",
        changed: false,
        message: "group gpt-4: no deployment carries tags or user-agent patterns: no change",
      },
    ]);
  });

  it("mentions user-agent patterns, match all and no_match error", () => {
    const [impact] = group([{ tag_regex: ["^User-Agent: x/"] }, { tags: ["a"] }], {
      tag_filtering_match_any: false,
    });
    expect(impact?.message).toContain("1 deployment(s) have user-agent patterns");
    expect(impact?.message).toContain("carrying every tag of the request");
  });

  it("says filtering is off, and that hard constraints still apply, when the config turns it off", () => {
    const [impact] = group([{ tags: ["free"] }], { enable_tag_filtering: false });
    expect(impact?.changed).toBe(false);
    expect(impact?.message).toContain("tag filtering is off");
    expect(impact?.message).toContain("required and excluded tags still apply");
  });

  it("reports no change against LiteLLM when the config enables filtering itself", () => {
    const [impact] = group([{ tags: ["free"] }, { tags: ["default"] }], {
      enable_tag_filtering: true,
    });
    expect(impact?.changed).toBe(false);
    expect(impact?.message).toContain("the config enables filtering itself");
  });
});
