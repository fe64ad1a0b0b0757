import { z } from "zod";
import { compileUserAgentPattern, validateTag } from "../../core/index.js";
import { describeKind } from "./config-path.js";
import { reject } from "./zod-problems.js";

/** Model group names: the core's bound, and what `fallbacks` and `tagroute.groups` refer to. */
export const MAX_GROUP_NAME = 256;

/**
 * Timeouts are handed to timers, which overflow past 2^31 ms (about 24.8 days) and then fire at
 * once; a day is far beyond any sensible LLM call and keeps well clear of that edge.
 */
export const MAX_SECONDS = 86_400;

export const groupNameSchema = z.string().min(1).max(MAX_GROUP_NAME);

/** zod 4's number is finite: YAML's `.inf` and `.nan` fail here with "must be a finite number". */
export const numberSchema = z.number();

export const nonNegativeIntSchema = z.int().min(0);

/** PyYAML (LiteLLM's parser) reads YAML 1.1, where these words are booleans too. */
const YAML11_TRUE = new Set(["yes", "Yes", "YES", "on", "On", "ON"]);
const YAML11_FALSE = new Set(["no", "No", "NO", "off", "Off", "OFF"]);

/**
 * A boolean as LiteLLM users write it. The YAML parser already reads `true`/`True`/`TRUE`; the
 * 1.1 words are accepted only where a boolean is expected, so a tag `no` stays the string "no".
 */
export const booleanSchema = z.unknown().transform((value, ctx): boolean => {
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && YAML11_TRUE.has(value)) return true;
  if (typeof value === "string" && YAML11_FALSE.has(value)) return false;
  reject(ctx, "type", `must be true or false, got ${describeKind(value)}`);
  return z.NEVER;
});

/** Seconds (LiteLLM's unit) in, milliseconds (the domain's unit) out. */
export function secondsSchema({ allowZero }: { allowZero: boolean }) {
  const base = allowZero ? z.number().min(0) : z.number().min(0.001);
  return base.max(MAX_SECONDS).transform((seconds) => Math.round(seconds * 1000));
}

/** Shows a scalar the operator wrote where a string belongs; lists and mappings only by kind. */
function shownScalar(value: unknown): string {
  if (typeof value === "number" || typeof value === "boolean") {
    return `${describeKind(value)} ${String(value)}; quote it ("${String(value)}") if it is meant as a tag`;
  }
  return describeKind(value);
}

/**
 * A tag item. LiteLLM silently drops a tag that is not a string (`tags: [free, 5]`); tagroute
 * names it instead, since a dropped tag changes where traffic goes. A string is checked by the
 * core's validator, the one every tag in tagroute goes through. Checking per item (rather than
 * the list at once) lets zod report an invalid tag even when a sibling item is not a string.
 */
const tagItemSchema = z
  .string({
    error: (issue) =>
      issue.input === undefined
        ? undefined
        : `tag must be a string, got ${shownScalar(issue.input)}`,
  })
  .superRefine((tag, ctx) => {
    for (const problem of validateTag(tag, "deployment")) {
      reject(ctx, problem.rule, problem.message);
    }
  });

export const tagListSchema = z.array(tagItemSchema);

/** A `tag_regex` item: it must compile on RE2 now, not fail when a request arrives. */
const patternItemSchema = z.string().superRefine((source, ctx) => {
  const result = compileUserAgentPattern(source);
  if (!result.ok) reject(ctx, result.problem.rule, result.problem.message);
});

export const patternListSchema = z.array(patternItemSchema);
