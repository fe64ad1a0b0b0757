import type { Deployment } from "./deployment.js";
import type { MatchMode } from "./query.js";

/**
 * How a request came to its allowed set. `tags`: positive tags matched (in mode `any` a matching
 * user-agent pattern counts too); `pattern`: no positive tags, a user-agent pattern matched;
 * `untagged`: no tags at all; `constraints`: only required/excluded tags; `default_fallback`: no
 * positive tag is known to the group, so its `default` deployments serve; `filtering_off`: the
 * group ignores positive tags and patterns (LiteLLM's `enable_tag_filtering: false`).
 */
export type MatchHow =
  | "tags"
  | "pattern"
  | "untagged"
  | "constraints"
  | "default_fallback"
  | "filtering_off";

/** The closed set of reasons a routing decision can refuse; they become `ErrorInfo.reason`. */
export type RefusalReason = "NO_DEPLOYMENT_MATCHES_TAGS" | "NO_ENABLED_DEPLOYMENT";

export type Decision =
  | {
      readonly kind: "allowed";
      readonly how: MatchHow;
      readonly mode: MatchMode;
      /** Deployments the request may use now: the tag decision minus unavailable ones. */
      readonly candidates: readonly Deployment[];
      /** The tag decision before health was applied (the same array when nothing is unavailable). */
      readonly matched: readonly Deployment[];
    }
  | {
      readonly kind: "refused";
      readonly reason: RefusalReason;
      readonly mode: MatchMode;
      readonly message: string;
    }
  | {
      /** The tags matched, but every match is cooling down or at its own rate limit. */
      readonly kind: "unavailable";
      readonly reason: "DEPLOYMENTS_UNAVAILABLE";
      readonly how: MatchHow;
      readonly mode: MatchMode;
      readonly matched: readonly Deployment[];
      /** Epoch milliseconds when the first of them returns. */
      readonly retryAt: number;
      readonly message: string;
    };
