import type { Problem } from "../core/index.js";
import { compileUserAgentPattern, wildcardKey } from "../core/index.js";
import { invalidArgument } from "./service-error.js";
import type { GovernanceSettings } from "./service-settings.js";

/** The vocabulary the checks consult: which tags are registered. */
export interface Vocabulary {
  isRegisteredTag(name: string): boolean;
  listTagNames(): readonly string[];
}

export interface TagGovernance {
  /** Problems with tags given by a request or a write, with their paths; empty when allowed. */
  check(
    tags: readonly { readonly path: string; readonly tag: string }[],
    vocabulary: Vocabulary,
  ): Problem[];
  readonly active: boolean;
}

/**
 * The operator's tag rules, on top of DESIGN's validity rule: a naming policy (an RE2 pattern a
 * tag must match in full) and a controlled vocabulary (only registered tags). Both are off by
 * default, so LiteLLM configs and the conformance cases behave as specified. `key:*` in a request
 * is checked by its key: it passes when some registered tag has that key.
 */
export function createTagGovernance(settings: GovernanceSettings): TagGovernance {
  const pattern =
    settings.namingPattern === undefined
      ? undefined
      : compileUserAgentPattern(settings.namingPattern);
  if (pattern !== undefined && !pattern.ok) {
    throw new Error(`tagroute.governance.naming_pattern: ${pattern.problem.message}`);
  }
  const naming = pattern?.ok ? pattern.pattern : undefined;
  const active = naming !== undefined || settings.controlledVocabulary;

  return {
    active,
    check(tags, vocabulary) {
      if (!active) return [];
      const problems: Problem[] = [];
      for (const { path, tag } of tags) {
        const key = wildcardKey(tag);
        if (naming !== undefined && key === undefined && !naming.test(tag)) {
          problems.push({
            path,
            rule: "naming_policy",
            message: `tag ${JSON.stringify(tag)} does not follow the naming policy ${naming.source}`,
          });
        }
        if (settings.controlledVocabulary) {
          const known =
            key === undefined
              ? vocabulary.isRegisteredTag(tag)
              : vocabulary
                  .listTagNames()
                  .some((t) => t.startsWith(`${key}:`) && vocabulary.isRegisteredTag(t));
          if (!known) {
            problems.push({
              path,
              rule: "unregistered_tag",
              message: `tag ${JSON.stringify(tag)} is not a registered tag (controlled vocabulary is on: register it with CreateTag)`,
            });
          }
        }
      }
      return problems;
    },
  };
}

/**
 * Checks tags against the governance rules and throws the refusal, with every problem and the
 * reason clients switch on: UNREGISTERED_TAG when any tag is unregistered, else TAG_NAMING_POLICY.
 */
export function enforceGovernance(
  governance: TagGovernance,
  tags: readonly { readonly path: string; readonly tag: string }[],
  vocabulary: Vocabulary,
): void {
  const problems = governance.check(tags, vocabulary);
  if (problems.length === 0) return;
  const unregistered = problems.some((p) => p.rule === "unregistered_tag");
  throw invalidArgument(problems, unregistered ? "UNREGISTERED_TAG" : "TAG_NAMING_POLICY");
}
