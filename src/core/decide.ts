import type { Decision, MatchHow } from "./decision.js";
import type { Deployment } from "./deployment.js";
import type { GroupIndex, Member } from "./group-index.js";
import type { DecideContext } from "./health.js";
import type { MatchMode, TagQuery } from "./query.js";
import { effectiveMode } from "./query.js";
import { quoteTag } from "./tag.js";
import { userAgentSubject } from "./user-agent-pattern.js";

const NONE: readonly Member[] = [];
const NO_TAGS: readonly string[] = [];

/** Rule 1: carries every required tag and no excluded one. */
function survives(member: Member, all: readonly string[], none: readonly string[]): boolean {
  const keys = member.keys;
  for (const tag of all) if (!keys.has(tag)) return false;
  for (const tag of none) if (keys.has(tag)) return false;
  return true;
}

function filterSurvivors(
  members: readonly Member[],
  all: readonly string[],
  none: readonly string[],
): readonly Member[] {
  if (all.length === 0 && none.length === 0) return members;
  return members.filter((m) => survives(m, all, none));
}

/**
 * Union of member lists, keeping survivors of the hard constraints, as the deployments themselves.
 * Duplicates are dropped with the group's scratch marks: one typed-array read and write per
 * member, where a merge or a Set costs several times that (measured in bench/core).
 */
function unionOf(
  group: GroupIndex,
  lists: readonly (readonly Member[])[],
  query: TagQuery,
): Deployment[] {
  const out: Deployment[] = [];
  const constrained = query.all.length > 0 || query.none.length > 0;
  const only = lists.length === 1;
  const marks = only ? undefined : group.scratch.marks;
  const stamp = only ? 0 : nextStamp(group);
  for (const list of lists) {
    for (const m of list) {
      if (marks !== undefined) {
        if (marks[m.position] === stamp) continue;
        marks[m.position] = stamp;
      }
      if (!constrained || survives(m, query.all, query.none)) out.push(m.deployment);
    }
  }
  return out;
}

/**
 * A fresh stamp for the scratch marks. `decide` is synchronous and never re-entered, so one
 * buffer per group serves every call; the stamp makes clearing it O(1) except on wrap-around.
 */
function nextStamp(group: GroupIndex): number {
  const scratch = group.scratch;
  if (scratch.stamp >= 0xffffffff) {
    scratch.marks.fill(0);
    scratch.stamp = 0;
  }
  return ++scratch.stamp;
}

/** Mode `any`: surviving members carrying at least one positive tag, or matched by a pattern. */
function anyOf(group: GroupIndex, query: TagQuery, byPattern: readonly Member[]): Deployment[] {
  const lists: (readonly Member[])[] = [];
  for (const tag of query.tags) {
    const list = group.postings.get(tag);
    if (list !== undefined) lists.push(list);
  }
  if (byPattern.length > 0) lists.push(byPattern);
  return lists.length === 0 ? [] : unionOf(group, lists, query);
}

/** Mode `all`: surviving members carrying every positive tag; scans the shortest posting list. */
function allOf(group: GroupIndex, query: TagQuery): readonly Deployment[] {
  return deploymentsOf(intersect(group, query.tags, query.all, query.none));
}

function deploymentsOf(members: readonly Member[]): Deployment[] {
  return members.map((m) => m.deployment);
}

/** Members carrying every tag of `required` (and of `all`) and none of `none`. */
function intersect(
  group: GroupIndex,
  required: readonly string[],
  all: readonly string[],
  none: readonly string[],
): readonly Member[] {
  let shortest: readonly Member[] | undefined;
  for (const tag of required) {
    const list = group.postings.get(tag);
    if (list === undefined) return NONE;
    if (shortest === undefined || list.length < shortest.length) shortest = list;
  }
  if (shortest === undefined) return NONE;
  return shortest.filter((m) => {
    for (const tag of required) if (!m.keys.has(tag)) return false;
    return survives(m, all, none);
  });
}

/** Rule 2: surviving members whose user-agent pattern matches. */
function patternMatches(group: GroupIndex, query: TagQuery): readonly Member[] {
  const subject = userAgentSubject(query.userAgent as string);
  return group.patterned.filter(
    (m) => survives(m, query.all, query.none) && m.patterns.some((p) => p.test(subject)),
  );
}

function describeTags(tags: readonly string[]): string {
  return tags.map(quoteTag).join(", ");
}

function refuse(group: GroupIndex, mode: MatchMode, message: string): Decision {
  return {
    kind: "refused",
    reason: "NO_DEPLOYMENT_MATCHES_TAGS",
    mode,
    message: `model group ${quoteTag(group.name)}: ${message}`,
  };
}

