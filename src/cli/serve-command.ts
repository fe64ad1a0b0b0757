import { parseArgs } from "node:util";
import { destination, pino } from "pino";
import { formatProblems } from "../core/index.js";
import {
  type ListenAddress,
  loadConfigFile,
  parseListenAddress,
  type RunningTagroute,
  startTagroute,
} from "../server/index.js";
import type { Output } from "./output.js";
import { EXIT_USAGE } from "./output.js";

export const SERVE_USAGE = `usage: tagroute serve --config FILE [--store PATH] [--grpc HOST:PORT] [--http HOST:PORT|off]

  Serves the gRPC port (SDK, grpcurl, buf curl) and the HTTP port (Connect JSON, gRPC-Web, curl).
  Defaults come from the config's tagroute.listen / tagroute.store, else 127.0.0.1:50051,
  127.0.0.1:8080 and data/tagroute.db. SIGTERM or SIGINT shuts down gracefully.`;

function address(text: string | undefined, flag: string): ListenAddress | undefined {
  if (text === undefined) return undefined;
  const parsed = parseListenAddress(text);
  if (parsed === undefined)
    throw new Error(`${flag} must be HOST:PORT, got ${JSON.stringify(text)}`);
  return parsed;
}

function shown(host: string, port: number): string {
  const h = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
  return h.includes(":") ? `[${h}]:${port}` : `${h}:${port}`;
}

/** The lines a newcomer needs: where it listens and three ways to call it, ready to paste. */
export function banner(file: string, running: RunningTagroute): string[] {
  const grpc = shown(running.grpcHost, running.grpcPort);
  const body = `'{"routing":{"model":"gpt-4","tags":["paid"]},"explain":true}'`;
  const lines = [
    `tagroute is serving ${file} (store ${running.storePath})`,
    `  gRPC  ${grpc}   SDK, grpcurl, buf curl (reflection and grpc.health.v1 enabled)`,
  ];
  if (running.httpPort !== undefined && running.httpHost !== undefined) {
    lines.push(
      `  HTTP  http://${shown(running.httpHost, running.httpPort)}   Connect JSON, gRPC-Web, curl`,
    );
  }
  lines.push(
    "",
    "try:",
    `  grpcurl -plaintext -d ${body} ${grpc} tagroute.v1.RoutingService/SelectDeployment`,
    `  npx buf curl --protocol grpc --http2-prior-knowledge -d ${body} http://${grpc}/tagroute.v1.RoutingService/SelectDeployment`,
  );
  if (running.httpPort !== undefined && running.httpHost !== undefined) {
    lines.push(
      `  curl -s -H 'content-type: application/json' -d ${body} http://${shown(running.httpHost, running.httpPort)}/tagroute.v1.RoutingService/SelectDeployment`,
    );
  }
  lines.push("", "Ctrl-C stops it (in-flight calls get a grace period).");
  return lines;
}

/**
 * Log lines are buffered and written in batches: 4 KiB at a time, or every 100 ms when traffic is
 * light. Writing each call's line on its own cost about a tenth of the CPU of relaying a
 * completion. pino writes out what is pending when the process exits; a SIGKILL can lose at
 * most the last 100 ms of call lines (never data: the store is separate and synchronous).
 */
const LOG_DESTINATION = { dest: 1, sync: false, minLength: 4096, periodicFlush: 100 } as const;

/** `tagroute serve`: runs until SIGTERM/SIGINT. */
export async function serveCommand(
  args: readonly string[],
  output: Output,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  let values: { config?: string; store?: string; grpc?: string; http?: string };
  let grpc: ListenAddress | undefined;
  let http: ListenAddress | null | undefined;
  try {
    values = parseArgs({
      args: [...args],
      strict: true,
      options: {
        config: { type: "string", short: "c" },
        store: { type: "string" },
        grpc: { type: "string" },
        http: { type: "string" },
      },
    }).values;
    grpc = address(values.grpc, "--grpc");
    http = values.http === "off" ? null : address(values.http, "--http");
  } catch (error) {
    output.err(`${(error as Error).message}\n\n${SERVE_USAGE}`);
    return EXIT_USAGE;
  }
  if (values.config === undefined) {
    output.err(`--config is required\n\n${SERVE_USAGE}`);
    return EXIT_USAGE;
  }
  const loaded = await loadConfigFile(values.config, { env });
  for (const notice of loaded.notices)
    output.err(`${notice.kind}: ${notice.path}: ${notice.message}`);
  if (!loaded.ok) {
    output.err(`${values.config}: invalid config\n${formatProblems(loaded.problems)}`);
    return EXIT_USAGE;
  }
  const logger = pino(
    { level: env.LOG_LEVEL ?? "info", base: { service: "tagroute" } },
    destination(LOG_DESTINATION),
  );
  const running = await startTagroute({
    config: loaded.config,
    env,
    logger,
    storePath: values.store,
    grpc,
    http,
  });
  for (const line of banner(values.config, running)) output.out(line);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        output.err(`${signal} again: exiting without waiting for in-flight calls`);
        resolve(1);
        return;
      }
      stopping = true;
      const started = Date.now();
      output.err(`${signal}: shutting down gracefully…`);
      running.close().then(
        () => {
          output.err(`stopped in ${Date.now() - started} ms`);
          resolve(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, "shutdown failed");
          resolve(1);
        },
      );
    };
    process.on("SIGTERM", () => stop("SIGTERM"));
    process.on("SIGINT", () => stop("SIGINT"));
  });
}
