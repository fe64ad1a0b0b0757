import { decide } from "./decide.js";
import type { Decision } from "./decision.js";
import type { GroupIndex } from "./group-index.js";
import type { DecideContext } from "./health.js";
import type { Problem } from "./problem.js";
import type { TagQuery, TagQueryInput } from "./query.js";
import { parseTagQuery } from "./query.js";
import type { RoutingSnapshot } from "./snapshot.js";
import { quoteTag } from "./tag.js";

/** A routing request as the edges (RPC, CLI) hand it to the core. */
export interface RouteInput extends TagQueryInput {
  readonly model: string;
}

/**
 * The outcome of routing one request: the group's decision, or a refusal that comes before any
 * decision (unknown model group, malformed request).
 */
export type RouteOutcome =
  | {
      readonly kind: "decided";
      readonly group: GroupIndex;
      readonly query: TagQuery;
      readonly decision: Decision;
    }
  | {
      readonly kind: "rejected";
      readonly reason: "MODEL_NOT_FOUND" | "INVALID_TAG" | "INVALID_REQUEST";
      readonly message: string;
      readonly problems: readonly Problem[];
    };

/** Validates the request, finds its model group and decides: the one entry point for routing. */
export function route(
  snapshot: RoutingSnapshot,
  input: RouteInput,
  context: DecideContext,
): RouteOutcome {
  const parsed = parseTagQuery(input);
  if (!parsed.ok) {
    const tagProblem = parsed.problems.some((p) => "tag" in p);
    return {
      kind: "rejected",
      reason: tagProblem ? "INVALID_TAG" : "INVALID_REQUEST",
      message: parsed.problems.map((p) => `${p.path}: ${p.message}`).join("; "),
      problems: parsed.problems,
    };
  }
  const group = snapshot.group(input.model);
  if (group === undefined) {
    return {
      kind: "rejected",
      reason: "MODEL_NOT_FOUND",
      message: `model group ${quoteTag(input.model)} does not exist`,
      problems: [{ path: "model", rule: "not_found", message: "no such model group" }],
    };
  }
  return {
    kind: "decided",
    group,
    query: parsed.query,
    decision: decide(group, parsed.query, context),
  };
}
