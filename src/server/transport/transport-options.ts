import type { DescService } from "@bufbuild/protobuf";
import type { ServiceImpl } from "@connectrpc/connect";
import type { Logger } from "pino";

/**
 * One service to serve: its generated descriptor and its Connect implementation. Written once,
 * served on both ports. Methods left out of `impl` answer UNIMPLEMENTED on both.
 */
export interface ServiceRegistration<S extends DescService = DescService> {
  readonly service: S;
  readonly impl: Partial<ServiceImpl<S>>;
}

/**
 * Pairs a descriptor with its implementation, checking the implementation against that
 * descriptor's methods (a literal `{ service, impl }` in a list is only checked against the
 * generic `DescService`).
 */
export function serviceRegistration<S extends DescService>(
  service: S,
  impl: Partial<ServiceImpl<S>>,
): ServiceRegistration<S> {
  return { service, impl };
}

/** Where a port listens. Port 0 picks any free port; `RunningTransport` reports the real one. */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

export interface TransportOptions {
  readonly services: readonly ServiceRegistration[];
  /** The gRPC port (grpc-js): backend services, the SDK, grpcurl / buf curl. */
  readonly grpc: ListenAddress;
  /** The HTTP/1.1 port (connect-node): Connect JSON and gRPC-Web for browsers and curl. */
  readonly http?: ListenAddress | undefined;
  /** Receives one line per call, and transport failures. */
  readonly logger: Logger;
  /** Largest message accepted or sent, both directions, both ports. Default 4 MiB. */
  readonly maxMessageBytes?: number | undefined;
  /** How long `close()` lets in-flight calls run before cutting them off. Default 10 s. */
  readonly shutdownGraceMs?: number | undefined;
}

export interface RunningTransport {
  readonly grpcPort: number;
  readonly httpPort: number | undefined;
  /** Sets the grpc.health.v1 status of the server and every registered service. */
  setServing(serving: boolean): void;
  /**
   * Graceful shutdown: health goes NOT_SERVING, new calls are refused, in-flight calls may finish
   * within the grace period (default: `shutdownGraceMs`), then whatever remains is cut off.
   * Resolves when both ports are closed; calling it again returns the same promise.
   */
  close(graceMs?: number): Promise<void>;
}

/** 4 MiB: gRPC's customary default, applied to both directions on both ports. */
export const DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;
