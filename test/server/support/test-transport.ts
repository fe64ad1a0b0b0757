import {
  type RunningTransport,
  type ServiceRegistration,
  startTransport,
} from "../../../src/server/transport/index.js";
import { captureLogs, type LogCapture } from "./log-capture.js";
import { createRoutingStub, type RoutingStub } from "./routing-stub.js";

/** Small enough that tests can exceed it cheaply. */
export const TEST_MAX_MESSAGE_BYTES = 64 * 1024;

export interface TestTransport {
  readonly transport: RunningTransport;
  readonly stub: RoutingStub;
  readonly logs: LogCapture;
}

/** Both ports on 127.0.0.1, any free port, serving the routing stub (and `extra`). */
export async function startTestTransport(
  extra: readonly ServiceRegistration[] = [],
): Promise<TestTransport> {
  const stub = createRoutingStub();
  const logs = captureLogs();
  const transport = await startTransport({
    services: [stub.registration, ...extra],
    grpc: { host: "127.0.0.1", port: 0 },
    http: { host: "127.0.0.1", port: 0 },
    logger: logs.logger,
    maxMessageBytes: TEST_MAX_MESSAGE_BYTES,
    shutdownGraceMs: 2000,
  });
  return { transport, stub, logs };
}
