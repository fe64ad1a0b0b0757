/**
 * The Connect service implementations: proto <-> domain, domain errors -> ConnectError, nothing
 * else. The transport (src/server) serves them on the gRPC and HTTP ports.
 */
export {
  createServices,
  type ServiceRegistration,
  type Services,
  type ServicesOptions,
} from "./create-services.js";
export {
  type CooldownSettings,
  createHealthTracker,
  DEFAULT_COOLDOWN,
  type HealthTracker,
} from "./health-tracker.js";
export { COMPAT_TAG_HEADERS, DEPLOYMENT_HEADER } from "./metadata-keys.js";
export type { DeploymentView, RoutingState, TagView } from "./routing-state.js";
export { ERROR_DOMAIN, type ErrorReason, ServiceError, toConnectError } from "./service-error.js";
export {
  DEFAULT_NUM_RETRIES,
  type GovernanceSettings,
  NO_GOVERNANCE,
  type ServiceSettings,
} from "./service-settings.js";
