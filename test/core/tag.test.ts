import { describe, expect, it } from "vitest";
import { validateTag, wildcardsOf } from "../../src/core/index.js";

const rules = (tag: string, context: "request" | "deployment" = "request") =>
  validateTag(tag, context, "tags[0]").map((p) => p.rule);

describe("validateTag", () => {
  it.each([
    ["free"],
    ["team:search"],
    ["a:b:c"],
    ["a::b"],
    ["Credential:openai"],
    ["ünïcödé"],
    ["🙂".repeat(128)],
    ["x".repeat(128)],
  ])("accepts %j", (tag) => {
    expect(rules(tag)).toEqual([]);
    expect(rules(tag, "deployment")).toEqual([]);
  });

  it.each([
    ["", ["empty"]],
    ["x".repeat(129), ["too_long"]],
    ["🙂".repeat(129), ["too_long"]],
    ["free tier", ["whitespace"]],
    ["Credential: openai", ["whitespace"]],
    ["tab\there", ["whitespace", "control_character"]],
    ["nbsp\u00a0here", ["whitespace"]],
    ["bell\u0007", ["control_character"]],
    ["a,b", ["comma"]],
    ["!paid", ["leading_marker"]],
    ["&paid", ["leading_marker"]],
    [":value", ["empty_key"]],
    ["team:", ["empty_value"]],
    [":", ["empty_key", "empty_value"]],
    ["*", ["wildcard_position"]],
    ["team*", ["wildcard_position"]],
    ["te*m:x", ["wildcard_position"]],
    ["team:x*", ["wildcard_position"]],
    ["team:**", ["wildcard_position"]],
    ["*:*", ["wildcard_position"]],
    ["! bad,tag", ["whitespace", "comma", "leading_marker"]],
  ])("rejects %j in a request with %j", (tag, expected) => {
    expect(rules(tag)).toEqual(expected);
  });

  it("allows key wildcards only in requests", () => {
    expect(rules("team:*")).toEqual([]);
    expect(rules("a:b:*")).toEqual([]);
    expect(rules("team:*", "deployment")).toEqual(["wildcard_not_allowed"]);
  });

  it("names the tag, the path and the rule in every problem", () => {
    const [problem] = validateTag("free tier", "request", "tags[3]");
    expect(problem).toMatchObject({ path: "tags[3]", rule: "whitespace", tag: "free tier" });
    expect(problem?.message).toContain('"free tier"');
    expect(problem?.message).toContain("white space");
  });

  it("lists the key wildcards a tag answers to", () => {
    expect(wildcardsOf("free")).toEqual([]);
    expect(wildcardsOf("team:search")).toEqual(["team:*"]);
    expect(wildcardsOf("a:b:c")).toEqual(["a:*", "a:b:*"]);
    expect(wildcardsOf("a::b")).toEqual(["a:*", "a::*"]);
  });
});
