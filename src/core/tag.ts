import type { Problem } from "./problem.js";

/** The longest tag, in Unicode code points (not UTF-16 units: an emoji counts once). */
export const MAX_TAG_CODE_POINTS = 128;

/** The tag that marks deployments serving untagged traffic. */
export const DEFAULT_TAG = "default";

/**
 * Every way a tag can be invalid. A closed set, so clients can switch on `rule` and the README can
 * list them; one validator applies them to requests, deployments, config and the tag API alike.
 */
export type TagRule =
  | "empty"
  | "too_long"
  | "whitespace"
  | "control_character"
  | "comma"
  | "leading_marker"
  | "empty_key"
  | "empty_value"
  | "wildcard_position"
  | "wildcard_not_allowed";

export interface TagProblem extends Problem {
  readonly rule: TagRule;
  readonly tag: string;
}

/** Where a tag comes from decides whether `K:*` is allowed: only a request may ask for a key. */
export type TagContext = "request" | "deployment";

const WHITESPACE = /\s/u;
/**
 * The shape nearly every real tag has (`free`, `team:search`): ASCII word characters in non-empty
 * `:`-separated parts. Such a tag breaks no rule, so it skips the full check; the hot path of every
 * request validates its tags, and this keeps that to one regex test per tag.
 */
const PLAIN_DEPLOYMENT_TAG = /^[A-Za-z0-9_.@/+=~-]+(?::[A-Za-z0-9_.@/+=~-]+)*$/;
const PLAIN_REQUEST_TAG = /^[A-Za-z0-9_.@/+=~-]+(?::[A-Za-z0-9_.@/+=~-]+)*(?::\*)?$/;
const NO_PROBLEMS: readonly TagProblem[] = Object.freeze([]);
const CONTROL = /\p{Cc}/u;

function countCodePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Quotes a tag for a message without letting control characters or huge values through. */
export function quoteTag(tag: string): string {
  const shown = tag.length > 64 ? `${tag.slice(0, 61)}...` : tag;
  return JSON.stringify(shown);
}

/**
 * Checks one tag against DESIGN's rule ("A valid tag") and returns every rule it breaks (empty when
 * the tag is valid). The path is the caller's; this function knows only the value.
 */
export function validateTag(tag: string, context: TagContext, path = ""): readonly TagProblem[] {
  if (tag.length <= MAX_TAG_CODE_POINTS) {
    const plain = context === "request" ? PLAIN_REQUEST_TAG : PLAIN_DEPLOYMENT_TAG;
    if (plain.test(tag)) return NO_PROBLEMS;
  }
  const problems: TagProblem[] = [];
  const add = (rule: TagRule, message: string) =>
    problems.push({ path, rule, tag, message: `tag ${quoteTag(tag)} ${message}` });

  if (tag.length === 0) {
    add("empty", "is empty: a tag has 1 to 128 characters");
    return problems;
  }
  // Cheap bound first: 128 code points never need more than 256 UTF-16 units.
  if (tag.length > MAX_TAG_CODE_POINTS && countCodePoints(tag) > MAX_TAG_CODE_POINTS) {
    add("too_long", `is longer than ${MAX_TAG_CODE_POINTS} characters`);
  }
  if (WHITESPACE.test(tag)) add("whitespace", "contains white space");
  if (CONTROL.test(tag)) add("control_character", "contains a control character");
  if (tag.includes(",")) add("comma", "contains a comma: send several tags as separate items");
  if (tag.startsWith("!") || tag.startsWith("&")) {
    add(
      "leading_marker",
      "begins with '!' or '&': use the request's `none` / `all` fields (the markers are read only in the x-litellm-tags / x-tagroute-tags metadata)",
    );
  }
  const colon = tag.lastIndexOf(":");
  if (colon === 0) add("empty_key", "has nothing before its ':'");
  if (colon !== -1 && colon === tag.length - 1) add("empty_value", "has nothing after its ':'");

  const star = tag.indexOf("*");
  if (star !== -1) {
    // Only one shape is a wildcard: a single '*' that is the whole value after the last ':'.
    const isKeyWildcard = star === tag.length - 1 && colon > 0 && colon === tag.length - 2;
    if (context === "deployment") {
      add("wildcard_not_allowed", "contains '*': only a request may ask for `key:*`");
    } else if (!isKeyWildcard) {
      add("wildcard_position", "contains '*' other than as the whole value of `key:*`");
    }
  }
  return problems;
}

/** Validates a list of tags, path `prefix[i]` for each; every problem of every tag. */
export function validateTags(
  tags: readonly string[],
  context: TagContext,
  prefix: string,
): readonly TagProblem[] {
  let problems: TagProblem[] | undefined;
  for (let i = 0; i < tags.length; i++) {
    const found = validateTag(tags[i] as string, context, `${prefix}[${i}]`);
    if (found.length > 0) {
      problems ??= [];
      problems.push(...found);
    }
  }
  return problems ?? NO_PROBLEMS;
}

/** `team:*` → `team`; anything else → undefined. Assumes a validated request tag. */
export function wildcardKey(tag: string): string | undefined {
  return tag.endsWith(":*") ? tag.slice(0, -2) : undefined;
}

/**
 * The `K:*` forms a concrete tag answers to: `a:b:c` → `a:*`, `a:b:*`. Indexing a deployment
 * under these makes a wildcard query one hash lookup, like a plain tag.
 */
export function wildcardsOf(tag: string): string[] {
  const out: string[] = [];
  for (let i = tag.indexOf(":"); i > 0 && i < tag.length - 1; i = tag.indexOf(":", i + 1)) {
    out.push(`${tag.slice(0, i)}:*`);
  }
  return out;
}
