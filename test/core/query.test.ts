import { describe, expect, it } from "vitest";
import {
  effectiveMode,
  MAX_QUERY_TAGS,
  parseCompatTags,
  parseTagQuery,
} from "../../src/core/index.js";

describe("parseCompatTags (LiteLLM's string form)", () => {
  it.each([
    [["a, &b, !c"], { tags: ["a"], all: ["b"], none: ["c"] }],
    [["  free  ,, ,paid "], { tags: ["free", "paid"], all: [], none: [] }],
    [["&r:high", "!p:anthropic"], { tags: [], all: ["r:high"], none: ["p:anthropic"] }],
    [["team:*"], { tags: ["team:*"], all: [], none: [] }],
    [[""], { tags: [], all: [], none: [] }],
  ])("parses %j", (values, expected) => {
    const parsed = parseCompatTags(values);
    expect(parsed.problems).toEqual([]);
    expect({ tags: parsed.tags, all: parsed.all, none: parsed.none }).toEqual(expected);
  });

  it.each([
    [["paid, !"], "x-litellm-tags[1]", "empty"],
    [["&"], "x-litellm-tags[0]", "empty"],
    [["&!x"], "x-litellm-tags[0]", "leading_marker"],
    [["& x"], "x-litellm-tags[0]", "whitespace"],
    [["free, team:"], "x-litellm-tags[1]", "empty_value"],
  ])("reports %j at %s (%s), never drops it", (values, path, rule) => {
    expect(parseCompatTags(values).problems).toMatchObject([{ path, rule }]);
  });

  it("names the metadata key it parsed", () => {
    expect(parseCompatTags(["!"], "x-tagroute-tags").problems[0]?.path).toBe("x-tagroute-tags[0]");
  });
});

describe("parseTagQuery", () => {
  it("merges structured fields, compat metadata and the key's tags, deduplicated", () => {
    const result = parseTagQuery({
      tags: ["a", "a"],
      all: ["r"],
      compatTags: ["a, &r, !x, b"],
      keyTags: ["k"],
      keyRequiredTags: ["tenant:1"],
    });
    expect(result).toEqual({
      ok: true,
      query: {
        tags: ["a", "k", "b"],
        all: ["r", "tenant:1"],
        none: ["x"],
        match: undefined,
        userAgent: undefined,
      },
    });
  });

  it("reports every problem of every field at once", () => {
    const result = parseTagQuery({
      tags: ["ok", "bad tag"],
      all: [""],
      none: ["x,y"],
      compatTags: ["!"],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.path)).toEqual([
      "tags[1]",
      "all[0]",
      "none[0]",
      "x-litellm-tags[0]",
    ]);
  });

  it("bounds the number of tags and the user agent's length", () => {
    const many = Array.from({ length: MAX_QUERY_TAGS + 1 }, (_, i) => `t${i}`);
    const result = parseTagQuery({ tags: many, userAgent: "u".repeat(2000) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.rule)).toEqual(["too_many_tags", "too_long"]);
  });

  it("treats an empty user agent as none", () => {
    const result = parseTagQuery({ userAgent: "" });
    expect(result.ok && result.query.userAgent).toBe(undefined);
  });

  it.each([
    ["any", undefined, "any"],
    ["any", "any", "any"],
    ["any", "all", "all"],
    ["all", "any", "all"],
    ["all", undefined, "all"],
  ] as const)("router %s + request %s → %s (tighten, never loosen)", (router, request, mode) => {
    expect(effectiveMode(router, request)).toBe(mode);
  });
});
