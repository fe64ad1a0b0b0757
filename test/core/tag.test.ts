import fc from "fast-check";
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

describe("validateTag against a plain reading of the rule", () => {
  /** DESIGN's "A valid tag", clause by clause, with no fast path. */
  function plainValid(tag: string, context: "request" | "deployment"): boolean {
    const points = [...tag];
    if (points.length < 1 || points.length > 128) return false;
    if (/[\s\p{Cc},]/u.test(tag)) return false;
    if (tag.startsWith("!") || tag.startsWith("&")) return false;
    const colon = tag.lastIndexOf(":");
    if (colon !== -1 && (colon === 0 || colon === tag.length - 1)) return false;
    if (tag.includes("*")) {
      if (context === "deployment") return false;
      const key = tag.slice(0, -2);
      if (!tag.endsWith(":*") || key.length === 0 || key.includes("*")) return false;
    }
    return true;
  }

  const alphabet = fc.constantFrom(
    "a",
    "Z",
    "0",
    ":",
    "*",
    "-",
    "_",
    ".",
    "!",
    "&",
    ",",
    " ",
    "\t",
    "é",
    "🙂",
    "/",
  );
  const tagLike = fc.oneof(
    fc.array(alphabet, { maxLength: 8 }).map((cs) => cs.join("")),
    fc
      .array(fc.constantFrom("a", "b", ":"), { minLength: 120, maxLength: 140 })
      .map((cs) => cs.join("")),
  );

  it("accepts exactly the tags the rule allows, in both contexts", () => {
    fc.assert(
      fc.property(tagLike, fc.constantFrom("request", "deployment"), (tag, context) => {
        expect(validateTag(tag, context).length === 0).toBe(plainValid(tag, context));
      }),
      { numRuns: 3000 },
    );
  });
});
