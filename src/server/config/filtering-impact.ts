import {
  DEFAULT_GROUP_SETTINGS,
  DEFAULT_TAG,
  type Deployment,
  type GroupSettings,
} from "../../core/index.js";
import type { TagrouteConfig } from "./config-types.js";

/** What tag filtering does to one model group, for `check-config` and the startup log. */
export interface FilteringImpact {
  readonly group: string;
  /**
   * Whether tagroute routes the group differently from LiteLLM reading the same config: true
   * only where the config leaves `enable_tag_filtering` unset (LiteLLM: off, tagroute: on) and
   * some deployment carries tags or patterns.
   */
  readonly changed: boolean;
  readonly message: string;
}

interface GroupCounts {
  readonly total: number;
  readonly tagged: number;
  readonly defaults: number;
  readonly patterned: number;
}

function countGroup(deployments: readonly Deployment[]): GroupCounts {
  return {
    total: deployments.length,
    tagged: deployments.filter((d) => d.tags.length > 0).length,
    defaults: deployments.filter((d) => d.tags.includes(DEFAULT_TAG)).length,
    patterned: deployments.filter((d) => d.userAgentPatterns.length > 0).length,
  };
}

function describeFiltering(counts: GroupCounts, settings: GroupSettings): string[] {
  const { total, tagged, defaults, patterned } = counts;
  const parts = [`${tagged} of ${total} deployments carry tags`];
  parts.push(
    defaults > 0
      ? `untagged requests now reach only the ${defaults} \`default\` deployment(s) (LiteLLM without filtering: all ${total})`
      : `untagged requests still reach all ${total} (the group has no \`default\` deployment)`,
  );
  parts.push(
    settings.match === "all"
      ? "tagged requests reach only deployments carrying every tag of the request"
      : "tagged requests reach only deployments carrying the tag",
  );
  if (patterned > 0) {
    parts.push(
      `${patterned} deployment(s) have user-agent patterns (tag_regex): untagged callers whose user agent matches reach only those`,
    );
  }
  if (settings.noMatch === "error")
    parts.push("a tag no deployment carries is an error (no_match: error)");
  return parts;
}

function describeGroup(
  group: string,
  deployments: readonly Deployment[],
  settings: GroupSettings,
  explicit: boolean | undefined,
): FilteringImpact {
  const counts = countGroup(deployments);
  if (!settings.filtering) {
    const message = `group ${group}: tag filtering is off (router_settings.enable_tag_filtering: false): positive tags and user-agent patterns are ignored, as in LiteLLM; required and excluded tags still apply`;
    return { group, changed: false, message };
  }
  if (counts.tagged === 0 && counts.patterned === 0) {
    return {
      group,
      changed: false,
      message: `group ${group}: no deployment carries tags or user-agent patterns: no change`,
    };
  }
  const parts = describeFiltering(counts, settings);
  if (explicit === true)
    parts.push("the config enables filtering itself, so LiteLLM routes this group the same way");
  return { group, changed: explicit === undefined, message: `group ${group}: ${parts.join("; ")}` };
}

/**
 * Per model group, in plain English, what tagroute's tag filtering — on by default, where
 * LiteLLM's is off — changes. A LiteLLM config loads unchanged but can route differently; this is
 * where the operator reads how.
 */
export function describeFilteringImpact(config: TagrouteConfig): FilteringImpact[] {
  const byGroup = new Map<string, Deployment[]>();
  for (const deployment of config.deployments) {
    const members = byGroup.get(deployment.modelGroup) ?? [];
    members.push(deployment);
    byGroup.set(deployment.modelGroup, members);
  }
  return [...byGroup].map(([group, deployments]) =>
    describeGroup(
      group,
      deployments,
      config.groups.get(group) ?? DEFAULT_GROUP_SETTINGS,
      config.router.enableTagFiltering,
    ),
  );
}
