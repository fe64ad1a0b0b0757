import { z } from "zod";
import { childPath } from "./config-path.js";
import type { Diagnostics } from "./diagnostics.js";
import { groupNameSchema } from "./schemas.js";
import { reject } from "./zod-problems.js";

/**
 * LiteLLM's `fallbacks`: a list of single-key mappings, `- gpt-4: [gpt-3.5-turbo, claude]`. One
 * key per item keeps the order of the list meaningful and each source unambiguous.
 */
export const fallbacksSchema = z.array(
  z.record(groupNameSchema, z.array(groupNameSchema)).superRefine((item, ctx) => {
    const keys = Object.keys(item).length;
    if (keys !== 1) {
      reject(
        ctx,
        "fallback_shape",
        `must map one model group to its fallbacks, e.g. {"gpt-4": ["gpt-3.5-turbo"]}; this item has ${keys} keys`,
      );
    }
  }),
);

export type FallbackList = z.output<typeof fallbacksSchema>;

/** The problem for a name no `model_list` entry serves; shared with `tagroute.groups`. */
export function unknownGroupMessage(name: string): string {
  return `names model group ${JSON.stringify(name)}, which no model_list entry serves`;
}

/**
 * Turns the list into a map and checks that every group it names exists: a fallback to a group
 * that does not exist would fail at the worst moment, mid-outage. A source listed twice is
 * ambiguous (LiteLLM silently takes the first), so it is a problem too.
 */
export function resolveFallbacks(
  list: FallbackList,
  path: string,
  groups: ReadonlySet<string> | undefined,
  diagnostics: Diagnostics,
): ReadonlyMap<string, readonly string[]> {
  const fallbacks = new Map<string, readonly string[]>();
  const firstPath = new Map<string, string>();
  const checkGroup = (name: string, at: string) => {
    if (groups !== undefined && !groups.has(name)) {
      diagnostics.problem(at, "unknown_group", unknownGroupMessage(name));
    }
  };
  list.forEach((item, i) => {
    for (const [source, targets] of Object.entries(item)) {
      const sourcePath = childPath(path, i, source);
      checkGroup(source, sourcePath);
      for (const [j, target] of targets.entries()) checkGroup(target, childPath(sourcePath, j));
      const earlier = firstPath.get(source);
      if (earlier !== undefined) {
        diagnostics.problem(
          sourcePath,
          "duplicate_fallback",
          `fallbacks for ${JSON.stringify(source)} are already given at ${earlier}`,
        );
        continue;
      }
      firstPath.set(source, sourcePath);
      fallbacks.set(source, targets);
    }
  });
  return fallbacks;
}
