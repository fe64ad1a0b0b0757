import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** A process pinned to one core, its output in a file (no pipe to drain), with its CPU time. */
export interface BenchServer {
  readonly child: ChildProcess;
  readonly grpcPort: number;
  readonly httpPort: number | undefined;
  /** User + system CPU time of the process so far, in microseconds. */
  cpuMicros(): number;
  stop(): Promise<void>;
}

const TICK_MICROS = 10_000; // Linux USER_HZ = 100

/** `tagroute serve` on its own core. */
export async function startBenchServer(options: {
  readonly configFile: string;
  readonly dir: string;
  readonly core: number;
  readonly http?: boolean;
  readonly env?: NodeJS.ProcessEnv;
  readonly nodeArgs?: readonly string[];
}): Promise<BenchServer> {
  const script = [
    "src/cli.ts",
    "serve",
    "--config",
    options.configFile,
    "--store",
    join(options.dir, "bench.db"),
  ];
  script.push("--grpc", "127.0.0.1:0", "--http", options.http ? "127.0.0.1:0" : "off");
  return startPinned({
    script,
    core: options.core,
    logFile: join(options.dir, "server.log"),
    env: options.env,
    nodeArgs: options.nodeArgs,
  });
}

/**
 * Runs `node --import tsx SCRIPT...` pinned to one core and waits for its ready line (by default
 * tagroute's banner `gRPC  host:PORT`; the first group of `ready` is the port).
 */
export async function startPinned(options: {
  readonly script: readonly string[];
  readonly core: number;
  readonly logFile: string;
  readonly env?: NodeJS.ProcessEnv | undefined;
  readonly ready?: RegExp;
  readonly nodeArgs?: readonly string[] | undefined;
}): Promise<BenchServer> {
  const out = openSync(options.logFile, "w");
  const args = [
    "-c",
    String(options.core),
    process.execPath,
    ...(options.nodeArgs ?? []),
    "--import",
    "tsx",
    ...options.script,
  ];
  const child = spawn("taskset", args, {
    stdio: ["ignore", out, out],
    env: { ...process.env, ...options.env },
  });
  closeSync(out);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const text = readFileSync(options.logFile, "utf8");
    const grpc = (options.ready ?? /gRPC {2}\S+:(\d+)/).exec(text);
    if (grpc) {
      const http = /HTTP {2}http:\/\/\S+:(\d+)/.exec(text);
      return {
        child,
        grpcPort: Number(grpc[1]),
        httpPort: http ? Number(http[1]) : undefined,
        cpuMicros() {
          const fields =
            readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
          return (Number(fields[11]) + Number(fields[12])) * TICK_MICROS;
        },
        async stop() {
          child.kill("SIGTERM");
          await new Promise((r) => child.once("exit", r));
        },
      };
    }
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`process did not start:\n${text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
