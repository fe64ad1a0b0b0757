import { Server, ServerCredentials } from "@grpc/grpc-js";
import type { CallLog } from "./call-log.js";
import { createGrpcImplementation } from "./grpc-adapter.js";
import { createGrpcCallObserver } from "./grpc-call-observer.js";
import { createGrpcServiceDefinition } from "./grpc-service-definition.js";
import type { ListenAddress, ServiceRegistration } from "./transport-options.js";

export interface GrpcPortOptions {
  readonly services: readonly ServiceRegistration[];
  readonly address: ListenAddress;
  readonly maxMessageBytes: number;
  readonly callLog: CallLog;
  /** See `createMessageSink`; false only to exercise grpc-js's public `write` path. */
  readonly directWrites?: boolean;
}

/** The gRPC listener once bound. */
export interface GrpcPort {
  readonly port: number;
  /**
   * Refuses new calls (GOAWAY on open connections, listener closed), waits up to `graceMs` for
   * in-flight calls, then cancels what is left. grpc-js closes idle HTTP/2 sessions itself on
   * `tryShutdown`, so an idle client does not hold shutdown up.
   */
  close(graceMs: number): Promise<void>;
}

/**
 * Starts grpc-js with every service mapped through the adapter. The message limit is set on
 * grpc-js too: the receive side can only be enforced there (before the bytes are buffered), and
 * on the send side the adapter checks first, so grpc-js's check is a backstop.
 */
export async function startGrpcPort(options: GrpcPortOptions): Promise<GrpcPort> {
  const observer = createGrpcCallObserver(options.callLog);
  const server = new Server({
    "grpc.max_receive_message_length": options.maxMessageBytes,
    "grpc.max_send_message_length": options.maxMessageBytes,
    // Not turned off, though it costs a little per call: grpc-js 1.14 tracks open sessions for
    // forceShutdown only through channelz, so without it close() could not cut off a call.
    "grpc.enable_channelz": 1,
    interceptors: [observer.interceptor],
  });
  for (const registration of options.services) {
    server.addService(
      createGrpcServiceDefinition(registration.service),
      createGrpcImplementation(registration, {
        maxMessageBytes: options.maxMessageBytes,
        reportFailure: observer.reportFailure,
        directWrites: options.directWrites,
      }),
    );
  }
  const port = await bind(server, options.address);
  let closing: Promise<void> | undefined;
  return {
    port,
    close(graceMs) {
      closing ??= shutdown(server, graceMs);
      return closing;
    },
  };
}

function bind(server: Server, address: ListenAddress): Promise<number> {
  const host = address.host.includes(":") ? `[${address.host}]` : address.host;
  return new Promise((resolve, reject) => {
    server.bindAsync(
      `${host}:${address.port}`,
      ServerCredentials.createInsecure(),
      (error, port) => {
        if (error === null) resolve(port);
        else reject(error);
      },
    );
  });
}

async function shutdown(server: Server, graceMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const drained = new Promise<boolean>((resolve) => {
    // The callback's error only says the server was not running; either way it is stopped.
    server.tryShutdown(() => resolve(true));
  });
  const expired = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), graceMs);
  });
  const finished = await Promise.race([drained, expired]);
  clearTimeout(timer);
  // Cancels the calls still running (their handlers see `signal` abort) and drops the sessions.
  if (!finished) server.forceShutdown();
}
