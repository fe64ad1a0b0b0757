import type { MessageInitShape } from "@bufbuild/protobuf";
import { Code, ConnectError, type HandlerContext } from "@connectrpc/connect";
import {
  Health,
  type HealthCheckRequest,
  type HealthCheckResponseSchema,
  HealthCheckResponse_ServingStatus as ServingStatus,
} from "../../../sdk/src/gen/grpc/health/v1/health_pb.js";
import { type ServiceRegistration, serviceRegistration } from "./transport-options.js";

/** `grpc.health.v1.Health` plus the switches the transport turns. */
export interface HealthService {
  readonly registration: ServiceRegistration<typeof Health>;
  /** SERVING or NOT_SERVING for the server ("") and every registered service. */
  setServing(serving: boolean): void;
  /**
   * NOT_SERVING for good: later `setServing(true)` is ignored, and Watch streams end after
   * sending NOT_SERVING, so they do not hold a graceful shutdown open until its deadline.
   */
  shutdown(): void;
}

/**
 * Health as a Connect ServiceImpl, served on both ports. The status is all-or-nothing: the
 * transport either serves every service or none, so per-service statuses would only say the
 * same thing more times. A service name the server does not serve answers NOT_FOUND (Check) or
 * SERVICE_UNKNOWN (Watch), as the health protocol specifies. Starts NOT_SERVING: the transport
 * switches to SERVING once both ports are listening.
 */
export function createHealthService(serviceNames: readonly string[]): HealthService {
  const known = new Set(["", ...serviceNames]);
  let serving = false;
  let stopped = false;
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const wake of [...waiters]) wake();
  };
  const statusOf = (service: string): ServingStatus | undefined => {
    if (!known.has(service)) return undefined;
    return serving && !stopped ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
  };
  const nextChange = (signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        waiters.delete(wake);
        signal.removeEventListener("abort", wake);
        resolve();
      };
      waiters.add(wake);
      signal.addEventListener("abort", wake, { once: true });
    });

  async function* watch(
    request: HealthCheckRequest,
    context: HandlerContext,
  ): AsyncGenerator<MessageInitShape<typeof HealthCheckResponseSchema>> {
    let last: ServingStatus | undefined;
    while (!context.signal.aborted) {
      const current = statusOf(request.service) ?? ServingStatus.SERVICE_UNKNOWN;
      if (current !== last) {
        last = current;
        yield { status: current };
      }
      if (stopped) return;
      await nextChange(context.signal);
    }
  }

  return {
    registration: serviceRegistration(Health, {
      check(request) {
        const status = statusOf(request.service);
        if (status === undefined) {
          throw new ConnectError(`unknown service ${request.service}`, Code.NotFound);
        }
        return { status };
      },
      watch,
    }),
    setServing(next) {
      if (stopped || serving === next) return;
      serving = next;
      notify();
    },
    shutdown() {
      if (stopped) return;
      stopped = true;
      notify();
    },
  };
}
