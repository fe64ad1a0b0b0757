/**
 * The transport: every service written once as a Connect ServiceImpl, served on the gRPC port
 * (grpc-js, through one adapter) and the HTTP port (connect-node), with reflection, health, one
 * log line per call and graceful shutdown.
 */
export { DEPLOYMENT_HEADER } from "./call-log.js";
export { createGrpcServiceDefinition, methodPath } from "./grpc-service-definition.js";
export { startTransport } from "./start-transport.js";
export {
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_SHUTDOWN_GRACE_MS,
  type ListenAddress,
  type RunningTransport,
  type ServiceRegistration,
  serviceRegistration,
  type TransportOptions,
} from "./transport-options.js";
