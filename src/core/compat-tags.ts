import type { TagProblem } from "./tag.js";
import { validateTag } from "./tag.js";

/** LiteLLM's string form split into the structured fields, with every bad item reported. */
export interface CompatTags {
  readonly tags: readonly string[];
  readonly all: readonly string[];
  readonly none: readonly string[];
  readonly problems: readonly TagProblem[];
}

/**
 * Parses LiteLLM's tag string form — `a, &b, !c`: comma-separated, items trimmed, empty items
 * ignored, `&x` required, `!x` excluded — as it arrives in `x-litellm-tags` / `x-tagroute-tags`
 * metadata. This is the only place the markers mean anything; everywhere else a leading `!`/`&` is
 * an invalid tag. Where LiteLLM drops a lone marker silently, this reports it.
 */
export function parseCompatTags(values: readonly string[], source = "x-litellm-tags"): CompatTags {
  const tags: string[] = [];
  const all: string[] = [];
  const none: string[] = [];
  const problems: TagProblem[] = [];
  let item = 0;
  for (const value of values) {
    for (const raw of value.split(",")) {
      const text = raw.trim();
      if (text === "") continue;
      const path = `${source}[${item++}]`;
      const marker = text[0];
      const target = marker === "&" ? all : marker === "!" ? none : tags;
      const tag = target === tags ? text : text.slice(1);
      if (tag === "") {
        problems.push({
          path,
          rule: "empty",
          tag: text,
          message: `marker ${JSON.stringify(text)} has no tag after it`,
        });
        continue;
      }
      const found = validateTag(tag, "request", path);
      if (found.length > 0) problems.push(...found);
      else target.push(tag);
    }
  }
  return { tags, all, none, problems };
}