/** Rule 6: a positive request matched nothing. */
function noMatch(group: GroupIndex, query: TagQuery, mode: MatchMode, positive: readonly string[]) {
  const wanted = `${mode === "all" ? "all of" : "any of"} ${describeTags(positive)}`;
  if (group.settings.noMatch === "error") {
    return { refusal: `no deployment can serve ${wanted}, and the group never falls back` };
  }
  const known = positive.filter((tag) => group.known.has(tag));
  if (known.length > 0) {
    return {
      refusal: `no deployment can serve ${wanted}: ${describeTags(known)} ${known.length === 1 ? "is" : "are"} carried by deployments of the group that are disabled or ruled out by the request's required/excluded tags, so the request is not rerouted to the default deployments`,
    };
  }
  const fallback = group.hasDefault ? filterSurvivors(group.defaults, query.all, query.none) : NONE;
  if (fallback.length === 0) {
    return {
      refusal: group.hasDefault
        ? `no deployment carries ${wanted}, and no default deployment is enabled and satisfies the required/excluded tags`
        : `no deployment carries ${wanted}, and the group has no default deployment`,
    };
  }
  return { members: fallback };
}

/** Rules 3 and 4: no positive tags and no pattern matched. */
function withoutPositiveTags(group: GroupIndex, query: TagQuery): readonly Member[] {
  if (query.all.length > 0) return intersect(group, query.all, NO_TAGS, query.none);
  return filterSurvivors(group.hasDefault ? group.defaults : group.enabled, NO_TAGS, query.none);
}

/** Rule 7: health after tags. */
function applyHealth(
  group: GroupIndex,
  matched: readonly Deployment[],
  how: MatchHow,
  mode: MatchMode,
  context: DecideContext,
): Decision {
  const health = context.health;
  if (health === undefined || health.size === 0) {
    return { kind: "allowed", how, mode, candidates: matched, matched };
  }
  const candidates: Deployment[] = [];
  let retryAt = Number.POSITIVE_INFINITY;
  for (const deployment of matched) {
    const entry = health.get(deployment.id);
    if (entry !== undefined && entry.until > context.now) {
      if (entry.until < retryAt) retryAt = entry.until;
    } else {
      candidates.push(deployment);
    }
  }
  if (candidates.length > 0) {
    return {
      kind: "allowed",
      how,
      mode,
      candidates: candidates.length === matched.length ? matched : candidates,
      matched,
    };
  }
  return {
    kind: "unavailable",
    reason: "DEPLOYMENTS_UNAVAILABLE",
    how,
    mode,
    matched,
    retryAt,
    message: `model group ${quoteTag(group.name)}: the tags match ${matched.length} deployment(s), all cooling down or at their rate limit; retry after ${Math.max(0, retryAt - context.now)} ms`,
  };
}

/**
 * The routing contract (DESIGN "Routing semantics", rules 1–7): which deployments of one model
 * group may serve a request, and how it matched — or a typed refusal. Pure: time and health come
 * in through `context`. Every RPC and every strategy goes through this one function.
 */
export function decide(group: GroupIndex, query: TagQuery, context: DecideContext): Decision {
  const settings = group.settings;
  const mode = effectiveMode(settings.match, query.match);
  if (group.enabled.length === 0) {
    return {
      kind: "refused",
      reason: "NO_ENABLED_DEPLOYMENT",
      mode,
      message: `model group ${quoteTag(group.name)}: every deployment is disabled`,
    };
  }
  const filtering = settings.filtering;
  const positive = filtering ? query.tags : NO_TAGS;
  const usePatterns =
    filtering &&
    query.userAgent !== undefined &&
    group.patterned.length > 0 &&
    !(mode === "all" && positive.length > 0);
  const byPattern = usePatterns ? patternMatches(group, query) : NONE;

  if (positive.length > 0) {
    const matched = mode === "any" ? anyOf(group, query, byPattern) : allOf(group, query);
    if (matched.length > 0) return applyHealth(group, matched, "tags", mode, context);
    const outcome = noMatch(group, query, mode, positive);
    if (outcome.members === undefined) return refuse(group, mode, outcome.refusal);
    return applyHealth(group, deploymentsOf(outcome.members), "default_fallback", mode, context);
  }
  if (byPattern.length > 0) {
    return applyHealth(group, deploymentsOf(byPattern), "pattern", mode, context);
  }

  const constrained = query.all.length > 0 || query.none.length > 0;
  let how: MatchHow;
  let members: readonly Member[];
  if (!filtering) {
    how = "filtering_off";
    members = filterSurvivors(group.enabled, query.all, query.none);
  } else if (!constrained) {
    how = "untagged";
    members = group.hasDefault ? group.defaults : group.enabled;
  } else {
    how = "constraints";
    members = withoutPositiveTags(group, query);
  }
  if (members.length === 0) {
    return refuse(
      group,
      mode,
      constrained
        ? "no enabled deployment satisfies the request's required/excluded tags"
        : "the group's default deployments are all disabled",
    );
  }
  return applyHealth(group, deploymentsOf(members), how, mode, context);
}
