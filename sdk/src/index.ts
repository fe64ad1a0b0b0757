/**
 * @tagroute/sdk: a typed client for tagroute's RoutingService and DeploymentService.
 *
 * Requests are the generated protobuf-es init shapes (plain objects, every field optional and
 * typed); responses are the generated messages. Failures are {@link TagrouteError}s with the
 * server's `ErrorInfo` / `RetryInfo` / `BadRequest` details decoded.
 */

export { Code } from "@connectrpc/connect";
export { createTagrouteClient, type TagrouteClient } from "./client.js";
export type { TagrouteCallOptions, TagrouteClientOptions } from "./client-options.js";
export { type CompletionText, type CompletionUsage, collectText } from "./collect-text.js";
export type {
  CompleteEvent,
  DeltaEvent,
  FinishEvent,
  RoutedEvent,
  UsageEvent,
} from "./complete-events.js";
export {
  type CreateDeploymentRequest,
  type CreateDeploymentResponse,
  type DeleteDeploymentRequest,
  type DeleteDeploymentResponse,
  type Deployment,
  DeploymentService,
  type GetDeploymentRequest,
  type GetDeploymentResponse,
  type ListDeploymentsRequest,
  type ListDeploymentsResponse,
  Provider,
  Source,
  type UpdateDeploymentRequest,
  type UpdateDeploymentResponse,
} from "./gen/tagroute/v1/deployment_pb.js";
export {
  type ChatMessage,
  type CompleteRequest,
  type CompleteResponse,
  type Delta,
  type ExplainedDeployment,
  type Explanation,
  type Finish,
  MatchHow,
  MatchMode,
  type Routed,
  type RoutingFields,
  RoutingService,
  type SelectDeploymentRequest,
  type SelectDeploymentResponse,
  type Usage,
  Verdict,
} from "./gen/tagroute/v1/routing_pb.js";
export type {
  CreateTagRequest,
  CreateTagResponse,
  DeleteTagRequest,
  DeleteTagResponse,
  GetTagRequest,
  GetTagResponse,
  ListTagsRequest,
  ListTagsResponse,
  Tag,
  TagAttachment,
  UpdateTagRequest,
  UpdateTagResponse,
} from "./gen/tagroute/v1/tag_pb.js";
export {
  type ErrorReason,
  type FieldViolation,
  isTagrouteError,
  type KnownErrorReason,
  TagrouteError,
} from "./tagroute-error.js";
export { DEFAULT_PORTS, type TagrouteProtocol } from "./transport.js";
