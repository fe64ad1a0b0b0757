import type { Deployment } from "./deployment.js";
import type { MatchMode } from "./query.js";
import { DEFAULT_TAG, wildcardsOf } from "./tag.js";
import type { UserAgentPattern } from "./user-agent-pattern.js";
import { compileUserAgentPattern } from "./user-agent-pattern.js";

/** What a group does with a positive request that matches nothing. */
export type NoMatchPolicy = "default" | "error";

/** Per-group routing settings (router-wide values, possibly overridden per group). */
export interface GroupSettings {
  readonly match: MatchMode;
  readonly noMatch: NoMatchPolicy;
  /** False is LiteLLM's `enable_tag_filtering: false`: positive tags and patterns are ignored. */
  readonly filtering: boolean;
}

export const DEFAULT_GROUP_SETTINGS: GroupSettings = {
  match: "any",
  noMatch: "default",
  filtering: true,
};

/** A deployment as the index sees it: its position, every key it answers to, its patterns. */
export interface Member {
  readonly deployment: Deployment;
  /** Position in {@link GroupIndex.members}; posting lists are sorted by it. */
  readonly position: number;
  /** Its tags plus the `K:*` forms they answer to, so any query tag is one `has()`. */
  readonly keys: ReadonlySet<string>;
  readonly patterns: readonly UserAgentPattern[];
  readonly isDefault: boolean;
}

/**
 * One model group, indexed for routing. Immutable once built; a change to the group builds a new
 * one, and other groups' indexes are shared untouched.
 */
export interface GroupIndex {
  readonly name: string;
  readonly settings: GroupSettings;
  /** Every configured deployment, enabled or not, in declaration order. */
  readonly members: readonly Member[];
  readonly enabled: readonly Member[];
  /** Query key (tag or `K:*`) → enabled members carrying it, ascending by position. */
  readonly postings: ReadonlyMap<string, readonly Member[]>;
  /**
   * Keys carried by any configured member, enabled or not — rule 6's "known to the group" — with
   * how many members carry each, so an incremental update knows when a key stops being known.
   */
  readonly known: ReadonlyMap<string, number>;
  /** Member position by deployment id. */
  readonly positionOf: ReadonlyMap<string, number>;
  /** Whether any configured member carries `default`, even a disabled one (see README). */
  readonly hasDefault: boolean;
  /** Enabled members carrying `default`. */
  readonly defaults: readonly Member[];
  /** Enabled members with user-agent patterns. */
  readonly patterned: readonly Member[];
  /** Working memory for {@link decide}; see `unionOf` there. Not part of the group's value. */
  readonly scratch: Scratch;
}

/** Per-group marks that let a union drop duplicates without allocating a set. */
export interface Scratch {
  readonly marks: Uint32Array;
  stamp: number;
}

/** The keys a deployment answers to: its tags and their `K:*` forms. */
function keysOf(deployment: Deployment): Set<string> {
  const keys = new Set<string>();
  for (const tag of deployment.tags) {
    keys.add(tag);
    for (const wildcard of wildcardsOf(tag)) keys.add(wildcard);
  }
  return keys;
}

/** Indexes one deployment at a position; shared by full builds and incremental updates. */
export function makeMember(deployment: Deployment, position: number): Member {
  const keys = keysOf(deployment);
  return {
    deployment,
    position,
    keys,
    patterns: compilePatterns(deployment),
    isDefault: keys.has(DEFAULT_TAG),
  };
}

function compilePatterns(deployment: Deployment): UserAgentPattern[] {
  return deployment.userAgentPatterns.map((source, i) => {
    const result = compileUserAgentPattern(source);
    if (!result.ok) {
      // Loaders validate deployments first (validateDeployment); reaching this is a bug upstream.
      throw new Error(
        `deployment ${deployment.id}: user_agent_patterns[${i}]: ${result.problem.message}`,
      );
    }
    return result.pattern;
  });
}

/**
 * Builds the inverted index of one model group. Cost is linear in the group's tags; routing a
 * request then costs O(request tags + result), whatever the group's size.
 */
export function buildGroupIndex(
  name: string,
  deployments: readonly Deployment[],
  settings: GroupSettings = DEFAULT_GROUP_SETTINGS,
): GroupIndex {
  const members: Member[] = [];
  const enabled: Member[] = [];
  const defaults: Member[] = [];
  const patterned: Member[] = [];
  const postings = new Map<string, Member[]>();
  const known = new Map<string, number>();
  const positionOf = new Map<string, number>();

  for (const deployment of deployments) {
    if (positionOf.has(deployment.id)) {
      throw new Error(`model group ${name}: deployment id ${deployment.id} appears twice`);
    }
    const member = makeMember(deployment, members.length);
    members.push(member);
    positionOf.set(deployment.id, member.position);
    for (const key of member.keys) known.set(key, (known.get(key) ?? 0) + 1);
    if (!deployment.enabled) continue;

    enabled.push(member);
    if (member.isDefault) defaults.push(member);
    if (member.patterns.length > 0) patterned.push(member);
    for (const key of member.keys) {
      const list = postings.get(key);
      if (list === undefined) postings.set(key, [member]);
      else list.push(member);
    }
  }
  const hasDefault = known.has(DEFAULT_TAG);
  const scratch: Scratch = { marks: new Uint32Array(members.length), stamp: 0 };
  return {
    name,
    settings,
    members,
    enabled,
    postings,
    known,
    positionOf,
    hasDefault,
    defaults,
    patterned,
    scratch,
  };
}
