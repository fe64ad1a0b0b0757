import type { Decision, MatchHow } from "./decision.js";
import type { GroupIndex, Member } from "./group-index.js";
import type { DecideContext } from "./health.js";
import { unavailableAt } from "./health.js";
import type { TagQuery } from "./query.js";

export type Verdict = "selected" | "candidate" | "excluded";

/**
 * Why a deployment got its verdict. Allowed deployments carry how they matched; the others the
 * first rule that removed them, in the order the contract applies the rules.
 */
export type ExplainReason =
  | MatchHow
  | "disabled"
  | "missing_required_tag"
  | "excluded_tag"
  | "tag_mismatch"
  | "not_default"
  | "cooldown"
  | "rate_limit";

export interface ExplainedDeployment {
  readonly id: string;
  readonly verdict: Verdict;
  readonly reason: ExplainReason;
  /** The tag behind the reason, where there is one (the missing or excluded tag). */
  readonly tag?: string;
  /** For cooldown and rate limits: when the deployment may serve again (epoch ms). */
  readonly until?: number;
}

export interface Explanation {
  readonly group: string;
  readonly mode: Decision["mode"];
  readonly outcome: Decision["kind"];
  /** Every allowed deployment (selected or candidate), in full. */
  readonly allowed: readonly ExplainedDeployment[];
  /** Excluded deployments, up to the limit. */
  readonly excluded: readonly ExplainedDeployment[];
  /** How many excluded deployments the limit left out. */
  readonly excludedOmitted: number;
  /** Deployments per reason, over the whole group (allowed and excluded). */
  readonly counts: Readonly<Partial<Record<ExplainReason, number>>>;
}

export interface ExplainOptions {
  /** At most this many excluded deployments are listed (default 100). */
  readonly limit?: number;
  /** The deployment the strategy picked, marked `selected`. */
  readonly selectedId?: string | undefined;
}

export const DEFAULT_EXPLAIN_LIMIT = 100;

function why(
  member: Member,
  query: TagQuery,
  matched: ReadonlySet<string>,
  decision: Decision,
  context: DecideContext,
): Omit<ExplainedDeployment, "id" | "verdict"> {
  const { deployment, keys } = member;
  if (!deployment.enabled) return { reason: "disabled" };
  const missing = query.all.find((tag) => !keys.has(tag));
  if (missing !== undefined) return { reason: "missing_required_tag", tag: missing };
  const excluded = query.none.find((tag) => keys.has(tag));
  if (excluded !== undefined) return { reason: "excluded_tag", tag: excluded };
  if (matched.has(deployment.id)) {
    const off = unavailableAt(context, deployment.id);
    if (off !== undefined) return { reason: off.reason, until: off.until };
    return { reason: decision.kind === "refused" ? "tag_mismatch" : decision.how };
  }
  const how = decision.kind === "refused" ? undefined : decision.how;
  const aboutDefaults = how === "untagged" || how === "constraints" || how === "default_fallback";
  return { reason: aboutDefaults && !member.isDefault ? "not_default" : "tag_mismatch" };
}

/**
 * Explains a decision deployment by deployment. It walks the whole group, so it costs O(group)
 * and runs only when a caller asks; the decision itself never pays for it.
 */
export function explain(
  group: GroupIndex,
  query: TagQuery,
  decision: Decision,
  context: DecideContext,
  options: ExplainOptions = {},
): Explanation {
  const limit = options.limit ?? DEFAULT_EXPLAIN_LIMIT;
  const matched = new Set(decision.kind === "refused" ? [] : decision.matched.map((d) => d.id));
  const allowedIds = new Set(
    decision.kind === "allowed" ? decision.candidates.map((d) => d.id) : [],
  );
  const allowed: ExplainedDeployment[] = [];
  const excluded: ExplainedDeployment[] = [];
  const counts: Partial<Record<ExplainReason, number>> = {};
  let excludedOmitted = 0;

  for (const member of group.members) {
    const id = member.deployment.id;
    const detail = why(member, query, matched, decision, context);
    counts[detail.reason] = (counts[detail.reason] ?? 0) + 1;
    if (allowedIds.has(id)) {
      allowed.push({
        id,
        verdict: id === options.selectedId ? "selected" : "candidate",
        ...detail,
      });
    } else if (excluded.length < limit) {
      excluded.push({ id, verdict: "excluded", ...detail });
    } else {
      excludedOmitted++;
    }
  }
  return {
    group: group.name,
    mode: decision.mode,
    outcome: decision.kind,
    allowed,
    excluded,
    excludedOmitted,
    counts,
  };
}
