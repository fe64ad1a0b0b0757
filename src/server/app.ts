import type { Logger } from "pino";
import { createServices, type Services } from "../service/index.js";
import { createSqliteStore } from "../store/index.js";
import type { ListenAddress, TagrouteConfig } from "./config/index.js";
import { serviceSettingsFrom } from "./service-settings-from-config.js";
import { startTransport } from "./transport/index.js";

export const DEFAULT_STORE_PATH = "data/tagroute.db";
export const DEFAULT_GRPC: ListenAddress = { host: "127.0.0.1", port: 50051 };
export const DEFAULT_HTTP: ListenAddress = { host: "127.0.0.1", port: 8080 };

export interface StartOptions {
  readonly config: TagrouteConfig;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logger: Logger;
  /** Overrides `tagroute.store.path`. */
  readonly storePath?: string | undefined;
  /** Override the config's listen addresses (tests listen on port 0). */
  readonly grpc?: ListenAddress | undefined;
  /** `null` turns the HTTP port off. */
  readonly http?: ListenAddress | null | undefined;
  readonly shutdownGraceMs?: number | undefined;
}

export interface RunningTagroute {
  readonly grpcPort: number;
  readonly httpPort: number | undefined;
  readonly grpcHost: string;
  readonly httpHost: string | undefined;
  readonly storePath: string;
  readonly services: Services;
  /** Stops accepting calls, lets in-flight ones finish within the grace period, closes the store. */
  close(graceMs?: number): Promise<void>;
}

/** Starts tagroute: the store, the routing state over config + store, and both ports. */
export async function startTagroute(options: StartOptions): Promise<RunningTagroute> {
  const { config, logger } = options;
  const storePath = options.storePath ?? config.store.path ?? DEFAULT_STORE_PATH;
  const store = createSqliteStore({ path: storePath });
  try {
    const services = createServices({ settings: serviceSettingsFrom(config, options.env), store });
    const grpc = options.grpc ?? config.listen.grpc ?? DEFAULT_GRPC;
    const http =
      options.http === null ? undefined : (options.http ?? config.listen.http ?? DEFAULT_HTTP);
    const transport = await startTransport({
      services: services.registrations,
      grpc,
      http,
      logger,
      ...(options.shutdownGraceMs === undefined
        ? {}
        : { shutdownGraceMs: options.shutdownGraceMs }),
    });
    return {
      grpcPort: transport.grpcPort,
      httpPort: transport.httpPort,
      grpcHost: grpc.host,
      httpHost: http?.host,
      storePath,
      services,
      async close(graceMs) {
        try {
          await transport.close(graceMs);
          await services.close();
        } finally {
          store.close();
        }
      },
    };
  } catch (error) {
    store.close();
    throw error;
  }
}
