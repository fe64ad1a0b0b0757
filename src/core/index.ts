/**
 * The routing core: pure functions and immutable data, no I/O and no clock. Everything that routes
 * — every RPC, every strategy, the CLI — goes through {@link route} / {@link decide}.
 */
export { type CompatTags, parseCompatTags } from "./compat-tags.js";
export { decide } from "./decide.js";
export type { Decision, MatchHow, RefusalReason } from "./decision.js";
export {
  type Credential,
  type Deployment,
  type DeploymentSource,
  makeDeployment,
  PROVIDER_KINDS,
  type ProviderKind,
} from "./deployment.js";
export {
  DEFAULT_EXPLAIN_LIMIT,
  type ExplainedDeployment,
  type ExplainOptions,
  type ExplainReason,
  type Explanation,
  explain,
  type Verdict,
} from "./explain.js";
export {
  buildGroupIndex,
  DEFAULT_GROUP_SETTINGS,
  type GroupIndex,
  type GroupSettings,
  type Member,
  makeMember,
  type NoMatchPolicy,
  type Scratch,
} from "./group-index.js";
export {
  type DecideContext,
  type Unavailability,
  type UnavailableReason,
  unavailableAt,
} from "./health.js";
export { formatProblems, joinPath, type Problem, prefixProblems } from "./problem.js";
export {
  effectiveMode,
  MAX_QUERY_TAGS,
  MAX_USER_AGENT_LENGTH,
  type MatchMode,
  parseTagQuery,
  type TagQuery,
  type TagQueryInput,
  type TagQueryResult,
} from "./query.js";
export { type RouteInput, type RouteOutcome, route } from "./route.js";
export { Secret } from "./secret.js";
export { createSnapshot, type RoutingSnapshot } from "./snapshot.js";
export {
  DEFAULT_TAG,
  MAX_TAG_CODE_POINTS,
  type TagContext,
  type TagProblem,
  type TagRule,
  validateTag,
  validateTags,
  wildcardKey,
  wildcardsOf,
} from "./tag.js";
export { upsertDeployments } from "./update-group.js";
export {
  compileUserAgentPattern,
  MAX_PATTERN_LENGTH,
  type PatternResult,
  type UserAgentPattern,
  userAgentSubject,
} from "./user-agent-pattern.js";
export {
  MAX_DEPLOYMENT_PATTERNS,
  MAX_DEPLOYMENT_TAGS,
  validateDeployment,
} from "./validate-deployment.js";
