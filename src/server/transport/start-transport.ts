import { file_google_rpc_error_details } from "../../../sdk/src/gen/google/rpc/error_details_pb.js";
import { file_google_rpc_status } from "../../../sdk/src/gen/google/rpc/status_pb.js";
import { file_grpc_health_v1_health } from "../../../sdk/src/gen/grpc/health/v1/health_pb.js";
import {
  file_grpc_reflection_v1_reflection,
  ServerReflection as ServerReflectionV1,
} from "../../../sdk/src/gen/grpc/reflection/v1/reflection_pb.js";
import {
  file_grpc_reflection_v1alpha_reflection,
  ServerReflection as ServerReflectionV1Alpha,
} from "../../../sdk/src/gen/grpc/reflection/v1alpha/reflection_pb.js";
import { createCallLog } from "./call-log.js";
import { createDescriptorIndex } from "./descriptor-index.js";
import { type GrpcPort, startGrpcPort } from "./grpc-port.js";
import { createHealthService } from "./health.js";
import { type HttpPort, startHttpPort } from "./http-port.js";
import { createReflectionServices } from "./reflection.js";
import {
  DEFAULT_MAX_MESSAGE_BYTES,
  DEFAULT_SHUTDOWN_GRACE_MS,
  type RunningTransport,
  type ServiceRegistration,
  type TransportOptions,
} from "./transport-options.js";

/**
 * Files reflection serves beyond the services' own: the reflection and health protocols (a
 * client resolving the services `list_services` names needs them) and the error detail types
 * that travel in `grpc-status-details-bin` (`buf curl --list-methods` fails without them).
 */
const PROTOCOL_FILES = [
  file_grpc_reflection_v1_reflection,
  file_grpc_reflection_v1alpha_reflection,
  file_grpc_health_v1_health,
  file_google_rpc_status,
  file_google_rpc_error_details,
];

/**
 * Starts both ports over the same ServiceImpls, with health and reflection added, and reports
 * SERVING once both listen. If the HTTP port cannot bind, the gRPC port is closed again before
 * the error is rethrown, so a failed start leaves nothing listening.
 */
export async function startTransport(options: TransportOptions): Promise<RunningTransport> {
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const defaultGraceMs = options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
  const callLog = createCallLog(options.logger);

  const health = createHealthService(options.services.map((each) => each.service.typeName));
  const served: ServiceRegistration[] = [...options.services, health.registration];
  const index = createDescriptorIndex(
    [
      ...served.map((each) => each.service.typeName),
      ServerReflectionV1.typeName,
      ServerReflectionV1Alpha.typeName,
    ],
    [...served.map((each) => each.service.file), ...PROTOCOL_FILES],
  );
  const services: readonly ServiceRegistration[] = [...served, ...createReflectionServices(index)];

  const grpc = await startGrpcPort({
    services,
    address: options.grpc,
    maxMessageBytes,
    callLog,
  });
  let http: HttpPort | undefined;
  if (options.http !== undefined) {
    try {
      http = await startHttpPort({ services, address: options.http, maxMessageBytes, callLog });
    } catch (error) {
      await grpc.close(0);
      throw error;
    }
  }
  health.setServing(true);
  options.logger.info(
    { grpc_port: grpc.port, http_port: http?.port, services: index.serviceNames },
    "transport listening",
  );

  let closing: Promise<void> | undefined;
  return {
    grpcPort: grpc.port,
    httpPort: http?.port,
    setServing: (serving) => health.setServing(serving),
    close(graceMs = defaultGraceMs) {
      closing ??= closeAll(grpc, http, () => health.shutdown(), graceMs);
      return closing;
    },
  };
}

async function closeAll(
  grpc: GrpcPort,
  http: HttpPort | undefined,
  stopHealth: () => void,
  graceMs: number,
): Promise<void> {
  stopHealth();
  await Promise.all([grpc.close(graceMs), http?.close(graceMs)]);
}
