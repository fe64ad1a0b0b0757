import { parseCompatTags } from "./compat-tags.js";
import type { Problem } from "./problem.js";
import { validateTags } from "./tag.js";

/** How positive tags combine: `any` keeps a deployment carrying one of them, `all` every one. */
export type MatchMode = "any" | "all";

/** Limits on what one request may carry; requests come from the network. */
export const MAX_QUERY_TAGS = 64;
export const MAX_USER_AGENT_LENGTH = 1024;

/**
 * What a request asks of routing, validated and deduplicated. The core sees only this structured
 * form: LiteLLM's `&x`/`!x` string form is translated before it gets here.
 */
export interface TagQuery {
  /** Positive tags (`P`): mode `any` wants one of them, `all` every one. */
  readonly tags: readonly string[];
  /** Required tags (`R`): a hard constraint, never relaxed. */
  readonly all: readonly string[];
  /** Excluded tags (`X`): a hard constraint, never relaxed. */
  readonly none: readonly string[];
  /** The per-request mode; it can tighten the router's mode to `all`, never loosen it. */
  readonly match: MatchMode | undefined;
  readonly userAgent: string | undefined;
}

/** A request's routing fields as they arrive, before validation. */
export interface TagQueryInput {
  readonly tags?: readonly string[] | undefined;
  readonly all?: readonly string[] | undefined;
  readonly none?: readonly string[] | undefined;
  readonly match?: MatchMode | undefined;
  readonly userAgent?: string | undefined;
  /** Values of the `x-litellm-tags` / `x-tagroute-tags` metadata, in LiteLLM's string form. */
  readonly compatTags?: readonly string[] | undefined;
  /** The key's tags join `tags`; its required tags join `all` (a tenant boundary). */
  readonly keyTags?: readonly string[] | undefined;
  readonly keyRequiredTags?: readonly string[] | undefined;
}

export type TagQueryResult =
  | { readonly ok: true; readonly query: TagQuery }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/** The effective mode: the stricter of the router's and the request's. */
export function effectiveMode(router: MatchMode, request: MatchMode | undefined): MatchMode {
  return router === "all" || request === "all" ? "all" : "any";
}

const NO_TAGS: readonly string[] = Object.freeze([]);

function combine(
  a: readonly string[] | undefined,
  b: readonly string[] | undefined,
): readonly string[] {
  if (a === undefined || a.length === 0) return b ?? NO_TAGS;
  if (b === undefined || b.length === 0) return a;
  return [...a, ...b];
}

/** Drops repeats, keeping first occurrences; requests carry a handful of tags, so no Set. */
function unique(values: readonly string[]): readonly string[] {
  for (let i = 1; i < values.length; i++) {
    if (values.lastIndexOf(values[i] as string, i - 1) !== -1) {
      return values.filter((v, j) => values.indexOf(v) === j);
    }
  }
  return values;
}

function collectProblems(into: Problem[], tags: readonly string[] | undefined, path: string): void {
  if (tags === undefined || tags.length === 0) return;
  const found = validateTags(tags, "request", path);
  if (found.length > 0) into.push(...found);
}

/**
 * Validates a request's routing fields and merges every source of tags into one query. Reports
 * every problem at once, each with the field it came from (`none[1]`, `x-litellm-tags[0]`).
 */
export function parseTagQuery(input: TagQueryInput): TagQueryResult {
  // Plain statements, no per-call closure: this runs on every request (see bench/core).
  const problems: Problem[] = [];
  collectProblems(problems, input.tags, "tags");
  collectProblems(problems, input.all, "all");
  collectProblems(problems, input.none, "none");
  collectProblems(problems, input.keyTags, "key.tags");
  collectProblems(problems, input.keyRequiredTags, "key.required_tags");

  let tags = combine(input.tags, input.keyTags);
  let all = combine(input.all, input.keyRequiredTags);
  let none = input.none ?? NO_TAGS;
  if (input.compatTags !== undefined && input.compatTags.length > 0) {
    const compat = parseCompatTags(input.compatTags);
    problems.push(...compat.problems);
    tags = combine(tags, compat.tags);
    all = combine(all, compat.all);
    none = combine(none, compat.none);
  }
  tags = unique(tags);
  all = unique(all);
  none = unique(none);

  const count = tags.length + all.length + none.length;
  if (count > MAX_QUERY_TAGS) {
    problems.push({
      path: "tags",
      rule: "too_many_tags",
      message: `the request carries ${count} distinct tags; at most ${MAX_QUERY_TAGS} are allowed`,
    });
  }
  const userAgent = input.userAgent === "" ? undefined : input.userAgent;
  if (userAgent !== undefined && userAgent.length > MAX_USER_AGENT_LENGTH) {
    problems.push({
      path: "user_agent",
      rule: "too_long",
      message: `user_agent is ${userAgent.length} characters; at most ${MAX_USER_AGENT_LENGTH} are allowed`,
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, query: { tags, all, none, match: input.match, userAgent } };
}
